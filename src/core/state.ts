/**
 * What the files and the tracking table say together: applied, pending, and every problem
 * (`status`, `check`, `validate` and the planner read it). Pure; no I/O.
 */
import { buildGraph, type MigrationGraph } from "./graph.js";
import type { AppliedRecord } from "./history.js";
import type { MigrationInfo } from "./migration.js";
import { compareVersions } from "./version.js";

export type ProblemKind =
  | "checksum_mismatch"
  | "missing_file"
  | "failed"
  | "out_of_order"
  | "multiple_heads"
  | "invalid_sql";

export interface Problem {
  readonly kind: ProblemKind;
  readonly version: string;
  readonly message: string;
  readonly file?: string;
}

export interface AppliedMigration {
  readonly record: AppliedRecord;
  /** The file, when it is still there. */
  readonly info: MigrationInfo | undefined;
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
): MigrationState {
  const graph = buildGraph(available);
  const infoById = new Map(available.map((m) => [m.id, m]));
  const recordById = new Map(records.map((r) => [r.id, r]));
  const versionedRecords = records
    .filter((r) => r.kind === "versioned")
    .sort((a, b) => compareVersions(a.id, b.id));
  const applied = versionedRecords
    .filter((r) => r.status === "applied")
    .map((record) => ({ record, info: infoById.get(record.id) }));
  const failed = versionedRecords
    .filter((r) => r.status === "failed" || r.status === "running")
    .map((record) => ({ record, info: infoById.get(record.id) }));
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
        message: `${record.id} (${record.name}) is applied but its file is gone`,
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

function failedProblem({ record, info }: AppliedMigration): Problem {
  const of = record.statementsTotal === null ? "" : ` of ${record.statementsTotal}`;
  const at =
    record.failedStatement === null ? "" : ` at statement ${record.failedStatement + 1}${of}`;
  const running =
    record.statementsDone > 0
      ? `was interrupted (left running) after statement ${record.statementsDone}${of}`
      : "was interrupted (left running)";
  const what = record.status === "running" ? running : `failed${at}`;
  const label = info?.file ?? record.id;
  const head = record.direction === "down" ? `${label}: down ${what}` : `${label} ${what}`;
  return {
    kind: "failed",
    version: record.id,
    file: info?.file,
    message: `${head}${record.errorMessage ? `: ${record.errorMessage}` : ""}`,
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
