/**
 * Every target's version at a glance (SPEC §12) for the web admin: `status` on each target of
 * the fan-out, a few at a time, as `tidemark status --targets --json` prints it — one entry per
 * target, the summary, and the version skew (targets grouped by current version).
 */
import { fleetJson } from "../cli/fleet-render.js";
import { statusSpec } from "../cli/fleet-specs.js";
import {
  type FleetTarget,
  type Migrator,
  runFleet,
  type StatusReport,
  versionSkew,
} from "../index.js";

/** The targets the admin reads: a list, or a function that lists them (a schema query, re-run). */
export type AdminTargets = readonly FleetTarget[] | (() => Promise<readonly FleetTarget[]>);

/** The document of `GET targets`, and the page's Targets section. */
export interface TargetsDocument {
  readonly command: "status";
  readonly targets: readonly TargetEntry[];
  readonly summary: Readonly<Record<string, number | boolean>>;
  readonly skew: ReturnType<typeof versionSkew>;
}

/** One target's entry: its status report, or why it could not be read. */
export interface TargetEntry {
  readonly target: string;
  readonly status: "ok" | "failed" | "skipped";
  readonly outcome: string;
  readonly durationMs?: number;
  readonly result?: StatusReport;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * Reads every target's status with migrators like `migrator` (its migrations and tracking
 * table), `concurrency` at a time; a target that cannot be read is listed as failed.
 */
export async function readTargets(
  migrator: Migrator,
  targets: AdminTargets,
  concurrency: number,
): Promise<TargetsDocument> {
  const list = typeof targets === "function" ? await targets() : targets;
  const spec = statusSpec(false);
  const report = await runFleet(list, (m) => m.status(), {
    concurrency,
    onError: "continue",
    migrator: { source: migrator.source, table: migrator.table, readOnly: true },
  });
  const skew = versionSkew(
    report.entries.flatMap((e) =>
      e.status === "ok" ? [{ target: e.target, report: e.result }] : [],
    ),
  );
  return { ...fleetJson("status", report, spec), skew } as unknown as TargetsDocument;
}
