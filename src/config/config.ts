/**
 * The shape of `tidemark.config.json` (SPEC §11) and its checks: an unknown key is an error
 * that names it, so a typo never silently falls back to a default.
 */
import { TidemarkError } from "../core/errors.js";
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
  /** Lint rule levels by id: `{ "rules": { "drop-table": "warning", "prefer-text": "error" } }`. */
  readonly lint?: LintConfig;
}

/** The config's `lint` key. */
export interface LintConfig {
  readonly rules?: Readonly<Record<string, LintSetting>>;
}

const TOP_KEYS: Record<keyof ConfigFile, "string" | "object"> = {
  url: "string",
  dir: "string",
  table: "string",
  environments: "object",
  compatibility: "object",
  lint: "object",
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
    hint: `Known keys: ${Object.keys(TOP_KEYS).join(", ")}; in an environment: ${Object.keys(ENV_KEYS).join(", ")}.`,
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
    if (actual !== type)
      fail(path, `"${where}${key}" must be ${article(type)}, not ${article(actual)}`);
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
