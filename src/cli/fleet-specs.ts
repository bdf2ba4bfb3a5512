/**
 * What `up`, `down`, `status`, `check` and `validate` do on each target of a fan-out, how a
 * target's result reads in its progress line, and (status) the version-skew table.
 */
import {
  type DownOptions,
  type FleetReport,
  type RunReport,
  type StatusReport,
  type UpOptions,
  type ValidateReport,
  versionSkew,
} from "../index.js";
import type { CliContext } from "./context.js";
import type { FleetExtras, FleetSpec } from "./fleet.js";
import { plural } from "./render.js";

function runSpec(
  direction: "up" | "down",
  dryRun: boolean,
  work: FleetSpec<RunReport>["work"],
): FleetSpec<RunReport> {
  const done =
    direction === "up"
      ? dryRun
        ? "to apply"
        : "applied"
      : dryRun
        ? "to roll back"
        : "rolled back";
  const none = direction === "up" ? "up to date" : "nothing to roll back";
  return {
    verb:
      direction === "up"
        ? dryRun
          ? "Planning"
          : "Migrating"
        : dryRun
          ? "Planning rollback on"
          : "Rolling back",
    readOnly: false,
    work,
    describe: (r) =>
      r.interrupted
        ? { outcome: "interrupted", text: `${r.steps.length} ${done}, interrupted`, warn: true }
        : r.steps.length === 0
          ? { outcome: none, text: none }
          : { outcome: done, text: `${r.steps.length} ${done}` },
    outcomes: [done, none],
  };
}

/** `up` on each target (the single-target `up --json` shape per entry). */
export function upSpec(options: UpOptions): FleetSpec<RunReport> {
  return runSpec("up", options.dryRun === true, (m, signal) => m.up({ ...options, signal }));
}

/** `down` on each target. */
export function downSpec(options: DownOptions): FleetSpec<RunReport> {
  return runSpec("down", options.dryRun === true, (m, signal) => m.down({ ...options, signal }));
}

function statusOutcome(r: StatusReport): { outcome: string; text: string; warn?: boolean } {
  const at = r.current ?? "(none)";
  if (r.problems.length > 0)
    return {
      outcome: "problems",
      text: `${at}  ${plural(r.problems.length, "problem")}`,
      warn: true,
    };
  if (r.pending.length > 0)
    return { outcome: "pending", text: `${at}  ${r.pending.length} pending` };
  return { outcome: "up to date", text: `${at}  up to date` };
}

/**
 * `status` on each target (with `drift`, each target's drift is a problem); `check` too, with
 * its exit code (1 problems, 2 pending).
 */
export function statusSpec(check: boolean, drift = false): FleetSpec<StatusReport> {
  return {
    verb: check ? "Checking" : "Reading",
    readOnly: true,
    work: (m) => m.status(drift ? { drift } : undefined),
    describe: statusOutcome,
    outcomes: ["up to date", "pending", "problems"],
    code: check
      ? (results) =>
          results.some((r) => r.problems.length > 0)
            ? 1
            : results.some((r) => r.pending.length > 0)
              ? 2
              : 0
      : undefined,
  };
}

/** `check --json`'s per-target shape. */
export function checkJson(r: StatusReport): Record<string, unknown> {
  const status =
    r.problems.length > 0 ? "problems" : r.pending.length > 0 ? "pending" : "up_to_date";
  return { status, current: r.current, pending: r.pending, problems: r.problems };
}

/** `validate` on each target (with its database): exit 1 when any target has a problem. */
export const validateSpec: FleetSpec<ValidateReport> = {
  verb: "Validating",
  readOnly: true,
  work: (m) => m.validate(),
  describe: (r) =>
    r.problems.length === 0
      ? { outcome: "valid", text: "valid" }
      : { outcome: "invalid", text: plural(r.problems.length, "problem"), warn: true },
  outcomes: ["valid", "invalid"],
  code: (results) => (results.some((r) => r.problems.length > 0) ? 1 : 0),
};

function skewOf(report: FleetReport<StatusReport>) {
  return versionSkew(
    report.entries.flatMap((e) =>
      e.status === "ok" ? [{ target: e.target, report: e.result }] : [],
    ),
  );
}

/** `status`'s additions to a fleet run: `skew` in the JSON, the skew table before the summary. */
export function statusExtras(ctx: CliContext): FleetExtras<StatusReport> {
  return {
    extra: (report) => ({ skew: skewOf(report) }),
    print: (report) => {
      const groups = skewOf(report);
      if (groups.length === 0) return;
      const { out } = ctx;
      out.line();
      out.line(
        out.paint(
          "bold",
          groups.length === 1
            ? "Every target is at one version:"
            : `Version skew (${groups.length} versions):`,
        ),
      );
      const rows = groups.map((g) => [
        g.current ?? "(none)",
        plural(g.targets.length, "target"),
        [
          g.pending > 0 ? out.paint("yellow", `${g.pending} pending`) : "",
          g.problems > 0 ? out.paint("red", `${g.problems} with problems`) : "",
        ]
          .filter((s) => s !== "")
          .join(", "),
        sample(g.targets),
      ]);
      // No attention column when every group is clean.
      if (rows.every((r) => r[2] === "")) for (const r of rows) r.splice(2, 1);
      out.table(rows, "  ");
    },
  };
}

/** The first few names of a group, and how many more. */
function sample(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(", ");
  return names.length > 5 ? `${shown}, … (${names.length - 5} more)` : shown;
}
