/**
 * What `drift` and `lint` do on each target of a fan-out: the spec (work, progress text, exit
 * code) and what is printed before the summary — each drifted target's differences, and each
 * lint finding once, with the targets it was found on.
 */
import {
  type DriftOptions,
  type DriftReport,
  type FleetReport,
  formatHuman,
  type LintFinding,
  type LintOptions,
  type LintReport,
  renderDifferences,
} from "../index.js";
import type { CliContext } from "./context.js";
import type { FleetExtras, FleetSpec } from "./fleet.js";
import { plural } from "./render.js";

/** The results of the targets that ran, with their names. */
function settled<R>(report: FleetReport<R>): { target: string; result: R }[] {
  return report.entries.flatMap((e) =>
    e.status === "ok" ? [{ target: e.target, result: e.result }] : [],
  );
}

/** `drift` on each target: exit 1 when any target drifted (or failed). */
export function driftSpec(options: DriftOptions): FleetSpec<DriftReport> {
  return {
    verb: "Comparing the schema of",
    readOnly: true,
    work: (m) => m.drift(options),
    describe: (r) =>
      r.equal
        ? { outcome: "no drift", text: "no drift" }
        : {
            outcome: "drifted",
            text: `drift in ${plural(r.differences.length, "object")}`,
            warn: true,
          },
    outcomes: ["no drift", "drifted"],
    code: (results) => (results.some((r) => !r.equal) ? 1 : 0),
  };
}

/** `drift`'s additions: each drifted target's differences, before the summary. */
export function driftExtras(ctx: CliContext): FleetExtras<DriftReport> {
  return {
    print: (report) => {
      const { out } = ctx;
      for (const { target, result } of settled(report)) {
        if (result.equal) continue;
        out.line();
        out.line(
          out.paint(
            "red",
            `Drift on ${target} (${plural(result.differences.length, "object")}; + only live, - only in the migrations' schema, ~ different):`,
          ),
        );
        for (const line of renderDifferences(result.differences)) out.line(`  ${line}`);
      }
    },
  };
}

/**
 * `lint` on each target: what is pending there, in that database's context. Exit 1 when any
 * target has an error-level finding; a target lint could not run on exits 2, as `lint` does.
 */
export function lintSpec(options: LintOptions): FleetSpec<LintReport> {
  return {
    verb: "Linting",
    readOnly: true,
    work: (m) => m.lint(options),
    describe: (r) => {
      const what = plural(r.migrations, r.mode === "pending" ? "pending migration" : "migration");
      if (r.errors > 0)
        return { outcome: "errors", text: `${what}, ${plural(r.errors, "error")}`, warn: true };
      if (r.warnings > 0)
        return { outcome: "warnings", text: `${what}, ${plural(r.warnings, "warning")}` };
      return { outcome: "clean", text: `${what}, clean` };
    },
    outcomes: ["clean", "warnings", "errors"],
    code: (results) => (results.some((r) => r.errors > 0) ? 1 : 0),
    failedCode: 2,
  };
}

/** One finding and the targets it was found on. */
interface SharedFinding {
  readonly finding: LintFinding;
  readonly targets: string[];
}

/** Findings found on several targets (the same migration, rule and place) once, in order. */
function sharedFindings(report: FleetReport<LintReport>): SharedFinding[] {
  const byKey = new Map<string, SharedFinding>();
  for (const { target, result } of settled(report))
    for (const f of result.findings) {
      const key = JSON.stringify([f.path, f.line, f.column, f.rule, f.message]);
      const seen = byKey.get(key);
      if (seen) seen.targets.push(target);
      else byKey.set(key, { finding: f, targets: [target] });
    }
  return [...byKey.values()];
}

/** `lint`'s additions: each finding once, saying on which targets, before the summary. */
export function lintExtras(ctx: CliContext, targets: number): FleetExtras<LintReport> {
  return {
    print: (report) => {
      const { out } = ctx;
      const shared = sharedFindings(report);
      for (const { finding, targets: on } of shared) {
        const where = on.length === targets ? "every target" : on.join(", ");
        out.line();
        out.line(out.paint("gray", `on ${where}:`));
        // formatHuman ends with a blank line and its count: the fleet summary follows instead.
        for (const line of formatHuman([finding], (c, t) => out.paint(c, t)).slice(0, -2))
          out.line(line);
      }
    },
  };
}
