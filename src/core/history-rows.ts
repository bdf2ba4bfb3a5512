/**
 * The rows of the tracking tables as the core sees them, and how driver rows become them
 * (drivers differ: dates as Date or text, counts as number or string).
 */
import type { LoadedMigration, Row } from "./migration.js";

export type RecordStatus = "applied" | "running" | "failed" | "rolled_back";
/**
 * What a log row records. `backup`: a backup taken before a run, under its lock; its `name` is
 * the backup file, its `version` the version backed up. The log's columns did not change
 * with it, so neither did the layout version.
 */
export type LogAction =
  | "up"
  | "down"
  | "stamp"
  | "repair"
  | "failure"
  | "resume"
  | "layout"
  /** Recorded from another tool's history (`import --from`). */
  | "import"
  | "backup";

/** One row of the tracking table. */
export interface AppliedRecord {
  readonly id: string;
  readonly name: string;
  readonly kind: "versioned" | "repeatable";
  readonly format: "sql" | "code";
  readonly checksum: string;
  readonly status: RecordStatus;
  readonly appliedAt: Date | null;
  readonly executionMs: number | null;
  readonly appliedBy: string | null;
  /** The down SQL as it was when applied; '' for an empty down; null when irreversible or code. */
  readonly rollbackSql: string | null;
  readonly errorMessage: string | null;
  readonly toolVersion: string | null;
  /** Statements already run of a statement-by-statement migration. */
  readonly statementsDone: number;
  /** 0-based index of the statement that failed, when status is failed. */
  readonly failedStatement: number | null;
  /**
   * Which way the newest run of this row went: `down` while a statement-by-statement down is
   * `running`, after it `failed`, and once it rolled back; `up` otherwise.
   */
  readonly direction: "up" | "down";
  /** How many statements the statement-by-statement run (up or down) has; null when it ran in one transaction. */
  readonly statementsTotal: number | null;
}

/**
 * A tracking row with status `applied` as a long `status` shows it when every migration is
 * applied as its files are (see HistoryStore.readApplied): no Date, the time as `toISOString`
 * text. Its checksum is the file's own (the digests said so; see allAppliedReport), so that the
 * files' are not kept while the folder is hashed.
 */
export interface AppliedRow {
  readonly id: string;
  readonly name: string;
  readonly kind: "versioned" | "repeatable";
  readonly checksum: string;
  readonly appliedAt: string | null;
  readonly executionMs: number | null;
}

/**
 * The columns of an {@link AppliedRow}, in the order {@link appliedRowsOfJson} takes them when
 * they are read as JSON columns (Dialect.jsonColumnsSql).
 */
export const APPLIED_ROW_COLUMNS = [
  "version",
  "name",
  "kind",
  "checksum",
  "applied_at",
  "execution_ms",
] as const;

/**
 * The {@link AppliedRow}s of the JSON columns {@link APPLIED_ROW_COLUMNS} (Dialect.jsonColumnsSql),
 * `applied_at` as toISOString text (Dialect.isoTimeSql); null when they are not such columns.
 */
export function appliedRowsOfJson(columns: unknown): AppliedRow[] | null {
  if (!Array.isArray(columns) || columns.length !== APPLIED_ROW_COLUMNS.length) return null;
  for (let c = 0; c < columns.length; c++) if (!Array.isArray(columns[c])) return null;
  const [version, name, kind, sum, at, ms] = columns as unknown[][];
  const n = version!.length;
  for (let c = 1; c < columns.length; c++) if ((columns[c] as unknown[]).length !== n) return null;
  const rows: AppliedRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = version![i];
    const checksum = sum![i];
    if (typeof id !== "string" || typeof checksum !== "string") return null;
    const label = name![i];
    const time = at![i];
    const took = ms![i];
    rows[i] = {
      id,
      name: typeof label === "string" ? label : "",
      kind: kind![i] === "repeatable" ? "repeatable" : "versioned",
      checksum,
      appliedAt: typeof time === "string" ? time : null,
      executionMs: typeof took === "number" ? took : null,
    };
  }
  return rows;
}

/** This app's applied rows, and the versions among them that were stamped (see readStamped). */
export interface AppliedStamped {
  readonly rows: AppliedRow[];
  readonly stamped: ReadonlySet<string> | undefined;
}

/**
 * The rows of `applied`, the JSON text of the columns {@link APPLIED_ROW_COLUMNS}, and the set
 * of `stamped`, the JSON text of a `version` column; undefined when they are not such texts.
 */
export function parseAppliedJson(applied: unknown, stamped: unknown): AppliedStamped | undefined {
  if (typeof applied !== "string" || typeof stamped !== "string") return undefined;
  const rows = appliedRowsOfJson(JSON.parse(applied));
  const versions: unknown = JSON.parse(stamped);
  if (rows === null || !Array.isArray(versions) || !Array.isArray(versions[0])) return undefined;
  const set = new Set<string>();
  const column = versions[0] as unknown[];
  for (let i = 0; i < column.length; i++) {
    const version = column[i];
    if (typeof version === "string") set.add(version);
  }
  return { rows, stamped: set };
}

/**
 * An {@link AppliedRow} of a driver row. `iso`: `applied_at` was read as toISOString text
 * (Dialect.isoTimeSql); otherwise it is a time as the driver gives it.
 */
export function toAppliedRow(row: Row, iso: boolean): AppliedRow {
  const at = row.applied_at;
  return {
    id: String(row.version),
    name: String(row.name ?? ""),
    kind: row.kind === "repeatable" ? "repeatable" : "versioned",
    checksum: String(row.checksum ?? ""),
    appliedAt: iso ? str(at) : (toDate(at)?.toISOString() ?? null),
    executionMs: toNumber(row.execution_ms),
  };
}

/** One row of the log table. */
export interface LogEntry {
  readonly id: number;
  readonly version: string;
  readonly name: string;
  readonly action: LogAction;
  readonly result: "ok" | "failed";
  readonly at: Date;
  readonly executionMs: number | null;
  readonly appliedBy: string | null;
  readonly toolVersion: string | null;
  readonly message: string | null;
  /** The app of the migration (config `apps`); '' for the default set. */
  readonly app: string;
}

/** Values written with a tracking row. */
export interface RecordValues {
  readonly status: RecordStatus;
  readonly checksum: string;
  /** `"elapsed"`: the dialect's elapsedMsExpression, evaluated inside the migration's transaction. */
  readonly executionMs: number | null | "elapsed";
  readonly rollbackSql: string | null;
  readonly errorMessage: string | null;
  readonly statementsDone: number;
  readonly failedStatement: number | null;
  readonly direction: "up" | "down";
  readonly statementsTotal: number | null;
  /** When it was applied, if not now (`import` keeps the other tool's time). */
  readonly appliedAt?: Date | null;
  /** Who applied it, if not this session's user (`import` keeps the other tool's). */
  readonly appliedBy?: string | null;
}

/** The row values of a migration applied now: its checksum and its down SQL as it is. */
export function appliedValues(loaded: LoadedMigration): RecordValues {
  const down = loaded.down;
  return {
    status: "applied",
    checksum: loaded.info.checksum,
    executionMs: null,
    rollbackSql: down?.kind === "sql" ? down.sql : null,
    errorMessage: null,
    statementsDone: 0,
    failedStatement: null,
    direction: "up",
    statementsTotal: null,
  };
}

export const RECORD_COLUMNS = [
  "version",
  "name",
  "kind",
  "format",
  "checksum",
  "status",
  "applied_at",
  "execution_ms",
  "applied_by",
  "rollback_sql",
  "error_message",
  "tool_version",
  "statements_done",
  "failed_statement",
  "direction",
  "statements_total",
  "app",
] as const;

export const LOG_COLUMNS = [
  "version",
  "name",
  "action",
  "result",
  "at",
  "execution_ms",
  "applied_by",
  "tool_version",
  "message",
  "app",
] as const;

function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(String(value));
}

function toNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A row read in full (`SELECT *`: a table of an older layout lacks some columns). */
export function toRecord(row: Row): AppliedRecord {
  return readRecord(row, FULL);
}

/**
 * A row read by `readAll({ read: "brief" })`: what planning reads, and no more. `rollbackSql` is
 * '' when down SQL is stored (its text was not read) and null when none is; the time, who,
 * the tool version, the error and the statement counts are not read (null, 0). Only for
 * deciding that there is nothing to do: a run reads the rows in full before it acts.
 */
export function toBriefRecord(row: Row): AppliedRecord {
  return readRecord(row, BRIEF);
}

/**
 * A row read by `readAll({ read: "status" })`: what `status` shows. As {@link toBriefRecord},
 * plus the time, the statement counts, and who ran it and its error when it is not applied;
 * no tool version.
 */
export function toStatusRecord(row: Row): AppliedRecord {
  return readRecord(row, STATUS);
}

const FULL = 0;
const STATUS = 1;
const BRIEF = 2;

/**
 * One object literal for every read, written out: a spread (`{ ...identity(row), … }`) costs
 * some KB and µs a row, which ten thousand rows turn into tens of MB and ms. The reads also
 * share one shape, so the code that walks the records sees one.
 */
function readRecord(row: Row, read: number): AppliedRecord {
  const brief = read === BRIEF;
  return {
    id: String(row.version),
    name: String(row.name ?? ""),
    kind: row.kind === "repeatable" ? "repeatable" : "versioned",
    format: row.format === "code" ? "code" : "sql",
    checksum: String(row.checksum ?? ""),
    status: String(row.status) as RecordStatus,
    // Rows written by layout 1 have no direction: every run then was an up.
    direction: row.direction === "down" ? "down" : "up",
    appliedAt: brief ? null : toDate(row.applied_at),
    executionMs: brief ? null : toNumber(row.execution_ms),
    appliedBy: brief ? null : str(row.applied_by),
    rollbackSql: read !== FULL ? (Number(row.has_down) === 1 ? "" : null) : str(row.rollback_sql),
    errorMessage: brief ? null : str(row.error_message),
    toolVersion: read !== FULL ? null : str(row.tool_version),
    statementsDone: brief ? 0 : (toNumber(row.statements_done) ?? 0),
    failedStatement: brief ? null : toNumber(row.failed_statement),
    statementsTotal: brief ? null : toNumber(row.statements_total),
  };
}

export function toLogEntry(row: Row): LogEntry {
  return {
    id: Number(row.id),
    version: String(row.version),
    name: String(row.name ?? ""),
    action: String(row.action) as LogAction,
    result: row.result === "failed" ? "failed" : "ok",
    at: toDate(row.at) ?? new Date(0),
    executionMs: toNumber(row.execution_ms),
    appliedBy: str(row.applied_by),
    toolVersion: str(row.tool_version),
    message: str(row.message),
    app: str(row.app) ?? "",
  };
}
