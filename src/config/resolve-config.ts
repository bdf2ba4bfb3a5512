/**
 * One place that decides the URL, folder and table for the CLI, the library's
 * `createMigrator()` and (later) the server. The URL's order is in resolve-url.ts (SPEC §1);
 * folder and table: flags > config file > defaults (SPEC §11). Variables are the process
 * environment over `.env` in the working folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import {
  DEFAULT_BACKUPS_DIR,
  DEFAULT_BACKUPS_KEEP,
  DEFAULT_DIR,
  DEFAULT_TABLE,
} from "../core/defaults.js";
import { messageOf, TidemarkError } from "../core/errors.js";
import { importModule } from "../core/import-module.js";
import { type ConfigFile, checkConfig, type EnvironmentConfig } from "./config.js";
import { interpolate } from "./interpolate.js";
import { chooseEnvironment, chooseUrl, type UrlSource } from "./resolve-url.js";
import { loadVariables, type Variables } from "./variables.js";

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
  /** Which rule gave the URL: `--url`, `--env`, `TIDEMARK_ENV`, `TIDEMARK_URL`, `DATABASE_URL`, `config`, `default`. */
  readonly urlSource: UrlSource;
  /** The same for people (`--env production`, `DATABASE_URL (from .env)`), for `--verbose`. */
  readonly urlFrom: string;
  readonly dir: string;
  readonly table: string;
  /** Config `schemaFile`, resolved against the config file's folder; null when not set. */
  readonly schemaFile: string | null;
  /** The config file read, if any. */
  readonly configPath: string | null;
  /** The `.env` file read, if any. */
  readonly dotenvPath: string | null;
  readonly environmentName: string | null;
  readonly environment: EnvironmentConfig | null;
  readonly file: ConfigFile | null;
  /** `backups` of the config file, its folder resolved (default `./backups`) and `keep` defaulted (10). */
  readonly backups: { readonly dir: string; readonly keep: number };
  /** Config `apps`: each app's folder resolved against the config file's folder; null without apps. */
  readonly apps: Readonly<Record<string, { readonly dir: string }>> | null;
}

const CANDIDATES = [
  "tidemark.config.json",
  "tidemark.config.js",
  "tidemark.config.mjs",
  "tidemark.config.ts",
];

/**
 * Resolves the settings for one command. `env` is the process environment (injected for
 * tests); `.env` in `cwd` is read under it. A config file that fails to load, an empty
 * variable on the URL's path or a named environment without a url is an E_CONFIG error.
 */
export async function resolveConfig(
  flags: ConfigFlags,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): Promise<ResolvedConfig> {
  const vars = loadVariables(env, cwd);
  const configPath = findConfig(flags.config, cwd);
  const raw = configPath ? checkConfig(await readConfig(configPath), configPath) : null;
  // `${VAR}` is replaced only in the values this run uses: an environment that is not selected
  // (or a URL that --url overrides) may name variables this machine does not have.
  const strict = (value: string | undefined, key: string): string | undefined =>
    value === undefined
      ? undefined
      : (interpolate(value, vars, configPath!, key, { required: true }) as string);
  const chosen = chooseEnvironment(flags.env, vars);
  const rawEnvironment = selectEnvironment(raw, chosen?.name ?? null, configPath);
  const choice = chooseUrl({
    flagUrl: flags.url,
    vars,
    environment: chosen && rawEnvironment && { ...chosen, config: rawEnvironment },
    file: raw,
    configPath,
  });
  const base = configPath ? dirname(configPath) : cwd;
  const dir = flags.dir
    ? resolve(cwd, flags.dir)
    : raw?.dir
      ? resolve(base, strict(raw.dir, "dir")!)
      : resolve(cwd, DEFAULT_DIR);
  const table = flags.table ?? strict(raw?.table, "table") ?? DEFAULT_TABLE;
  const schemaFile = raw?.schemaFile ? resolve(base, strict(raw.schemaFile, "schemaFile")!) : null;
  const file = raw && interpolatedFile(raw, vars, configPath!);
  const backupsDir = strict(raw?.backups?.dir, "backups.dir");
  const backups = {
    dir: backupsDir ? resolve(base, backupsDir) : resolve(cwd, DEFAULT_BACKUPS_DIR),
    keep: raw?.backups?.keep ?? DEFAULT_BACKUPS_KEEP,
  };
  const apps = raw?.apps
    ? Object.fromEntries(
        Object.entries(raw.apps).map(([name, app]) => [
          name,
          { dir: resolve(base, strict(app.dir, `apps.${name}.dir`)!) },
        ]),
      )
    : null;
  const environment =
    rawEnvironment &&
    (interpolate(rawEnvironment, vars, configPath!, "", { required: false }) as EnvironmentConfig);
  return {
    url: choice.url,
    urlSource: choice.source,
    urlFrom: choice.from,
    dir,
    table,
    schemaFile,
    configPath,
    dotenvPath: vars.dotenvPath,
    environmentName: chosen?.name ?? null,
    environment,
    file,
    backups,
    apps,
  };
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
function interpolatedFile(raw: ConfigFile, vars: Variables, path: string): ConfigFile {
  const file = interpolate(raw, vars, path, "", { required: false }) as ConfigFile;
  const required = { required: true };
  const compatibility =
    raw.compatibility &&
    (interpolate(
      raw.compatibility,
      vars,
      path,
      "compatibility",
      required,
    ) as ConfigFile["compatibility"]);
  const lint =
    raw.lint && (interpolate(raw.lint, vars, path, "lint", required) as ConfigFile["lint"]);
  return { ...file, ...(compatibility && { compatibility }), ...(lint && { lint }) };
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
