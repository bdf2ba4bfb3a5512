/**
 * How a fleet run reads: one line per target as it settles, the summary with each failure
 * listed, or one JSON document with an entry per target (each command's own shape) and counts.
 */
import type { FleetEntry, FleetReport } from "../index.js";
import type { CliContext } from "./context.js";
import type { FleetSpec } from "./fleet.js";
import { duration, errorJson, plural } from "./render.js";

/** A target's progress line: `✓ tenant_042  3 applied  1.2 s` or `✗ tenant_007  failed: …`. */
export function printEntry<R>(
  ctx: CliContext,
  entry: FleetEntry<R>,
  spec: FleetSpec<R>,
  width: number,
) {
  const { out } = ctx;
  if (entry.status === "skipped") return;
  const name = entry.target.padEnd(width);
  const time = out.paint("gray", duration(entry.durationMs));
  if (entry.status === "failed") {
    out.line(`${out.paint("red", "✗")} ${name}  failed: ${oneLine(entry.error)}  ${time}`);
    return;
  }
  const { text, warn } = spec.describe(entry.result);
  out.line(
    `${warn ? out.paint("yellow", "!") : out.paint("green", "✓")} ${name}  ${text}  ${time}`,
  );
}

/** The error's message on one line (URLs in it are redacted by the output). */
function oneLine(err: unknown): string {
  const { message } = (errorJson(err) as { error: { message: string } }).error;
  return message.replace(/\s*\n\s*/g, " ");
}

/** The outcome bucket of each entry: the spec's for a result, else `failed` / `skipped`. */
function outcomeOf<R>(entry: FleetEntry<R>, spec: FleetSpec<R>): string {
  return entry.status === "ok" ? spec.describe(entry.result).outcome : entry.status;
}

/** The summary line, each failure with its hint, and why targets were skipped. */
export function printFleetSummary<R>(ctx: CliContext, report: FleetReport<R>, spec: FleetSpec<R>) {
  const { out } = ctx;
  const counts = summaryCounts(report, spec);
  const parts = Object.entries(counts).map(([k, n]) => `${n} ${k}`);
  out.line();
  out.line(
    `${out.paint("bold", plural(report.entries.length, "target"))} in ${duration(report.durationMs)}: ${parts.join(", ")}`,
  );
  const failed = report.entries.filter((e) => e.status === "failed");
  if (failed.length > 0) {
    out.line(out.paint("red", `Failed (${failed.length}):`));
    for (const e of failed) {
      const { hint } = (errorJson(e.error) as { error: { hint?: string } }).error;
      out.line(
        `  ${out.paint("red", "✗")} ${e.target}: ${oneLine(e.error)}${hint ? ` (${hint})` : ""}`,
      );
    }
  }
  const skipped = report.entries.find((e) => e.status === "skipped");
  if (skipped?.status === "skipped") out.line(out.paint("yellow", SKIPPED[skipped.reason]));
}

const SKIPPED = {
  "canary-failed": "A canary failed: the other targets were not started. Fix it and run again.",
  stopped:
    "Stopped after a failure: targets not started were skipped (--on-error continue runs them all).",
  interrupted: "Interrupted: targets not started were skipped. Run again to continue.",
} as const;

/** Counts by bucket, in the spec's order, then failed and skipped. */
function summaryCounts<R>(report: FleetReport<R>, spec: FleetSpec<R>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of [...spec.outcomes, "failed", "skipped"]) counts[o] = 0;
  for (const e of report.entries) {
    const o = outcomeOf(e, spec);
    counts[o] = (counts[o] ?? 0) + 1;
  }
  return counts;
}

/** The one JSON document of a fleet run: an entry per target (each command's own shape) and a summary. */
export function fleetJson<R>(
  command: string,
  report: FleetReport<R>,
  spec: FleetSpec<R>,
  json: (result: R) => unknown = (r) => r,
): Record<string, unknown> {
  const targets = report.entries.map((e) => {
    const head = { target: e.target, status: e.status, outcome: outcomeOf(e, spec) };
    if (e.status === "ok") return { ...head, durationMs: e.durationMs, result: json(e.result) };
    if (e.status === "failed") return { ...head, durationMs: e.durationMs, ...errorJson(e.error) };
    return { ...head, reason: e.reason };
  });
  const summary = Object.fromEntries(
    Object.entries(summaryCounts(report, spec)).map(([k, n]) => [k.replace(/ /g, "_"), n]),
  );
  return {
    command,
    targets,
    summary: {
      targets: report.entries.length,
      ...summary,
      interrupted: report.interrupted,
      durationMs: report.durationMs,
    },
  };
}
