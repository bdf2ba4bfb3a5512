/**
 * What each confirmed call shows: its plan as {@link ConfirmStep}s and a one-line title, built
 * from the dry run (or preview) of the call. Pure.
 */
import type { RunReport } from "../core/executor.js";
import type { RepairReport, StampReport } from "../core/maintenance.js";
import {
  type ConfirmAction,
  type ConfirmRequest,
  type ConfirmStep,
  migrations,
} from "./confirmation.js";

/** A confirmation request before its URL is known. */
export type StepsRequest = Omit<ConfirmRequest, "url">;

/** The tracking keys of `steps`, in order: what a run must still do once confirmed. */
export function idsOf(steps: readonly { readonly id: string }[]): string[] {
  return steps.map((s) => s.id);
}

/** `up`, `down` or `redo` from its dry run(s); null when there is nothing to do. */
export function runRequest(
  action: ConfirmAction,
  reports: readonly RunReport[],
): StepsRequest | null {
  const steps: ConfirmStep[] = reports.flatMap((r) =>
    r.steps.map((s) => ({
      id: s.id,
      version: s.version,
      name: s.name,
      direction: s.direction,
      ...(s.app === undefined ? {} : { app: s.app }),
    })),
  );
  if (steps.length === 0) return null;
  // A redo's count is its down's; a plain `up` across apps is a run per app: all of them.
  const n = migrations(action === "redo" ? reports[0]!.steps.length : steps.length);
  const title =
    action === "redo"
      ? `Redo ${steps[0]!.version ?? steps[0]!.name} (roll back, then apply again)`
      : reports[0]!.direction === "up"
        ? `Apply ${n}`
        : `Roll back ${n}`;
  return { action, title, steps };
}

/** `stamp`: rows recorded rolled back (asked on every environment), then rows recorded applied. */
export function stampRequest(version: string, preview: StampReport): StepsRequest | null {
  const steps: ConfirmStep[] = [
    ...preview.rolledBack.map((s) => named(s, "down", "recorded rolled back, nothing run")),
    ...preview.stamped.map((s) => named(s, "up", "recorded applied, nothing run")),
  ];
  if (steps.length === 0) return null;
  const title = `Stamp ${version}: record ${migrations(steps.length)}, running nothing`;
  return { action: "stamp", title, steps, always: preview.rolledBack.length > 0 };
}

/** `repair`: every row it would change (asked on every environment). */
export function repairRequest(preview: RepairReport): StepsRequest | null {
  const rows = preview.repaired.length;
  if (rows === 0) return null;
  const steps = preview.repaired.map((r) => named(r, "other", r.message));
  const title = `Repair ${rows} row${rows === 1 ? "" : "s"} of the tracking table`;
  return { action: "repair", title, steps, always: true };
}

function named(
  s: { readonly version: string; readonly name: string },
  direction: ConfirmStep["direction"],
  detail: string,
): ConfirmStep {
  return { id: s.version, version: s.version, name: s.name, direction, detail };
}
