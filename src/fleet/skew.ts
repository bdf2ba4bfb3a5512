/**
 * Version skew across a fan-out: targets grouped by their current version, newest first, with
 * how many of each group have pending migrations or problems. Pure: takes status reports.
 */
import type { StatusReport } from "../core/status.js";
import { compareVersions } from "../core/version.js";

/** The targets at one current version. */
export interface SkewGroup {
  /** The current version; null when nothing is applied. */
  readonly current: string | null;
  readonly targets: readonly string[];
  /** Targets of this group with pending migrations. */
  readonly pending: number;
  /** Targets of this group with a failed or running migration, or another problem. */
  readonly problems: number;
}

/** The skew of a fleet's statuses (`name` → report); groups ordered newest version first. */
export function versionSkew(
  statuses: readonly { readonly target: string; readonly report: StatusReport }[],
): SkewGroup[] {
  const groups = new Map<string | null, { targets: string[]; pending: number; problems: number }>();
  for (const { target, report } of statuses) {
    const group = groups.get(report.current) ?? { targets: [], pending: 0, problems: 0 };
    group.targets.push(target);
    if (report.pending.length > 0) group.pending++;
    if (report.problems.length > 0) group.problems++;
    groups.set(report.current, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : compareVersions(b, a)))
    .map(([current, g]) => ({ current, ...g }));
}
