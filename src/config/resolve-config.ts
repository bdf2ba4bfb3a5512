/**
 * One place that decides the URL, folder and table for the CLI and (later) the server:
 * flags > TIDEMARK_URL > DATABASE_URL > config file (its environment) > defaults (SPEC §1, §11).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL } from "../core/defaults.js";
import { messageOf, TidemarkError } from "../core/errors.js";
import { type ConfigFile, checkConfig, type EnvironmentConfig } from "./config.js";

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
  const file = configPath
    ? checkConfig(interpolate(await readConfig(configPath), env, configPath), configPath)
    : null;
  const environmentName = flags.env ?? env.TIDEMARK_ENV ?? null;
  let environment: EnvironmentConfig | null = null;
  if (environmentName) {
    environment = file?.environments?.[environmentName] ?? null;
    if (!environment) {
      const known = Object.keys(file?.environments ?? {});
      throw new TidemarkError("E_CONFIG", `Unknown environment "${environmentName}"`, {
        file: configPath ?? undefined,
        hint:
          known.length > 0
            ? `Known environments: ${known.join(", ")}.`
            : "Define it under `environments` in tidemark.config.json.",
      });
    }
  }
  const base = configPath ? dirname(configPath) : cwd;
  const [url, urlSource] = pick([
    [flags.url, "--url"],
    [env.TIDEMARK_URL, "TIDEMARK_URL"],
    [env.DATABASE_URL, "DATABASE_URL"],
    [environment?.url, `config (${environmentName})`],
    [file?.url, "config"],
    [DEFAULT_URL, "default"],
  ]);
  const dir = flags.dir
    ? resolve(cwd, flags.dir)
    : file?.dir
      ? resolve(base, file.dir)
      : resolve(cwd, DEFAULT_DIR);
  const table = flags.table ?? file?.table ?? DEFAULT_TABLE;
  return { url, urlSource, dir, table, configPath, environmentName, environment, file };
}

function pick(options: ReadonlyArray<readonly [string | undefined, string]>): [string, string] {
  for (const [value, source] of options)
    if (value !== undefined && value !== "") return [value, source];
  return [DEFAULT_URL, "default"];
}

function findConfig(explicit: string | undefined, cwd: string): string | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw new TidemarkError("E_CONFIG", `Config file ${explicit} does not exist`);
    return path;
  }
  for (const name of CANDIDATES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  return null;
}

async function readConfig(path: string): Promise<unknown> {
  try {
    if (path.endsWith(".json")) return JSON.parse(readFileSync(path, "utf8"));
    const href = pathToFileURL(path).href;
    const mod = path.endsWith(".ts")
      ? await (await import("tsx/esm/api")).tsImport(href, import.meta.url)
      : await import(href);
    return (mod as { default?: unknown }).default ?? mod;
  } catch (err) {
    throw new TidemarkError("E_CONFIG", `Cannot read config file ${path}: ${messageOf(err)}`, {
      file: path,
      cause: err,
    });
  }
}

/** Replaces `${VAR}` in every string; an unset variable is an error naming it. */
function interpolate(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined) {
        throw new TidemarkError("E_CONFIG", `Config file uses \${${name}}, which is not set`, {
          file: path,
          hint: `Set ${name} in the environment.`,
        });
      }
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env, path));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, path)]),
    );
  }
  return value;
}
