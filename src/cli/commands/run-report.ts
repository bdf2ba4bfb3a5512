import type { PlannedStep, RunReport, StepResult } from "../../index.js";
import type { CliContext } from "../context.js";
import { duration, type Output, plural, stepLine, stepWidths } from "../render.js";

const STOPPING = {
  SIGINT: "Stopping after the migration in flight (Ctrl-C again to quit now)…",
  SIGTERM: "Terminated: stopping after the migration in flight (a second signal quits now)…",
} as const;

/**
 * Runs `fn` with Ctrl-C (or SIGTERM, as a deployer's supervisor sends it) wired to stop after
 * the migration in flight; a second signal quits at once.
 */
export async function interruptible<T>(
  ctx: CliContext,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = (signal: keyof typeof STOPPING) => {
    if (controller.signal.aborted) process.exit(signal === "SIGINT" ? 130 : 143);
    controller.abort();
    ctx.out.note(ctx.out.paint("yellow", STOPPING[signal]));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await fn(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/**
 * Makes a failed `up`/`down` still print one JSON document: the steps that completed (as the
 * migrator's events reported them) with the error. Under --single-transaction a failure rolls
 * the whole batch back, so no step stays.
 */
export function reportOnFailure(
  ctx: CliContext,
  direction: "up" | "down",
  flags: { readonly dryRun?: boolean; readonly singleTransaction?: boolean },
): void {
  ctx.failureJson = () => ({
    direction,
    dryRun: flags.dryRun === true,
    steps: flags.singleTransaction ? [] : ctx.runs.flatMap((run) => run.steps),
    interrupted: false,
  });
}

/**
 * The summary after `up`/`down` (the per-migration lines were printed live), or the JSON report
 * (with `extra` fields). A dry run's plan is headed "Dry run: would …", or `lead` ("Plan: will")
 * before a real run.
 */
export function printRunReport(
  ctx: CliContext,
  report: RunReport,
  elapsedMs: number,
  extra: Record<string, unknown> = {},
  lead = "Dry run: would",
): void {
  const out = ctx.out;
  if (out.options.json) {
    out.json({ ...report, ...extra });
    return;
  }
  const n = report.steps.length;
  if (n === 0) {
    out.line(
      report.direction === "up"
        ? "Nothing to apply: the database is up to date."
        : "Nothing to roll back.",
    );
    return;
  }
  if (report.dryRun) {
    printPlan(out, report, lead);
    return;
  }
  const verb = report.direction === "up" ? "Applied" : "Rolled back";
  const stopped = report.interrupted
    ? out.paint("yellow", " Interrupted: the rest was not run.")
    : "";
  out.line(
    `${out.paint("bold", `${verb} ${plural(n, "migration")}`)} in ${duration(elapsedMs)}.${stopped}`,
  );
  printSchemaFile(out, report);
}

/** Where config `schemaFile` was written, or the one error line of a failed write. */
function printSchemaFile(out: Output, report: RunReport): void {
  const file = report.schemaFile;
  if (file === undefined) return;
  if (file.error === undefined) {
    out.line(out.paint("gray", `Schema written to ${file.path}.`));
    return;
  }
  const what = report.direction === "up" ? "applied" : "rolled back";
  process.stderr.write(
    `${out.redact(`${out.paint("red", "error:")} schemaFile ${file.path} not written: ${file.error} (the migrations stay ${what}; run \`tidemark schema --out ${file.path}\` to write it)`)}\n`,
  );
}

/** The exit code of a run: 1 when it was interrupted or `schemaFile` could not be written. */
export function runExitCode(report: RunReport): number {
  return report.interrupted || report.schemaFile?.error !== undefined ? 1 : 0;
}

/** A dry run's steps, aligned like `up`'s progress lines, each with the SQL it would run. */
function printPlan(out: Output, report: RunReport, lead: string): void {
  const verb = report.direction === "up" ? "apply" : "roll back";
  out.line(`${lead} ${verb} ${plural(report.steps.length, "migration")}:`);
  const widths = stepWidths(report.steps);
  for (const step of report.steps) {
    const late = step.outOfOrder ? out.paint("yellow", "(out of order)") : "";
    out.line(stepLine(report.direction === "up" ? "→" : "↩", step, widths, late));
    const planned = asPlanned(step);
    if (planned === undefined) continue;
    const indent = "      ";
    if (planned.note) out.line(out.paint("gray", `${indent}-- ${planned.note}`));
    for (const text of (planned.sql ?? "").split(/\r?\n/)) {
      if (text.trim() !== "") out.line(`${indent}${text}`);
    }
  }
}

function asPlanned(step: StepResult): PlannedStep | undefined {
  return "sql" in step ? (step as PlannedStep) : undefined;
}
