/**
 * The shape of `tidemark.config.json` (SPEC §11) and its checks: an unknown key is an error
 * that names it, so a typo never silently falls back to a default.
 */
import { APP_NAME } from "../core/app-ref.js";
import { TidemarkError } from "../core/errors.js";
import type { TargetsConfig } from "../fleet/targets.js";
import { LINT_RULE_IDS, unknownRule } from "../lint/rule-ids.js";
import type { LintSetting } from "../lint/types.js";
import { checkCompatibility } from "../ops/compatibility.js";

export interface EnvironmentConfig {
  readonly url?: string;
  /** `up`, `down`, `repair` and `restore` ask for confirmation (or --yes). */
  readonly protected?: boolean;
  readonly backupBefore?: boolean;
  /** lock_timeout for this environment, in milliseconds. */
  readonly lockTimeout?: number;
}

/** Where backups go and how many are kept (`tidemark backup`, `backupBefore`). */
export interface BackupsConfig {
  /** Folder of the backups, relative to the config file. Default `./backups`. */
  readonly dir?: string;
  /** Backups kept per database and environment; older ones are removed after a new one. Default 10. */
  readonly keep?: number;
}

export interface ConfigFile {
  readonly url?: string;
  readonly dir?: string;
  readonly table?: string;
  readonly environments?: Readonly<Record<string, EnvironmentConfig>>;
  /**
   * App version or range (`1.x`, `^1.1.0`, `>=1.2 <2`, `1.0.0 - 1.3.0`) → the database versions
   * it runs on (a version, a list, `>=20250101`, `20250101..20250301`, `*`): `tidemark compat`,
   * `migrator.compatibility()`.
   */
  readonly compatibility?: Readonly<Record<string, string | readonly string[]>>;
  /** Where the schema as SQL is written after every `up`/`down` that changed something (relative to the config file). */
  readonly schemaFile?: string;
  readonly backups?: BackupsConfig;
  /** Lint rule levels by id: `{ "rules": { "drop-table": "warning", "prefer-text": "error" } }`. */
  readonly lint?: LintConfig;
  /**
   * The databases `up`, `down`, `status`, `check` and `validate` fan out to (SPEC §12): a list
   * of URLs, `{ "file": "targets.txt" }`, or `{ "url": …, "schemasQuery": … }`.
   */
  readonly targets?: TargetsConfig;
  /**
   * Migration sets per module (SPEC §12 "Apps"): app name → its folder, relative to the config
   * file (`{ "accounts": { "dir": "src/accounts/migrations" } }`). With it, `dir` is not read.
   */
  readonly apps?: Readonly<Record<string, AppConfig>>;
}

/** One app of the config's `apps`. */
export interface AppConfig {
  /** The app's migrations folder, relative to the config file. */
  readonly dir: string;
}

/** The config's `lint` key. */
export interface LintConfig {
  readonly rules?: Readonly<Record<string, LintSetting>>;
}

const TOP_KEYS: Record<keyof ConfigFile, string> = {
  url: "string",
  dir: "string",
  table: "string",
  environments: "object",
  compatibility: "object",
  lint: "object",
  schemaFile: "string",
  backups: "object",
  targets: "array|object",
  apps: "object",
};

const BACKUP_KEYS: Record<keyof BackupsConfig, "string" | "number"> = {
  dir: "string",
  keep: "number",
};

const ENV_KEYS: Record<keyof EnvironmentConfig, "string" | "boolean" | "number"> = {
  url: "string",
  protected: "boolean",
  backupBefore: "boolean",
  lockTimeout: "number",
};

const LINT_LEVELS: readonly unknown[] = ["off", "warning", "error"];

function fail(path: string, message: string): never {
  throw new TidemarkError("E_CONFIG", message, {
    file: path,
    hint: `Known keys: ${Object.keys(TOP_KEYS).join(", ")}; in an environment: ${Object.keys(ENV_KEYS).join(", ")}; in backups: ${Object.keys(BACKUP_KEYS).join(", ")}.`,
  });
}

/** `string`, `number`, `boolean`, `object`, `array` or `null`: what a JSON value is. */
function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function checkKeys(
  value: Record<string, unknown>,
  known: Record<string, string>,
  where: string,
  path: string,
) {
  for (const [key, v] of Object.entries(value)) {
    const type = known[key];
    if (!type) fail(path, `unknown key "${where}${key}"`);
    const actual = kindOf(v);
    if (!type.split("|").includes(actual))
      fail(
        path,
        `"${where}${key}" must be ${type.split("|").map(article).join(" or ")}, not ${article(actual)}`,
      );
  }
}

/** Checks a parsed config file and returns it typed; throws E_CONFIG naming the first bad key. */
export function checkConfig(raw: unknown, path: string): ConfigFile {
  if (kindOf(raw) !== "object") fail(path, "must hold a JSON object");
  const config = raw as Record<string, unknown>;
  checkKeys(config, TOP_KEYS, "", path);
  const envs = (config.environments ?? {}) as Record<string, unknown>;
  for (const [name, env] of Object.entries(envs)) {
    if (kindOf(env) !== "object")
      fail(path, `"environments.${name}" must be an object, not ${article(kindOf(env))}`);
    checkKeys(env as Record<string, unknown>, ENV_KEYS, `environments.${name}.`, path);
  }
  const compatibility = (config.compatibility ?? {}) as Record<string, unknown>;
  for (const [app, versions] of Object.entries(compatibility)) {
    const ok =
      typeof versions === "string" ||
      (Array.isArray(versions) && versions.every((v) => typeof v === "string"));
    if (!ok)
      fail(
        path,
        `"compatibility.${app}" must be a version or a list of versions, not ${article(kindOf(versions))}`,
      );
  }
  // Entries with ${VAR} are read once the variables are in (resolveConfig).
  const literal = Object.entries(compatibility).filter(([k, v]) => !`${k}${v}`.includes("${"));
  try {
    checkCompatibility(Object.fromEntries(literal) as ConfigFile["compatibility"] & object);
  } catch (err) {
    fail(path, `"compatibility": ${(err as Error).message}`);
  }
  checkLint(config.lint, path);
  checkBackups(config.backups, path);
  if (config.targets !== undefined) checkTargets(config.targets, path);
  if (config.apps !== undefined) checkApps(config.apps as Record<string, unknown>, path);
  return config as ConfigFile;
}

/** `lint: { rules: { <id>: "off" | "warning" | "error" } }`, every id a known rule. */
function checkLint(lint: unknown, path: string): void {
  if (lint === undefined) return;
  checkKeys(lint as Record<string, unknown>, { rules: "object" }, "lint.", path);
  const rules = ((lint as { rules?: unknown }).rules ?? {}) as Record<string, unknown>;
  for (const [rule, level] of Object.entries(rules)) {
    if (!LINT_RULE_IDS.includes(rule))
      throw new TidemarkError("E_CONFIG", `"lint.rules.${rule}": ${unknownRule(rule)}`, {
        file: path,
        hint: `Known rules: ${LINT_RULE_IDS.join(", ")}.`,
      });
    if (!LINT_LEVELS.includes(level))
      fail(
        path,
        `"lint.rules.${rule}" must be "off", "warning" or "error", not ${JSON.stringify(level)}`,
      );
  }
}

function checkBackups(backups: unknown, path: string): void {
  if (backups === undefined) return;
  checkKeys(backups as Record<string, unknown>, BACKUP_KEYS, "backups.", path);
  const keep = (backups as BackupsConfig).keep;
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
    fail(path, `"backups.keep" must be a whole number of at least 1, not ${keep}`);
}

/** `apps: { <name>: { "dir": "…" } }`: at least one app, each name an app name, each with a folder. */
function checkApps(apps: Record<string, unknown>, path: string): void {
  const names = Object.keys(apps);
  if (names.length === 0)
    fail(path, '"apps" names no app; write { "accounts": { "dir": "src/accounts/migrations" } }');
  for (const name of names) {
    if (!APP_NAME.test(name))
      fail(
        path,
        `"apps.${name}": an app name is a letter, then letters, digits, "_" or "-" (it cannot start with a digit: \`down 0003\` is a version)`,
      );
    const app = apps[name];
    if (kindOf(app) !== "object")
      fail(path, `"apps.${name}" must be an object, not ${article(kindOf(app))}`);
    checkKeys(app as Record<string, unknown>, { dir: "string" }, `apps.${name}.`, path);
    const dir = (app as { dir?: string }).dir;
    if (dir === undefined || dir.trim() === "")
      fail(path, `"apps.${name}" names no "dir" (the app's migrations folder)`);
  }
}

const TARGETS_FORMS =
  'a list of URLs, { "file": "targets.txt" } or { "url": "postgres://…", "schemasQuery": "SELECT nspname FROM …" }';

/** `targets` is one of its three forms, each value a string. */
function checkTargets(targets: unknown, path: string): void {
  const strings = (values: unknown[]) => values.every((v) => typeof v === "string");
  const keys = Array.isArray(targets) ? [] : Object.keys(targets as object).sort();
  const ok = Array.isArray(targets)
    ? strings(targets)
    : (keys.join() === "file" || keys.join() === "schemasQuery,url") &&
      strings(Object.values(targets as object));
  if (!ok) fail(path, `"targets" must be ${TARGETS_FORMS}`);
}
