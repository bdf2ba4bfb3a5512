import type { RunReport } from "../../index.js";
import type { CliContext } from "../context.js";
import { duration } from "../render.js";

/** Runs `fn` with Ctrl-C wired to stop after the migration in flight; a second Ctrl-C quits at once. */
export async function interruptible<T>(
  ctx: CliContext,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    ctx.out.note(
      ctx.out.paint("yellow", "Stopping after the migration in flight (Ctrl-C again to quit now)…"),
    );
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

/** The summary after `up`/`down` (the per-migration lines were printed live), or the JSON report. */
export function printRunReport(ctx: CliContext, report: RunReport, elapsedMs: number): void {
  const out = ctx.out;
  if (out.options.json) {
    out.json(report);
    return;
  }
  const verb = report.direction === "up" ? "Applied" : "Rolled back";
  const n = report.steps.length;
  if (report.dryRun) {
    if (n === 0)
      out.line(
        report.direction === "up"
          ? "Nothing to apply: the database is up to date."
          : "Nothing to roll back.",
      );
    else {
      out.line(
        `Dry run: would ${report.direction === "up" ? "apply" : "roll back"} ${n} migration${n === 1 ? "" : "s"}:`,
      );
      for (const s of report.steps)
        out.line(
          `  ${s.version ?? ""}  ${s.name}${s.outOfOrder ? out.paint("yellow", "  (out of order)") : ""}`,
        );
    }
    return;
  }
  if (n === 0) {
    out.line(
      report.direction === "up"
        ? "Nothing to apply: the database is up to date."
        : "Nothing to roll back.",
    );
    return;
  }
  const stopped = report.interrupted
    ? out.paint("yellow", " Interrupted: the rest was not run.")
    : "";
  out.line(
    `${out.paint("bold", `${verb} ${n} migration${n === 1 ? "" : "s"}`)} in ${duration(elapsedMs)}.${stopped}`,
  );
}
