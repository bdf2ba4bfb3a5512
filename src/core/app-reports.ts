/**
 * Reports of apps (config `apps`, SPEC §12): one app's marked with its name, every app's put
 * together. Pure.
 */

import type { LintReport } from "../lint/lint-run.js";
import { qualifiedId } from "./app-ref.js";
import type { RunReport, StepResult } from "./executor.js";
import type { StatusReport } from "./status.js";

/** A report of one app says which; the default set's is left as it is. */
export function withAppField(report: StatusReport, app: string): StatusReport {
  return app === "" ? report : { app, ...report };
}

/** A run (or a dry run's steps) of one app: each step says its app. */
export function withAppSteps<R extends { readonly steps: readonly StepResult[] }>(
  report: R,
  app: string,
): R {
  if (app === "" || report.steps.length === 0) return report;
  return { ...report, steps: report.steps.map((s) => ({ ...s, app })) };
}

/**
 * Every app's status as one report: each app's report in `apps`; applied, pending and problems
 * of all, each entry with its app (a problem's version as `app:version`); no one current version.
 */
export function combinedStatus(reports: readonly StatusReport[]): StatusReport {
  return {
    current: null,
    applied: reports.flatMap((r) => r.applied.map((a) => ({ ...a, app: r.app! }))),
    pending: reports.flatMap((r) => r.pending.map((p) => ({ ...p, app: r.app! }))),
    problems: reports.flatMap((r) =>
      r.problems.map((p) => ({ ...p, version: qualifiedId(r.app!, p.version) })),
    ),
    apps: reports,
  };
}

/** The runs of a plain `up` across apps as one report, steps in the order they ran. */
export function combinedRun(
  direction: "up" | "down",
  dryRun: boolean,
  reports: readonly RunReport[],
): RunReport {
  const steps = reports.flatMap((r) => r.steps);
  const warnings = reports.flatMap((r) => r.warnings ?? []);
  const notes = reports.flatMap((r) => (r.note === undefined ? [] : [r.note]));
  const last = reports.findLast((r) => r.schemaFile !== undefined);
  return {
    direction,
    dryRun,
    steps,
    interrupted: reports.some((r) => r.interrupted),
    ...(steps.length === 0 && notes.length > 0 ? { note: notes.join("; ") } : {}),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(last?.schemaFile ? { schemaFile: last.schemaFile } : {}),
  };
}

/** Every app's lint report as one: findings in app order, counts summed. */
export function combinedLint(reports: readonly LintReport[]): LintReport {
  const sum = (key: "migrations" | "errors" | "warnings" | "notes") =>
    reports.reduce((n, r) => n + r[key], 0);
  return {
    ...reports[0]!,
    migrations: sum("migrations"),
    findings: reports.flatMap((r) => r.findings),
    errors: sum("errors"),
    warnings: sum("warnings"),
    notes: sum("notes"),
  };
}
