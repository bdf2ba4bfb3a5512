import type { MigrationState, Problem } from "./state.js";

/** `status --json` (SPEC §5), plus what a person's view needs. */
export interface StatusReport {
  readonly current: string | null;
  readonly applied: readonly {
    readonly version: string;
    readonly name: string;
    readonly checksum: string;
    readonly appliedAt: string | null;
    readonly executionMs: number | null;
  }[];
  readonly pending: readonly { readonly version: string; readonly name: string }[];
  readonly problems: readonly Problem[];
}

/** Shapes the state as SPEC §5 prints it. Repeatables show with their `R__name` id as version. */
export function toStatusReport(state: MigrationState): StatusReport {
  const repeatableRecords = state.records.filter(
    (r) => r.kind === "repeatable" && r.status === "applied",
  );
  return {
    current: state.current,
    applied: [...state.applied.map((a) => a.record), ...repeatableRecords].map((r) => ({
      version: r.id,
      name: r.name,
      checksum: r.checksum,
      appliedAt: r.appliedAt ? r.appliedAt.toISOString() : null,
      executionMs: r.executionMs,
    })),
    pending: [...state.pending, ...state.repeatables].map((m) => ({
      version: m.version ?? m.id,
      name: m.name,
    })),
    problems: state.problems,
  };
}
