import type { AppliedRow } from "./history.js";
import { type AllApplied, folderDigest } from "./noop-check.js";
import type { MigrationState, Problem } from "./state.js";
import { sortByVersion } from "./version.js";

/** One applied row of `status --json`. */
export interface StatusApplied {
  readonly version: string;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string | null;
  readonly executionMs: number | null;
  /** Recorded by `stamp` (or `baseline`): marked applied, nothing was run. */
  readonly stamped: boolean;
  /** The migration's app (config `apps`), in a report of every app. */
  readonly app?: string;
}

/** One pending migration of `status --json`. */
export interface StatusPending {
  readonly version: string;
  readonly name: string;
  /** A repeatable that ran before and whose file changed since (it is not also listed as applied). */
  readonly changed?: true;
  /** The migration's app (config `apps`), in a report of every app. */
  readonly app?: string;
}

/**
 * `status --json` (SPEC §5), plus what a person's view needs. `applied` holds only rows with
 * status `applied`; rows left `failed` or `running` are problems of those kinds (with name,
 * time and who), so that nothing in the tracking table is left out.
 */
export interface StatusReport {
  /** The app this report is of (config `apps`); absent for the default set and for every app's. */
  readonly app?: string;
  /** Highest applied version; null in a report of every app (see `apps`). */
  readonly current: string | null;
  readonly applied: readonly StatusApplied[];
  readonly pending: readonly StatusPending[];
  readonly problems: readonly Problem[];
  /** With config `apps` and no app named: each app's report, in config order. */
  readonly apps?: readonly StatusReport[];
}

/** Shapes the state as SPEC §5 prints it. Repeatables show with their `R__name` id as version. */
export function toStatusReport(state: MigrationState): StatusReport {
  const changed = state.changedRepeatables;
  const repeatables = state.records
    .filter((r) => r.kind === "repeatable" && r.status === "applied" && !changed.has(r.id))
    .map((record) => ({ record, stamped: false }));
  return {
    current: state.current,
    applied: [...state.applied, ...repeatables].map(({ record: r, stamped }) => ({
      version: r.id,
      name: r.name,
      checksum: r.checksum,
      appliedAt: r.appliedAt ? r.appliedAt.toISOString() : null,
      executionMs: r.executionMs,
      stamped,
    })),
    pending: [
      ...state.pending.map((m) => ({ version: m.version ?? m.id, name: m.name })),
      ...state.repeatables.map((m) =>
        changed.has(m.id)
          ? { version: m.id, name: m.name, changed: true as const }
          : { version: m.id, name: m.name },
      ),
    ],
    problems: state.problems,
  };
}

/**
 * {@link toStatusReport} of a history whose migrations are all applied exactly as their files
 * are (see everythingApplied), made from its applied rows alone: the versioned ones in version
 * order, then the repeatable ones; nothing pending, no problem. Null unless the rows are the
 * ones the server digested (read in the digest's statement, `folder.applied`, or else of the
 * digest `folder.digest`: another run may have changed them since, or the look matched rows one
 * by one): the caller then looks the usual way.
 */
export function allAppliedReport(
  rows: readonly AppliedRow[],
  stamped: ReadonlySet<string> | undefined,
  folder: AllApplied,
): StatusReport | null {
  if (folder.digest === undefined || rows.length !== folder.size) return null;
  if (folder.applied?.rows !== rows && rowsDigest(rows) !== folder.digest) return null;
  const versioned: StatusApplied[] = [];
  const repeatables: StatusApplied[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const repeatable = r.kind === "repeatable";
    (repeatable ? repeatables : versioned).push(statusApplied(r, stamped?.has(r.id) === true));
  }
  sortByVersion(versioned, (r) => r.version);
  // By id, as the digest orders them (and Migrator.statusEach hands them over).
  repeatables.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  return {
    current: versioned.length > 0 ? versioned[versioned.length - 1]!.version : null,
    applied: versioned.concat(repeatables),
    pending: [],
    problems: [],
  };
}

/** An applied row as `status` shows it; `stamped` marks a versioned row only. */
export function statusApplied(r: AppliedRow, stamped: boolean): StatusApplied {
  return {
    version: r.id,
    name: r.name,
    checksum: r.checksum,
    appliedAt: r.appliedAt,
    executionMs: r.executionMs,
    stamped: stamped && r.kind !== "repeatable",
  };
}

/** The digest of `rows` as folderDigest makes a folder's: `id checksum` lines in id order. */
function rowsDigest(rows: readonly AppliedRow[]): string | null {
  return folderDigest({ ids: rows.map((r) => r.id), sums: rows.map((r) => r.checksum) });
}
