/** Lints SQL text without files or a database: each text is one migration, in order. */
import { OFFLINE_URLS } from "../../src/core/validate.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { lintMigrations } from "../../src/lint/engine.js";
import { standaloneMigration } from "../../src/lint/lint-run.js";
import type { LintFinding, LintSetting } from "../../src/lint/types.js";

export interface LintTextOptions {
  readonly syntax?: "postgres" | "mysql" | "sqlite";
  /** Migrations before the linted one (in the same run when `run`). */
  readonly earlier?: readonly string[];
  readonly run?: boolean;
  readonly rules?: Readonly<Record<string, LintSetting>>;
  readonly singleTransaction?: boolean;
}

/** `up` (and `down`) as a file with markers; a null down writes no down section. */
export function migrationText(up: string, down: string | null = "SELECT 1;"): string {
  return down === null
    ? `-- migrate:up\n${up}\n`
    : `-- migrate:up\n${up}\n-- migrate:down\n${down}\n`;
}

/** The findings of the last text (`earlier` ones are linted too, their findings dropped). */
export async function lintText(
  text: string,
  options: LintTextOptions = {},
): Promise<LintFinding[]> {
  const dialect = await resolveDialect(OFFLINE_URLS[options.syntax ?? "postgres"]);
  const earlier = (options.earlier ?? []).map((t, i) => standaloneMigration(t, `${i}_earlier.sql`));
  const target = standaloneMigration(text, "9_target.sql");
  const findings = await lintMigrations([...earlier, target], {
    dialect,
    rules: options.rules ?? {},
    run: options.run ?? false,
    singleTransaction: options.singleTransaction,
  });
  return findings.filter((f) => f.file === "9_target.sql");
}

/** The rule ids of the findings, sorted. */
export async function ruleIds(text: string, options: LintTextOptions = {}): Promise<string[]> {
  return (await lintText(text, options)).map((f) => f.rule).sort();
}
