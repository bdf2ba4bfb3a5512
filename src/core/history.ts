/**
 * The tracking tables: `<table>` (one row per migration) and `<table>_log` (one row per action).
 * The store builds the SQL; the executor decides when it runs (often batched with a migration
 * so that the row is written in the migration's own transaction).
 */
import { userInfo } from "node:os";
import type { BatchPart, Connection, Dialect } from "../dialects/dialect.js";
import {
  type AppliedRecord,
  LOG_COLUMNS,
  type LogAction,
  type LogEntry,
  RECORD_COLUMNS,
  type RecordValues,
  toBriefRecord,
  toLogEntry,
  toRecord,
} from "./history-rows.js";
import type { MigrationInfo, Row } from "./migration.js";

export type {
  AppliedRecord,
  LogAction,
  LogEntry,
  RecordStatus,
  RecordValues,
} from "./history-rows.js";
export { appliedValues } from "./history-rows.js";

/** The layout of the tracking tables this release writes; recorded in the log as action `layout`. */
export const LAYOUT_VERSION = 2;

/** Columns {@link HistoryStore.updatePart} may set. */
export type RowUpdate = Partial<
  Pick<
    RecordValues,
    | "status"
    | "checksum"
    | "rollbackSql"
    | "errorMessage"
    | "statementsDone"
    | "failedStatement"
    | "direction"
    | "statementsTotal"
  >
>;

const UPDATE_COLUMNS: Readonly<Record<keyof RowUpdate, string>> = {
  status: "status",
  checksum: "checksum",
  rollbackSql: "rollback_sql",
  errorMessage: "error_message",
  statementsDone: "statements_done",
  failedStatement: "failed_statement",
  direction: "direction",
  statementsTotal: "statements_total",
};

function osUser(): string {
  try {
    return userInfo().username || "unknown";
  } catch {
    return "unknown";
  }
}

/** Reads and writes the tracking tables through one connection. */
export class HistoryStore {
  readonly table: string;
  readonly logTable: string;
  private readonly ref: string;
  private readonly logRef: string;

  private appliedBy: string | null = null;

  constructor(
    private readonly dialect: Dialect,
    private readonly conn: Connection,
    table: string,
    private readonly host: string,
    private readonly toolVersion: string,
  ) {
    this.table = table;
    this.logTable = `${table}_log`;
    this.ref = dialect.tableRef(this.table);
    this.logRef = dialect.tableRef(this.logTable);
  }

  /** The quoted references of both tracking tables, as every tracking statement names them. */
  get tableRefs(): readonly string[] {
    return [this.ref, this.logRef];
  }

  /**
   * Creates both tables when missing and upgrades older layouts in place: layout 2 added
   * `direction` and `statements_total` (the down journal). The layout is logged (action `layout`).
   */
  async ensure(): Promise<void> {
    const t = this.dialect.types;
    const q = (c: string) => this.dialect.quoteIdent(c);
    await this.dialect.ensureTableSchema?.(this.conn, this.table);
    await this.conn.exec(
      `CREATE TABLE IF NOT EXISTS ${this.ref} (${q("version")} ${t.key} PRIMARY KEY, ${q("name")} ${t.text} NOT NULL, ${q("kind")} ${t.text} NOT NULL, ${q("format")} ${t.text} NOT NULL, ${q("checksum")} ${t.text} NOT NULL, ${q("status")} ${t.text} NOT NULL, ${q("applied_at")} ${t.timestamp}, ${q("execution_ms")} ${t.integer}, ${q("applied_by")} ${t.text}, ${q("rollback_sql")} ${t.longText}, ${q("error_message")} ${t.longText}, ${q("tool_version")} ${t.text}, ${q("statements_done")} ${t.integer} NOT NULL DEFAULT 0, ${q("failed_statement")} ${t.integer}, ${q("direction")} ${t.text}, ${q("statements_total")} ${t.integer})`,
    );
    await this.conn.exec(
      `CREATE TABLE IF NOT EXISTS ${this.logRef} (${t.autoId}, ${q("version")} ${t.key} NOT NULL, ${q("name")} ${t.text} NOT NULL, ${q("action")} ${t.text} NOT NULL, ${q("result")} ${t.text} NOT NULL, ${q("at")} ${t.timestamp} NOT NULL, ${q("execution_ms")} ${t.integer}, ${q("applied_by")} ${t.text}, ${q("tool_version")} ${t.text}, ${q("message")} ${t.longText})`,
    );
    if ((await this.layout()) >= LAYOUT_VERSION) return;
    await this.addMissingColumns([
      ["direction", t.text],
      ["statements_total", t.integer],
    ]);
    const part = this.logPart(
      { id: "", name: "tracking tables" },
      "layout",
      "ok",
      null,
      `layout ${LAYOUT_VERSION}`,
    );
    await this.conn.query(part.sql, part.params);
  }

  /** The newest layout logged; 0 when none is (tables created just now). */
  private async layout(): Promise<number> {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const rows = await this.conn.query(
      `SELECT ${q("message")} FROM ${this.logRef} WHERE ${q("action")} = ${this.dialect.placeholder(1)}`,
      ["layout"],
    );
    return Math.max(
      0,
      ...rows.map((r) => Number(/layout (\d+)/.exec(String(r.message))?.[1] ?? 0)),
    );
  }

  /** Adds each column the tracking table lacks (a table of an older layout). */
  private async addMissingColumns(columns: readonly (readonly [string, string])[]): Promise<void> {
    for (const [name, type] of columns) {
      const column = this.dialect.quoteIdent(name);
      const present = await this.conn.query(`SELECT ${column} FROM ${this.ref} WHERE 1 = 0`).then(
        () => true,
        () => false,
      );
      if (!present) await this.conn.exec(`ALTER TABLE ${this.ref} ADD COLUMN ${column} ${type}`);
    }
  }

  /**
   * Every tracking row, one query; null when the table does not exist yet. `brief` reads only
   * what deciding that a run has nothing to do needs (see {@link toBriefRecord}): with ten
   * thousand rows, the stored down SQL, the times and the rest cost more than the rest of a
   * no-op `up`. A table of an older layout is read in full.
   */
  async readAll(options: { readonly brief?: boolean } = {}): Promise<AppliedRecord[] | null> {
    if (options.brief) {
      const q = (c: string) => this.dialect.quoteIdent(c);
      const cols = ["version", "name", "kind", "format", "checksum", "status", "direction"];
      const rows = await this.conn
        .query(
          `SELECT ${cols.map(q).join(", ")}, CASE WHEN ${q("rollback_sql")} IS NULL THEN 0 ELSE 1 END AS ${q("has_down")} FROM ${this.ref}`,
        )
        .catch(() => null);
      if (rows !== null) return rows.map(toBriefRecord);
    }
    // Every column: a table of an older layout (not upgraded until the next write) reads too.
    const select = `SELECT * FROM ${this.ref}`;
    let rows: Row[];
    try {
      rows = await this.conn.query(select);
    } catch (err) {
      if (!(await this.exists())) return null;
      // Created by another run between the two queries: read again.
      try {
        rows = await this.conn.query(select);
      } catch {
        throw err;
      }
    }
    return rows.map(toRecord);
  }

  /**
   * Learns who applies once, before the first write: `user@host`, the database user (without
   * the host part MySQL gives it) or, on an engine without users, the operating-system user,
   * then the machine's host name.
   */
  async identify(): Promise<void> {
    if (this.appliedBy !== null) return;
    const rows = await this.conn.query(this.dialect.currentUserSql).catch(() => []);
    const user = rows[0]?.user;
    this.appliedBy = `${user === null || user === undefined || user === "" ? osUser() : String(user)}@${this.host}`;
  }

  /** The log, oldest first; `limit` keeps the newest N. */
  async readLog(limit?: number): Promise<LogEntry[]> {
    if (!(await this.exists())) return [];
    const q = (c: string) => this.dialect.quoteIdent(c);
    const cols = ["id", ...LOG_COLUMNS].map(q).join(", ");
    const limitSql = limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(limit))}`;
    const rows = await this.conn.query(
      `SELECT ${cols} FROM ${this.logRef} ORDER BY ${q("id")} DESC${limitSql}`,
    );
    return rows.reverse().map(toLogEntry);
  }

  /**
   * Versions whose latest `up`, `stamp` or `import` log entry is a stamp or an import: recorded
   * without running here.
   * One grouped query over the log; call it only when tracking rows exist (then so does the log).
   */
  async readStamped(): Promise<Set<string>> {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const p = (i: number) => this.dialect.placeholder(i);
    const rows = await this.conn.query(
      `SELECT ${q("l")}.${q("version")} FROM ${this.logRef} ${q("l")} JOIN (SELECT MAX(${q("id")}) AS ${q("id")} FROM ${this.logRef} WHERE ${q("action")} IN (${p(1)}, ${p(2)}, ${p(3)}) GROUP BY ${q("version")}) ${q("latest")} ON ${q("l")}.${q("id")} = ${q("latest")}.${q("id")} WHERE ${q("l")}.${q("action")} IN (${p(4)}, ${p(5)})`,
      ["up", "stamp", "import", "stamp", "import"],
    );
    return new Set(rows.map((r) => String(r.version)));
  }

  private async exists(): Promise<boolean> {
    try {
      await this.conn.query(`SELECT 1 FROM ${this.ref} WHERE 1 = 0`);
      return true;
    } catch {
      return false;
    }
  }

  /** Replaces the row of `info` (delete + insert: portable across engines). */
  recordParts(
    info: Pick<MigrationInfo, "id" | "name" | "kind" | "format">,
    values: RecordValues,
  ): BatchPart[] {
    const values_ = [
      info.id,
      info.name,
      info.kind,
      info.format,
      values.checksum,
      values.status,
      values.appliedAt ?? new Date(),
      values.executionMs,
      values.appliedBy ?? this.appliedBy,
      values.rollbackSql,
      values.errorMessage,
      this.toolVersion,
      values.statementsDone,
      values.failedStatement,
      values.direction,
      values.statementsTotal,
    ];
    return [this.deletePart(info.id), this.insertPart(this.ref, RECORD_COLUMNS, values_)];
  }

  /** An INSERT with one placeholder per value; the value "elapsed" becomes the dialect's expression. */
  private insertPart(
    ref: string,
    columns: readonly string[],
    values: readonly unknown[],
  ): BatchPart {
    const params: unknown[] = [];
    const marks = values.map((v) => {
      if (v === "elapsed" && this.dialect.elapsedMsExpression)
        return this.dialect.elapsedMsExpression;
      params.push(v === "elapsed" ? null : v);
      return this.dialect.placeholder(params.length);
    });
    const cols = columns.map((c) => this.dialect.quoteIdent(c)).join(", ");
    return { sql: `INSERT INTO ${ref} (${cols}) VALUES (${marks.join(", ")})`, params };
  }

  /** Sets the measured duration of a row and of its newest log entry (when the dialect cannot do it in the transaction). */
  timingParts(id: string, executionMs: number, direction: "up" | "down"): BatchPart[] {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const p = (i: number) => this.dialect.placeholder(i);
    const row: BatchPart = {
      sql: `UPDATE ${this.ref} SET ${q("execution_ms")} = ${p(1)} WHERE ${q("version")} = ${p(2)}`,
      params: [executionMs, id],
    };
    return [
      ...(direction === "up" ? [row] : []),
      {
        sql: `UPDATE ${this.logRef} SET ${q("execution_ms")} = ${p(1)} WHERE ${q("id")} = (SELECT ${q("id")} FROM (SELECT MAX(${q("id")}) AS ${q("id")} FROM ${this.logRef} WHERE ${q("version")} = ${p(2)}) ${q("newest")})`,
        params: [executionMs, id],
      },
    ];
  }

  /** Sets some columns of an existing row (the down journal, repair); the others stay. */
  updatePart(id: string, values: RowUpdate): BatchPart {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const p = (i: number) => this.dialect.placeholder(i);
    const entries = Object.entries(values).filter(([, v]) => v !== undefined);
    const sets = entries.map(
      ([key], i) => `${q(UPDATE_COLUMNS[key as keyof RowUpdate])} = ${p(i + 1)}`,
    );
    return {
      sql: `UPDATE ${this.ref} SET ${sets.join(", ")} WHERE ${q("version")} = ${p(entries.length + 1)}`,
      params: [...entries.map(([, v]) => v), id],
    };
  }

  deletePart(id: string): BatchPart {
    const q = (c: string) => this.dialect.quoteIdent(c);
    return {
      sql: `DELETE FROM ${this.ref} WHERE ${q("version")} = ${this.dialect.placeholder(1)}`,
      params: [id],
    };
  }

  /** Appends an action to the log. */
  logPart(
    m: { id: string; name: string },
    action: LogAction,
    result: "ok" | "failed",
    executionMs: number | null | "elapsed",
    message: string | null,
  ): BatchPart {
    const values = [
      m.id,
      m.name,
      action,
      result,
      new Date(),
      executionMs,
      this.appliedBy,
      this.toolVersion,
      message,
    ];
    return this.insertPart(this.logRef, LOG_COLUMNS, values);
  }

  /** Runs parts now, outside any migration transaction (each statement commits on its own). */
  async write(parts: readonly BatchPart[]): Promise<void> {
    await this.conn.batch(parts, { transaction: true });
  }
}
