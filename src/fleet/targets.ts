/**
 * Which databases a fan-out runs on (SPEC §12): a list of URLs, a file of URLs (one a line,
 * `#` comments), or a query that lists schemas on an engine that has them. Each schema becomes
 * the URL with `?schema=<name>`: its tracking tables live inside it and its migrations run with
 * it as the whole search_path, so unqualified DDL lands in the tenant's schema.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { messageOf, TidemarkError } from "../core/errors.js";
import { TOOL_VERSION } from "../core/tool-version.js";
import { resolveDialect } from "../dialects/registry.js";
import { redactUrl } from "../dialects/url.js";

/** One database (or schema) of a fan-out. */
export interface FleetTarget {
  /** What progress lines and reports call it: the schema name, or the URL redacted. */
  readonly name: string;
  /** The URL a migrator connects with (it may hold a password: never show it). */
  readonly url: string;
  /** For a target of a schema query: its schema (where its tracking tables live). */
  readonly schema?: string;
}

/** The `targets` of the config file: one of three forms. */
export type TargetsConfig =
  | readonly string[]
  | { readonly file: string }
  | { readonly url: string; readonly schemasQuery: string };

/** A URL as a target: named by the URL with its password hidden. */
export function urlTarget(url: string): FleetTarget {
  return { name: redactUrl(url), url };
}

/**
 * The URLs of a targets file: one a line; blank lines and `#` comments (whole lines, or after
 * white space) are skipped. E_CONFIG when the file cannot be read.
 */
export function readTargetsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new TidemarkError("E_CONFIG", `Cannot read the targets file: ${messageOf(err)}`, {
      file: path,
      hint: "Give a file with one database URL a line (# starts a comment).",
    });
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "");
}

/**
 * The targets of `config`; a file is read relative to `base` (the config file's folder). A
 * schema query connects once, lists the schemas and closes before anything runs. The same URL
 * twice is an E_CONFIG error (two runs would queue on one lock and report it twice).
 */
export async function resolveTargets(
  config: TargetsConfig,
  base: string,
): Promise<readonly FleetTarget[]> {
  const targets = isUrlList(config)
    ? config.map(urlTarget)
    : "file" in config
      ? readTargetsFile(resolve(base, config.file)).map(urlTarget)
      : await schemaTargets(config.url, config.schemasQuery);
  for (const t of targets) {
    const unset = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(t.url);
    if (unset)
      throw new TidemarkError(
        "E_CONFIG",
        `The target ${t.name} uses \${${unset[1]}}, which is not set`,
        {
          hint: `Set ${unset[1]} in the environment or in .env.`,
        },
      );
  }
  return unique(targets);
}

/**
 * One target per schema that `query` lists (its first column) on the database at `url`, in
 * the order the query returns them (add ORDER BY to choose it).
 */
export async function schemaTargets(url: string, query: string): Promise<FleetTarget[]> {
  const dialect = await resolveDialect(url);
  if (!dialect.capabilities.schemas)
    throw new TidemarkError(
      "E_CONFIG",
      `targets.schemasQuery needs a database with schemas; ${dialect.displayUrl} has none`,
      { hint: 'List the databases as URLs instead: a list, or { "file": "targets.txt" }.' },
    );
  if (/[?&]schema=/i.test(url))
    throw new TidemarkError(
      "E_CONFIG",
      `targets.url ${dialect.displayUrl} names a schema; each schema the query lists is a target`,
      { hint: "Remove ?schema= from targets.url." },
    );
  const conn = await dialect.connect({
    applicationName: `tidemark ${TOOL_VERSION} targets`,
    readOnly: true,
  });
  let rows: Record<string, unknown>[];
  try {
    rows = await conn.query(query);
  } catch (err) {
    throw new TidemarkError("E_CONFIG", `targets.schemasQuery failed: ${messageOf(err)}`, {
      cause: err,
      hint: "It must return the schema names in its first column, e.g. SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant_%' ORDER BY 1.",
    });
  } finally {
    await conn.close();
  }
  const join = url.includes("?") ? "&" : "?";
  return rows.map((row) => {
    const schema = String(Object.values(row)[0]);
    return { name: schema, schema, url: `${url}${join}schema=${encodeURIComponent(schema)}` };
  });
}

function isUrlList(config: TargetsConfig): config is readonly string[] {
  return Array.isArray(config);
}

function unique(targets: readonly FleetTarget[]): readonly FleetTarget[] {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.url))
      throw new TidemarkError("E_CONFIG", `The target ${t.name} is listed twice`, {
        hint: "List each database once.",
      });
    seen.add(t.url);
  }
  return targets;
}
