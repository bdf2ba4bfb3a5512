import {
  formatHuman,
  formatJson,
  type LintReport,
  TidemarkError,
  type UpOptions,
} from "../../index.js";
import type { CliContext } from "../context.js";

/**
 * `up` lints what it is about to apply and prints the findings first (stderr; under --json they
 * go into the run's document). On a protected environment an error-level finding stops the run
 * before anything is applied, unless --force-unsafe.
 */
export async function lintBeforeUp(
  ctx: CliContext,
  options: UpOptions,
  forceUnsafe: boolean,
): Promise<LintReport> {
  const migrator = await ctx.migrator();
  const config = await ctx.config();
  let report: LintReport;
  try {
    report = await migrator.lint({
      app: options.app,
      to: options.to,
      step: options.step,
      allowOutOfOrder: options.allowOutOfOrder,
      resume: options.resume,
      singleTransaction: options.singleTransaction,
    });
  } catch (err) {
    // A `running` or failed row read before the lock may be another deployer's run in flight:
    // the run decides under the lock (and waits for it). A protected environment never runs
    // what could not be linted.
    if (!(err instanceof TidemarkError) || err.code !== "E_FAILED_STATE") throw err;
    if (config.environment?.protected) throw err;
    report = {
      mode: "pending",
      database: true,
      dialect: await migrator.engine(),
      migrations: 0,
      findings: [],
      errors: 0,
      warnings: 0,
      notes: 0,
    };
  }
  const failure = ctx.failureJson;
  ctx.failureJson = () => ({ ...failure?.(), lint: formatJson(report) });
  if (report.findings.length > 0 && !ctx.out.options.json) {
    for (const line of formatHuman(report.findings, (c, t) => ctx.out.paint(c, t)))
      ctx.out.note(line);
  }
  if (report.errors > 0 && config.environment?.protected && !forceUnsafe && !options.dryRun) {
    throw new TidemarkError(
      "E_LINT",
      `up stopped: ${report.errors} error-level lint finding${report.errors === 1 ? "" : "s"} on protected environment "${config.environmentName}"; nothing was applied`,
      {
        hint: "Fix the migration, disable the rule for one statement with `-- tidemark:disable-next <rule>`, or pass --force-unsafe.",
      },
    );
  }
  return report;
}
