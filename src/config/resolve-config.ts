/**
 * One place that decides the URL, folder and table for the CLI and (later) the server:
 * flags > TIDEMARK_URL > DATABASE_URL > config file (its environment) > defaults (SPEC §1, §11).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL } from "../core/defaults.js";
import { messageOf, TidemarkError } from "../core/errors.js";
import { importModule } from "../core/import-module.js";
import { type ConfigFile, checkConfig, type EnvironmentConfig } from "./config.js";

type TsxApi = typeof import("tsx/esm/api");

export interface ConfigFlags {
  readonly url?: string;
  readonly dir?: string;
  readonly table?: string;
  readonly config?: string;
  readonly env?: string;
}

export interface ResolvedConfig {
  readonly url: string;
  /** Where the URL came from, for messages ("--url", "TIDEMARK_URL", "config", "default"). */
  readonly urlSource: string;
  readonly dir: string;
  readonly table: string;
  /** The config file read, if any. */
  readonly configPath: string | null;
  readonly environmentName: string | null;
  readonly environment: EnvironmentConfig | null;
  readonly file: ConfigFile | null;
}

const CANDIDATES = [
  "tidemark.config.json",
  "tidemark.config.js",
  "tidemark.config.mjs",
  "tidemark.config.ts",
];

/** Resolves the settings for one command. `env` is the process environment (injected for tests). */
export async function resolveConfig(
  flags: ConfigFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): Promise<ResolvedConfig> {
  const configPath = findConfig(flags.config, cwd);
  const raw = configPath ? checkConfig(await readConfig(configPath), configPath) : null;
  // `${VAR}` is replaced only in the values this run uses: an environment that is not selected
  // (or a URL that --url overrides) may name variables this machine does not have.
  const strict = (value: string | undefined, key: string): string | undefined =>
    value === undefined ? undefined : (interpolate(value, env, configPath!, true, key) as string);
  const environmentName = flags.env ?? env.TIDEMARK_ENV ?? null;
  const rawEnvironment = selectEnvironment(raw, environmentName, configPath);
  const [url, urlSource] = pick([
    [() => flags.url, "--url"],
    [() => env.TIDEMARK_URL, "TIDEMARK_URL"],
    [() => env.DATABASE_URL, "DATABASE_URL"],
    [
      () => strict(rawEnvironment?.url, `environments.${environmentName}.url`),
      `config (${environmentName})`,
    ],
    [() => strict(raw?.url, "url"), "config"],
  ]);
  const base = configPath ? dirname(configPath) : cwd;
  const dir = flags.dir
    ? resolve(cwd, flags.dir)
    : raw?.dir
      ? resolve(base, strict(raw.dir, "dir")!)
      : resolve(cwd, DEFAULT_DIR);
  const table = flags.table ?? strict(raw?.table, "table") ?? DEFAULT_TABLE;
  const file = raw && interpolatedFile(raw, env, configPath!);
  const environment =
    rawEnvironment &&
    (interpolate(rawEnvironment, env, configPath!, false, "") as EnvironmentConfig);
  return { url, urlSource, dir, table, configPath, environmentName, environment, file };
}

/** The environment `name` of the file (null when no name); E_CONFIG listing the known ones. */
function selectEnvironment(
  file: ConfigFile | null,
  name: string | null,
  configPath: string | null,
): EnvironmentConfig | null {
  if (!name) return null;
  const environment = file?.environments?.[name];
  if (environment) return environment;
  const known = Object.keys(file?.environments ?? {});
  throw new TidemarkError("E_CONFIG", `Unknown environment "${name}"`, {
    file: configPath ?? undefined,
    hint:
      known.length > 0
        ? `Known environments: ${known.join(", ")}.`
        : "Define it under `environments` in tidemark.config.json.",
  });
}

/**
 * The file with `${VAR}` replaced where the variable is set (left as written elsewhere);
 * `compatibility` and `lint` are always used, so an unset variable there is an error.
 */
function interpolatedFile(
  raw: ConfigFile,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): ConfigFile {
  const file = interpolate(raw, env, path, false, "") as ConfigFile;
  const compatibility =
    raw.compatibility &&
    (interpolate(
      raw.compatibility,
      env,
      path,
      true,
      "compatibility",
    ) as ConfigFile["compatibility"]);
  const lint = raw.lint && (interpolate(raw.lint, env, path, true, "lint") as ConfigFile["lint"]);
  return { ...file, ...(compatibility && { compatibility }), ...(lint && { lint }) };
}

function pick(
  options: ReadonlyArray<readonly [() => string | undefined, string]>,
): [string, string] {
  for (const [get, source] of options) {
    const value = get();
    if (value !== undefined && value !== "") return [value, source];
  }
  return [DEFAULT_URL, "default"];
}

function findConfig(explicit: string | undefined, cwd: string): string | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw new TidemarkError("E_CONFIG", `Config file ${explicit} does not exist`, {
        hint: "Check the --config path, or run `tidemark init` to write one.",
      });
    return path;
  }
  for (const name of CANDIDATES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return null;
}

async function readConfig(path: string): Promise<unknown> {
  if (path.endsWith(".json")) {
    const text = readFileSync(path, "utf8");
    try {
      return JSON.parse(text);
    } catch (err) {
      const at = /at position (\d+)/.exec(messageOf(err));
      const where = at ? lineAndColumn(text, Number(at[1])) : {};
      throw new TidemarkError("E_CONFIG", `not valid JSON: ${messageOf(err)}`, {
        file: path,
        ...where,
        cause: err,
      });
    }
  }
  try {
    const href = pathToFileURL(path).href;
    const mod = path.endsWith(".ts")
      ? await ((await importModule("tsx/esm/api")) as TsxApi).tsImport(href, import.meta.url)
      : await importModule(href);
    return (mod as { default?: unknown }).default ?? mod;
  } catch (err) {
    throw new TidemarkError("E_CONFIG", `cannot load the config file: ${messageOf(err)}`, {
      file: path,
      cause: err,
    });
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return {
    line: before.split("\n").length,
    column: offset - (before.lastIndexOf("\n") + 1) + 1,
  };
}

/**
 * Replaces `${VAR}` in every string of `value` (found at `key` in the file). An unset variable
 * is an error naming it and the key when `required`; otherwise the text is left as written.
 */
function interpolate(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
  required: boolean,
  key: string,
): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      const v = env[name];
      if (v !== undefined) return v;
      if (!required) return whole;
      throw new TidemarkError("E_CONFIG", `"${key}" uses \${${name}}, which is not set`, {
        file: path,
        hint: `Set ${name} in the environment.`,
      });
    });
  }
  const at = (k: string | number) => (key === "" ? String(k) : `${key}.${k}`);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, path, required, at(i)));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path, required, at(k))]),
    );
  }
  return value;
}
