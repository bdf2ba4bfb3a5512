/**
 * What the files and the tracking table say together: applied, pending, and every problem
 * (`status`, `check`, `validate` and the planner read it). Pure; no I/O.
 */
import { buildGraph, type MigrationGraph } from "./graph.js";
import type { AppliedRecord } from "./history.js";
import type { MigrationInfo } from "./migration.js";
import { compareVersions, sortedByVersion } from "./version.js";

export type ProblemKind =
  | "checksum_mismatch"
  | "missing_file"
  | "failed"
  | "running"
  | "out_of_order"
  | "multiple_heads"
  | "invalid_sql"
  /** `status --drift`: the live schema differs from the one the applied migrations build. */
  | "drift";

export interface Problem {
  readonly kind: ProblemKind;
  readonly version: string;
  readonly message: string;
  readonly file?: string;
  /** For a `failed` or `running` row: the migration's name, when its row was written, and by whom. */
  readonly name?: string;
  readonly at?: string | null;
  readonly by?: string | null;
}

export interface AppliedMigration {
  readonly record: AppliedRecord;
  /** The file, when it is still there. */
  readonly info: MigrationInfo | undefined;
  /** Recorded by `stamp`: nothing of it was run here. */
  readonly stamped: boolean;
}

export interface AnalyzeOptions {
  /** Versions whose latest up-or-stamp action in the log was a stamp (see HistoryStore.readStamped). */
  readonly stamped?: ReadonlySet<string>;
}

export interface MigrationState {
  readonly graph: MigrationGraph;
  readonly available: readonly MigrationInfo[];
  readonly records: readonly AppliedRecord[];
  /** Versioned rows with status `applied`, in version order. */
  readonly applied: readonly AppliedMigration[];
  /**
   * Rows left `failed` or `running` (a crash), by an up or (`record.direction`) a down: they block
   * `up` until resumed, repaired, rolled back or stamped.
   */
  readonly failed: readonly AppliedMigration[];
  /** Versioned migrations not applied, in apply order. */
  readonly pending: readonly MigrationInfo[];
  /** Repeatable migrations new or changed since they last ran. */
  readonly repeatables: readonly MigrationInfo[];
  /** The ids of `repeatables` that ran before with another checksum (changed, not new). */
  readonly changedRepeatables: ReadonlySet<string>;
  /** Pending migrations older than the newest applied one. */
  readonly outOfOrder: readonly MigrationInfo[];
  /** Highest applied version, or null. */
  readonly current: string | null;
  readonly problems: readonly Problem[];
}

/** Combines the files and the tracking rows into a {@link MigrationState}. */
export function analyze(
  available: readonly MigrationInfo[],
  records: readonly AppliedRecord[],
  options: AnalyzeOptions = {},
): MigrationState {
  const graph = buildGraph(available);
  const stamped = options.stamped ?? new Set<string>();
  const infoById = new Map<string, MigrationInfo>();
  for (const m of available) infoById.set(m.id, m);
  const recordById = new Map<string, AppliedRecord>();
  for (const r of records) recordById.set(r.id, r);
  // One pass over the rows in version order (they usually come in it: no sort then).
  const applied: AppliedMigration[] = [];
  const failed: AppliedMigration[] = [];
  const versioned = sortedByVersion(
    records.filter((r) => r.kind === "versioned"),
    (r) => r.id,
  );
  for (const record of versioned) {
    const into =
      record.status === "applied"
        ? applied
        : record.status === "failed" || record.status === "running"
          ? failed
          : null;
    into?.push({ record, info: infoById.get(record.id), stamped: stamped.has(record.id) });
  }
  const current = applied.length > 0 ? applied[applied.length - 1]!.record.id : null;
  const pending = graph.ordered.filter((m) => {
    const r = recordById.get(m.id);
    return !r || r.status === "rolled_back";
  });
  const outOfOrder =
    current === null ? [] : pending.filter((m) => compareVersions(m.version!, current) < 0);
  const repeatables = available.filter((m) => {
    if (m.kind !== "repeatable") return false;
    const r = recordById.get(m.id);
    return r?.status !== "applied" || r.checksum !== m.checksum;
  });
  const changedRepeatables = new Set(
    repeatables.filter((m) => recordById.get(m.id)?.status === "applied").map((m) => m.id),
  );
  const problems = [
    ...checksumProblems(applied),
    ...failed.map(failedProblem),
    ...outOfOrder.map((m) => ({
      kind: "out_of_order" as const,
      version: m.version!,
      file: m.file,
      message: `${m.file} is pending but older than the current version ${current}`,
    })),
    ...headProblems(graph),
  ];
  return {
    graph,
    available,
    records,
    applied,
    failed,
    pending,
    repeatables,
    changedRepeatables,
    outOfOrder,
    current,
    problems,
  };
}

function checksumProblems(applied: readonly AppliedMigration[]): Problem[] {
  const out: Problem[] = [];
  for (const { record, info } of applied) {
    if (!info) {
      out.push({
        kind: "missing_file",
        version: record.id,
        message: `${record.id} (${record.name}) is applied but its file is gone: no migration file has version ${record.id}`,
      });
    } else if (info.checksum !== record.checksum) {
      out.push({
        kind: "checksum_mismatch",
        version: record.id,
        file: info.file,
        message: `${info.file} was edited after it was applied`,
      });
    }
  }
  return out;
}

/** A `failed` row (either direction) or a `running` one: a run in progress, or one that crashed. */
function failedProblem({ record, info }: AppliedMigration): Problem {
  const label = info?.file ?? `${record.id} (${record.name})`;
  const at = record.appliedAt ? record.appliedAt.toISOString() : null;
  const common = {
    version: record.id,
    file: info?.file,
    name: record.name,
    at,
    by: record.appliedBy,
  };
  const of = record.statementsTotal === null ? "" : ` of ${record.statementsTotal}`;
  const down = record.direction === "down";
  const what = down ? `${label}: down` : label;
  if (record.status === "running") {
    const since = `${at ? ` since ${at}` : ""}${record.appliedBy ? `, by ${record.appliedBy}` : ""}`;
    const done = `${record.statementsDone} statement${record.statementsDone === 1 ? "" : "s"}${of} done`;
    const resume = down ? "`tidemark down --resume`" : "`tidemark up --resume`";
    return {
      kind: "running",
      ...common,
      message: `${what} is running${since}, ${done} (a run in progress, or one that stopped: ${resume} continues it)`,
    };
  }
  const where =
    record.failedStatement === null ? "" : ` at statement ${record.failedStatement + 1}${of}`;
  return {
    kind: "failed",
    ...common,
    message: `${what} failed${where}${record.errorMessage ? `: ${record.errorMessage}` : ""}`,
  };
}

function headProblems(graph: MigrationGraph): Problem[] {
  if (graph.heads.length < 2) return [];
  const names = graph.heads.map((h) => h.version).join(", ");
  return [
    {
      kind: "multiple_heads",
      version: graph.heads[graph.heads.length - 1]!.version!,
      message: `${graph.heads.length} heads (${names}); run \`tidemark merge\` to join them`,
    },
  ];
}
