import { formatHuman, formatJson, type LintReport, TidemarkError } from "../../index.js";
import type { CliContext } from "../context.js";

/** What `up` keeps of its lint: the report, once the run has linted what it applies. */
export interface UpLint {
  /** The report the run handed over; null when there was nothing to apply (nothing linted). */
  report: LintReport | null;
  /** For `migrator.up({ lint })`: prints the findings and decides whether the run may go on. */
  readonly hook: (report: LintReport) => void;
}

/**
 * `up` lints what it is about to apply and prints the findings first (stderr; under --json they
 * go into the run's document). On a protected environment an error-level finding stops the run
 * before anything is applied, unless --force-unsafe. The migrator lints the plan it made from
 * its own look at the folder and the database, so linting costs no second look.
 */
export async function upLint(
  ctx: CliContext,
  forceUnsafe: boolean,
  dryRun: boolean,
): Promise<UpLint> {
  const config = await ctx.config();
  const lint: UpLint = {
    report: null,
    hook: (report) => {
      // A plain `up` over apps lints each app's run as it comes: the document holds them all.
      const all = lint.report === null ? report : joined(lint.report, report);
      lint.report = all;
      const failure = ctx.failureJson;
      ctx.failureJson = () => ({ ...failure?.(), lint: formatJson(all) });
      if (report.findings.length > 0 && !ctx.out.options.json) {
        for (const line of formatHuman(report.findings, (c, t) => ctx.out.paint(c, t)))
          ctx.out.note(line);
      }
      if (report.errors > 0 && config.environment?.protected && !forceUnsafe && !dryRun) {
        throw new TidemarkError(
          "E_LINT",
          `up stopped: ${report.errors} error-level lint finding${report.errors === 1 ? "" : "s"} on protected environment "${config.environmentName}"; nothing was applied`,
          {
            hint: "Fix the migration, disable the rule for one statement with `-- tidemark:disable-next <rule>`, or pass --force-unsafe.",
          },
        );
      }
    },
  };
  return lint;
}

/** The lint part of `up --json`: the run's report, or an empty one when nothing was linted. */
export async function upLintJson(ctx: CliContext, lint: UpLint): Promise<unknown> {
  const migrator = await ctx.migrator();
  const report: LintReport = lint.report ?? {
    mode: "pending",
    database: true,
    dialect: await migrator.engine(),
    migrations: 0,
    findings: [],
    errors: 0,
    warnings: 0,
    notes: 0,
  };
  return formatJson(report);
}

/** Two runs' lint reports as one (an `up` over apps: one run per stretch of one app). */
function joined(a: LintReport, b: LintReport): LintReport {
  return {
    ...b,
    migrations: a.migrations + b.migrations,
    findings: [...a.findings, ...b.findings],
    errors: a.errors + b.errors,
    warnings: a.warnings + b.warnings,
    notes: a.notes + b.notes,
  };
}
