/**
 * The tracking tables: `<table>` (one row per migration) and `<table>_log` (one row per action).
 * The store builds the SQL; the executor decides when it runs (often batched with a migration
 * so that the row is written in the migration's own transaction).
 */
import { userInfo } from "node:os";
import type { BatchPart, Connection, Dialect, TrackingTypes } from "../dialects/dialect.js";
import {
  APPLIED_ROW_COLUMNS,
  type AppliedRecord,
  type AppliedRow,
  type AppliedStamped,
  LOG_COLUMNS,
  type LogAction,
  type LogEntry,
  parseAppliedJson,
  RECORD_COLUMNS,
  type RecordValues,
  toAppliedRow,
  toBriefRecord,
  toLogEntry,
  toRecord,
  toStatusRecord,
} from "./history-rows.js";
import type { MigrationInfo, Row } from "./migration.js";
import { type StatusApplied, statusApplied } from "./status.js";

export type {
  AppliedRecord,
  AppliedRow,
  AppliedStamped,
  LogAction,
  LogEntry,
  RecordStatus,
  RecordValues,
} from "./history-rows.js";
export { appliedValues } from "./history-rows.js";

/** The answer of {@link HistoryStore.digest}. */
export interface Digested {
  /** How many rows the app has. */
  readonly rows: number;
  readonly digest: string;
  /** With `withApplied`: what readAppliedStamped() reads, read in the digest's statement. */
  readonly applied?: () => AppliedStamped | undefined;
}

/** What `status` prints before the rows of an all-applied history (see HistoryStore.appliedHead). */
export interface AppliedHead {
  /** Applied rows. */
  readonly count: number;
  /** The highest versioned id in byte order, or null when only repeatables are applied. */
  readonly current: string | null;
  /** The longest id and the longest name (printable ASCII: characters are columns). */
  readonly longestId: number;
  readonly longestName: number;
  /** True when a row has a time. */
  readonly timed: boolean;
}

/** The layout of the tracking tables this release writes; recorded in the log as action `layout`. */
export const LAYOUT_VERSION = 3;

/** The app of a migration set when the config names no apps (and of every row written before layout 3). */
export const DEFAULT_APP = "";

/** How much of each tracking row {@link HistoryStore.readAll} reads. */
export type RecordRead = "brief" | "status" | "full";

/** The columns a brief read takes as they are (see {@link toBriefRecord}). */
const BRIEF_COLUMNS = ["version", "name", "kind", "format", "checksum", "status", "direction"];
/** The columns a status read takes as they are (see {@link toStatusRecord}). */
const STATUS_COLUMNS = [
  ...BRIEF_COLUMNS,
  "applied_at",
  "execution_ms",
  "statements_done",
  "failed_statement",
  "statements_total",
];

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

/** A column of a tracking table: name, type (from the dialect's {@link TrackingTypes}), constraint. */
type ColumnSpec = readonly [string, Exclude<keyof TrackingTypes, "autoId">, string?];

const TRACKING_TABLE: readonly ColumnSpec[] = [
  ["version", "key", "NOT NULL"],
  ["name", "text", "NOT NULL"],
  ["kind", "text", "NOT NULL"],
  ["format", "text", "NOT NULL"],
  ["checksum", "text", "NOT NULL"],
  ["status", "text", "NOT NULL"],
  ["applied_at", "timestamp"],
  ["execution_ms", "integer"],
  ["applied_by", "text"],
  ["rollback_sql", "longText"],
  ["error_message", "longText"],
  ["tool_version", "text"],
  ["statements_done", "integer", "NOT NULL DEFAULT 0"],
  ["failed_statement", "integer"],
  ["direction", "text"],
  ["statements_total", "integer"],
  ["app", "key", "NOT NULL DEFAULT ''"],
];

const LOG_TABLE: readonly ColumnSpec[] = [
  ["version", "key", "NOT NULL"],
  ["name", "text", "NOT NULL"],
  ["action", "text", "NOT NULL"],
  ["result", "text", "NOT NULL"],
  ["at", "timestamp", "NOT NULL"],
  ["execution_ms", "integer"],
  ["applied_by", "text"],
  ["tool_version", "text"],
  ["message", "longText"],
  ["app", "key", "NOT NULL DEFAULT ''"],
];

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
    /** The app whose rows this store reads and writes (config `apps`); '' for the default set. */
    readonly app: string = DEFAULT_APP,
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
   * `direction` and `statements_total` (the down journal); layout 3 added `app` to both tables
   * (rows written before belong to the default app, '') and made (`app`, `version`) the key.
   * The layout is logged (action `layout`).
   */
  async ensure(): Promise<void> {
    const t = this.dialect.types;
    await this.dialect.ensureTableSchema?.(this.conn, this.table);
    await this.conn.exec(this.trackingTableSql(this.ref));
    await this.conn.exec(
      `CREATE TABLE IF NOT EXISTS ${this.logRef} (${t.autoId}, ${this.columnsSql(LOG_TABLE)})`,
    );
    if ((await this.layout()) >= LAYOUT_VERSION) return;
    await this.addMissingColumns(this.ref, [
      ["direction", t.text],
      ["statements_total", t.integer],
    ]);
    if (!(await this.hasColumn(this.ref, "app"))) await this.rekeyByApp();
    await this.addMissingColumns(this.logRef, [["app", `${t.key} NOT NULL DEFAULT ''`]]);
    const part = this.logPart(
      { id: "", name: "tracking tables" },
      "layout",
      "ok",
      null,
      `layout ${LAYOUT_VERSION}`,
    );
    await this.conn.query(part.sql, part.params);
  }

  /** `CREATE TABLE IF NOT EXISTS` of the tracking table, in this release's layout. */
  private trackingTableSql(ref: string): string {
    const q = (c: string) => this.dialect.quoteIdent(c);
    return `CREATE TABLE IF NOT EXISTS ${ref} (${this.columnsSql(TRACKING_TABLE)}, PRIMARY KEY (${q("app")}, ${q("version")}))`;
  }

  /** Column definitions of a tracking table from (name, type key, constraint) triples. */
  private columnsSql(columns: readonly ColumnSpec[]): string {
    const t = this.dialect.types;
    return columns
      .map(
        ([name, type, rest]) =>
          `${this.dialect.quoteIdent(name)} ${t[type]}${rest ? ` ${rest}` : ""}`,
      )
      .join(", ");
  }

  /**
   * Layout 3's new key, (`app`, `version`): no engine changes a primary key in one portable
   * statement, so the rows move to a table of the new layout and back (CREATE, INSERT, DROP
   * only), in one transaction where the engine has transactional DDL.
   */
  private async rekeyByApp(): Promise<void> {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const copy = this.dialect.tableRef(`${this.table}_layout${LAYOUT_VERSION}`);
    const old = RECORD_COLUMNS.filter((c) => c !== "app")
      .map(q)
      .join(", ");
    const all = [...RECORD_COLUMNS].map(q).join(", ");
    const p = this.dialect.placeholder(1);
    await this.conn.batch(
      [
        { sql: `DROP TABLE IF EXISTS ${copy}`, params: [] },
        { sql: this.trackingTableSql(copy), params: [] },
        {
          sql: `INSERT INTO ${copy} (${old}, ${q("app")}) SELECT ${old}, ${p} FROM ${this.ref}`,
          params: [DEFAULT_APP],
        },
        { sql: `DROP TABLE ${this.ref}`, params: [] },
        { sql: this.trackingTableSql(this.ref), params: [] },
        { sql: `INSERT INTO ${this.ref} (${all}) SELECT ${all} FROM ${copy}`, params: [] },
        { sql: `DROP TABLE ${copy}`, params: [] },
      ],
      { transaction: true },
    );
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

  /** Adds each column the table `ref` lacks (a table of an older layout). */
  private async addMissingColumns(
    ref: string,
    columns: readonly (readonly [string, string])[],
  ): Promise<void> {
    for (const [name, type] of columns) {
      if (await this.hasColumn(ref, name)) continue;
      await this.conn.exec(
        `ALTER TABLE ${ref} ADD COLUMN ${this.dialect.quoteIdent(name)} ${type}`,
      );
    }
  }

  private hasColumn(ref: string, name: string): Promise<boolean> {
    const column = this.dialect.quoteIdent(name);
    return this.conn.query(`SELECT ${column} FROM ${ref} WHERE 1 = 0`).then(
      () => true,
      () => false,
    );
  }

  /**
   * This app's rows with status `applied`, counted; null when the table does not exist (or is
   * of a layout before 3).
   */
  async countApplied(): Promise<number | null> {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const rows = await this.conn
      .query(
        `SELECT COUNT(*) AS ${q("n")} FROM ${this.ref} WHERE ${q("app")} = ${this.dialect.placeholder(1)} AND ${q("status")} = 'applied'`,
        [this.app],
      )
      .catch(() => null);
    return rows === null ? null : Number(rows[0]?.n ?? 0);
  }

  /**
   * This app's rows as one digest (see Dialect.digestSql): each row's id, with its checksum
   * when the row describes its migration (the SQL form of `describedByRow` in noop-check.ts:
   * applied, from SQL, with its down SQL or repeatable), else `!`. Undefined when the engine has no
   * digest; null when the query fails (no table, a layout before 3, an older server).
   *
   * `withApplied` (for `status`): where the dialect can (Dialect.jsonColumnsSql), the same
   * statement also reads what {@link readAppliedStamped} reads, so that the rows are the ones
   * digested and come without a second round trip; they are parsed only when `applied()` is
   * called. Without it (or when that statement fails), `applied` is absent.
   */
  async digest(
    options: { readonly withApplied?: boolean } = {},
  ): Promise<Digested | null | undefined> {
    const digestSql = this.dialect.digestSql;
    if (digestSql === undefined) return undefined;
    const q = (c: string) => this.dialect.quoteIdent(c);
    const described = `${q("status")} = 'applied' AND ${q("format")} = 'sql' AND (${q("rollback_sql")} IS NOT NULL OR ${q("kind")} = 'repeatable')`;
    const select = `SELECT ${q("version")} AS k, CASE WHEN ${described} THEN ${q("checksum")} ELSE '!' END AS v FROM ${this.ref} WHERE ${q("app")} = ${this.dialect.placeholder(1)}`;
    const digested = async (sql: string, params: readonly unknown[]) => {
      const row = (await this.conn.query(sql, [...params]).catch(() => null))?.[0];
      return row !== undefined && typeof row.digest === "string" ? row : undefined;
    };
    const json = options.withApplied ? this.appliedJsonSql() : undefined;
    const withRows =
      json &&
      (await digested(
        `SELECT ${q("dg")}.*, ${json.columns} FROM (${digestSql(select)}) AS ${q("dg")}`,
        json.params,
      ));
    if (withRows) {
      const { applied, stamped } = withRows;
      return {
        rows: Number(withRows.n),
        digest: String(withRows.digest),
        applied: () => parseAppliedJson(applied, stamped),
      };
    }
    // No rows asked for, or an engine or layout that refuses the longer statement: the digest alone.
    const row = await digested(digestSql(select), [this.app]);
    return row === undefined ? null : { rows: Number(row.n), digest: String(row.digest) };
  }

  /**
   * This app's rows, read briefly (see {@link readAll}), each handed to `each` as it comes and
   * then dropped where the driver allows it (memory does not grow with the rows); false when
   * the table does not exist (or is of a layout before 3). An error `each` throws is passed on.
   */
  async eachBrief(each: (record: AppliedRecord) => void): Promise<boolean> {
    const sql = this.selectSql("brief");
    let own: { readonly error: unknown } | undefined;
    const take = (row: Row) => {
      if (own !== undefined) return;
      try {
        each(toBriefRecord(row));
      } catch (error) {
        own = { error };
      }
    };
    const read = this.conn.queryEach
      ? this.conn.queryEach(sql, [this.app], take)
      : this.conn.query(sql, [this.app]).then((rows) => {
          for (let i = 0; i < rows.length; i++) take(rows[i]!);
        });
    const ok = await read.then(
      () => true,
      () => false,
    );
    if (own !== undefined) throw own.error;
    return ok;
  }

  /**
   * This app's rows with status `applied`, as a long `status` shows them when every migration
   * is applied as its files are (see {@link AppliedRow}); null when the table does not exist
   * (or is of a layout before 3).
   */
  async readApplied(): Promise<AppliedRow[] | null> {
    const rows = await this.conn.query(this.appliedSql(), [this.app]).catch(() => null);
    const iso = this.dialect.isoTimeSql !== undefined;
    return rows === null ? null : rows.map((row) => toAppliedRow(row, iso));
  }

  /**
   * {@link readApplied} and, when there are rows, {@link readStamped}: where the dialect can
   * (Dialect.jsonColumnsSql), in one query whose two values are JSON texts; else in two
   * queries. Null when the table does not exist (or is of a layout before 3).
   */
  async readAppliedStamped(): Promise<AppliedStamped | null> {
    const read = await this.readAppliedJson();
    if (read) return read;
    const rows = await this.readApplied();
    if (rows === null) return null;
    return { rows, stamped: rows.length > 0 ? await this.readStamped() : undefined };
  }

  /**
   * True when this engine and driver can hand a `status` its applied rows one by one, in the
   * digest's order (Dialect.statusStream, Connection.queryEach): see {@link eachApplied}.
   */
  get streamsStatus(): boolean {
    return this.dialect.statusStream !== undefined && this.conn.queryEach !== undefined;
  }

  /**
   * Opens a read-only transaction that sees one snapshot (Dialect.statusStream), so that a
   * digest, a head and the rows read after it are of one same state; end it with
   * {@link endSnapshot}.
   */
  async beginSnapshot(): Promise<void> {
    const stream = this.dialect.statusStream;
    if (stream === undefined) throw new Error("internal: no snapshot on this engine");
    await this.conn.query(stream.begin, []);
  }

  /** Ends {@link beginSnapshot}'s transaction (it wrote nothing); a failure is of no matter. */
  async endSnapshot(): Promise<void> {
    await this.conn.query("COMMIT", []).catch(() => undefined);
  }

  /**
   * What a `status` of this app's applied rows prints before them: how many, the highest
   * versioned id, the longest id and name, whether any row has a time. Null when the engine
   * cannot stream (see {@link streamsStatus}), the table cannot be read, an id or a name is not
   * printable ASCII (the widths are then not their lengths), or the versioned ids are not digits
   * of one length (their byte order is then not their order): such a status is read whole.
   */
  async appliedHead(): Promise<AppliedHead | null> {
    const stream = this.dialect.statusStream;
    if (stream === undefined || !this.streamsStatus) return null;
    const q = (c: string) => this.dialect.quoteIdent(c);
    const version = q("version");
    const name = q("name");
    const current = `max(${stream.bytewise(`CASE WHEN ${q("kind")} = 'versioned' THEN ${version} END`)})`;
    const versioned = `${q("kind")} = 'versioned'`;
    const plain = `${stream.printable(version)} AND ${stream.printable(name)} AND (${stream.digits(version)} OR NOT ${versioned})`;
    const sql = `SELECT count(*) AS ${q("n")}, ${current} AS ${q("current")}, max(length(${version})) AS ${q("lv")}, max(length(${name})) AS ${q("ln")}, count(${q("applied_at")}) AS ${q("timed")}, count(CASE WHEN ${plain} THEN 1 END) AS ${q("plain")}, count(DISTINCT CASE WHEN ${versioned} THEN length(${version}) END) AS ${q("lengths")} FROM ${this.ref} WHERE ${q("app")} = ${this.dialect.placeholder(1)} AND ${q("status")} = 'applied'`;
    const row = (await this.conn.query(sql, [this.app]).catch(() => null))?.[0];
    if (row === undefined) return null;
    const count = Number(row.n);
    if (Number(row.plain) !== count || Number(row.lengths) > 1) return null;
    return {
      count,
      current: typeof row.current === "string" ? row.current : null,
      longestId: Number(row.lv ?? 0),
      longestName: Number(row.ln ?? 0),
      timed: Number(row.timed) > 0,
    };
  }

  /**
   * This app's applied rows as `status` shows them, in the digest's order (the versioned ids,
   * digits of one length, then the repeatable ones), stamped ones marked, each handed to `each`
   * as it arrives and then dropped: memory does not grow with the rows. For a history whose
   * {@link appliedHead} was read in the same snapshot.
   */
  async eachApplied(each: (row: StatusApplied) => void): Promise<void> {
    const stream = this.dialect.statusStream;
    const queryEach = this.conn.queryEach?.bind(this.conn);
    if (stream === undefined || queryEach === undefined)
      throw new Error("internal: this engine does not stream rows");
    const q = (c: string) => this.dialect.quoteIdent(c);
    const iso = this.dialect.isoTimeSql?.(q("applied_at")) ?? q("applied_at");
    const stamped = this.stampedSql(true, 2);
    // Which rows were stamped: the stamped versions come as rows of their own (`mark` 0) among
    // the applied rows (`mark` 1), and a window over each version tells its applied row whether
    // a mark came with it. One sort of both, whatever the planner believes of their sizes: a
    // join with the grouped log became a nested loop of 10,000 × 10,000 on fresh statistics.
    const columns = ["version", "name", "kind", "checksum", "applied_at", "execution_ms"];
    const rows = `SELECT ${columns.map((c) => (c === "applied_at" ? `${iso} AS ${q(c)}` : q(c))).join(", ")}, 1 AS ${q("mark")} FROM ${this.ref} WHERE ${q("app")} = ${this.dialect.placeholder(1)} AND ${q("status")} = 'applied'`;
    const marks = `SELECT ${q("version")}, NULL, NULL, NULL, NULL, NULL, 0 FROM (${stamped.sql}) AS ${q("s")}`;
    const version = stream.bytewise(q("version"));
    const told = `SELECT ${q("u")}.*, min(${q("mark")}) OVER (PARTITION BY ${version}) AS ${q("stamped")} FROM (${rows} UNION ALL ${marks}) AS ${q("u")}`;
    const sql = `SELECT ${[...columns, "stamped"].map(q).join(", ")} FROM (${told}) AS ${q("w")} WHERE ${q("mark")} = 1 ORDER BY ${version}`;
    const iso8601 = this.dialect.isoTimeSql !== undefined;
    let failure: { readonly error: unknown } | undefined;
    await queryEach(sql, [this.app, ...stamped.params], (row) => {
      if (failure !== undefined) return;
      try {
        each(statusApplied(toAppliedRow(row, iso8601), Number(row.stamped) === 0));
      } catch (error) {
        failure = { error };
      }
    });
    if (failure !== undefined) throw failure.error;
  }

  /** {@link readAppliedStamped} in one query; undefined when it fails (the two queries tell). */
  private async readAppliedJson(): Promise<AppliedStamped | undefined> {
    const json = this.appliedJsonSql();
    if (json === undefined) return undefined;
    const result = await this.conn
      .query(`SELECT ${json.columns}`, [...json.params])
      .then((r) => r[0])
      .catch(() => undefined);
    return result && parseAppliedJson(result.applied, result.stamped);
  }

  /**
   * The two values of {@link readAppliedJson}, `applied` and `stamped` (JSON texts, for
   * parseAppliedJson), as a select list; undefined when the dialect cannot make them. Its one
   * parameter, the app, is placeholder 1 (its digest's too); the stamped query's follow.
   */
  private appliedJsonSql():
    | { readonly columns: string; readonly params: readonly string[] }
    | undefined {
    const json = this.dialect.jsonColumnsSql;
    // JSON holds no time: the time must come as text.
    if (json === undefined || this.dialect.isoTimeSql === undefined) return undefined;
    const q = (c: string) => this.dialect.quoteIdent(c);
    // Placeholders numbered in the order they appear (MySQL's `?` are positional).
    const stamped = this.stampedSql(true, 2);
    return {
      columns: `${json(this.appliedSql(), APPLIED_ROW_COLUMNS)} AS ${q("applied")}, ${json(stamped.sql, ["version"])} AS ${q("stamped")}`,
      params: [this.app, ...stamped.params],
    };
  }

  /**
   * The query of {@link readApplied}: {@link APPLIED_ROW_COLUMNS} of this app's applied rows,
   * the time as text where the dialect can (one parameter, the app, as placeholder 1).
   */
  private appliedSql(): string {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const iso = this.dialect.isoTimeSql?.(q("applied_at"));
    const cols = APPLIED_ROW_COLUMNS.map((c) =>
      c === "applied_at" && iso !== undefined ? `${iso} AS ${q(c)}` : q(c),
    );
    return `SELECT ${cols.join(", ")} FROM ${this.ref} WHERE ${q("app")} = ${this.dialect.placeholder(1)} AND ${q("status")} = 'applied'`;
  }

  /** The query of a `brief` or `status` read of this app's rows (one parameter: the app). */
  private selectSql(read: "brief" | "status"): string {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const cols = read === "brief" ? BRIEF_COLUMNS : STATUS_COLUMNS;
    // Who ran a row and its error show only for a row that is not applied.
    const unlessApplied = (c: string) =>
      `CASE WHEN ${q("status")} = 'applied' THEN NULL ELSE ${q(c)} END AS ${q(c)}`;
    const extra = read === "brief" ? [] : ["applied_by", "error_message"].map(unlessApplied);
    return `SELECT ${[...cols.map(q), ...extra].join(", ")}, CASE WHEN ${q("rollback_sql")} IS NULL THEN 0 ELSE 1 END AS ${q("has_down")} FROM ${this.ref} WHERE ${q("app")} = ${this.dialect.placeholder(1)}`;
  }

  /**
   * Every tracking row, one query; null when the table does not exist yet. `read` says how much
   * of each row: `brief`, only what deciding that a run has nothing to do needs (see
   * {@link toBriefRecord}); `status`, what `status` shows (see {@link toStatusRecord}); `full`
   * (the default), every column. With ten thousand rows, the stored down SQL and the rest cost
   * more than the rest of a no-op `up`. A table of an older layout is read in full.
   */
  async readAll(options: { readonly read?: RecordRead } = {}): Promise<AppliedRecord[] | null> {
    const read = options.read ?? "full";
    if (read !== "full") {
      const rows = await this.conn.query(this.selectSql(read), [this.app]).catch(() => null);
      if (rows !== null) return rows.map(read === "brief" ? toBriefRecord : toStatusRecord);
    }
    // Every column of this app's rows; a table of an older layout (not upgraded until the next
    // write) has no `app` and is read whole below.
    const own = await this.conn
      .query(
        `SELECT * FROM ${this.ref} WHERE ${this.dialect.quoteIdent("app")} = ${this.dialect.placeholder(1)}`,
        [this.app],
      )
      .catch(() => null);
    if (own !== null) return own.map(toRecord);
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
    // A table of a layout before 3 has no `app`: its rows are the default app's.
    return rows.filter((r) => String(r.app ?? DEFAULT_APP) === this.app).map(toRecord);
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
    const limitSql = limit === undefined ? "" : ` LIMIT ${Math.max(0, Math.floor(limit))}`;
    const rows = await this.byApp((filter) => {
      const columns = filter ? LOG_COLUMNS : LOG_COLUMNS.filter((c) => c !== "app");
      const where = filter ? ` WHERE ${q("app")} = ${this.dialect.placeholder(1)}` : "";
      return this.conn.query(
        `SELECT ${["id", ...columns].map(q).join(", ")} FROM ${this.logRef}${where} ORDER BY ${q("id")} DESC${limitSql}`,
        filter ? [this.app] : [],
      );
    });
    return rows.reverse().map(toLogEntry);
  }

  /**
   * Runs `query(true)`, filtered by this store's app. A log of a layout before 3 has no `app`
   * (every entry is then the default app's): the default app's store runs `query(false)`.
   */
  private async byApp<T>(query: (filter: boolean) => Promise<T>): Promise<T> {
    try {
      return await query(true);
    } catch (err) {
      if (this.app !== DEFAULT_APP) throw err;
      return query(false);
    }
  }

  /**
   * Versions whose latest `up`, `stamp` or `import` log entry is a stamp or an import: recorded
   * without running here.
   * One grouped query over the log; call it only when tracking rows exist (then so does the log).
   */
  async readStamped(): Promise<Set<string>> {
    const rows = await this.byApp((filter) => {
      const { sql, params } = this.stampedSql(filter, 1);
      return this.conn.query(sql, params);
    });
    return new Set(rows.map((r) => String(r.version)));
  }

  /**
   * The query of {@link readStamped} (one column, `version`), its placeholders numbered from
   * `from`, with their values in order (MySQL's `?` are positional). `filter`: only this app's
   * entries (a log of a layout before 3 has no `app`).
   */
  private stampedSql(
    filter: boolean,
    from: number,
  ): { readonly sql: string; readonly params: readonly string[] } {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const p = (i: number) => this.dialect.placeholder(from + i - 1);
    const n = filter ? 4 : 3;
    const id = q("id");
    const action = q("action");
    // The latest entry is a stamp or an import when the newest of those is newer than the newest
    // up: one pass and one grouping over the log, no join back to it (half the server's time).
    return {
      sql: `SELECT ${q("version")} FROM ${this.logRef} WHERE ${action} IN (${p(1)}, ${p(2)}, ${p(3)})${filter ? ` AND ${q("app")} = ${p(4)}` : ""} GROUP BY ${q("version")} HAVING MAX(CASE WHEN ${action} IN (${p(n + 1)}, ${p(n + 2)}) THEN ${id} END) > COALESCE(MAX(CASE WHEN ${action} = ${p(n + 3)} THEN ${id} END), 0)`,
      params: ["up", "stamp", "import", ...(filter ? [this.app] : []), "stamp", "import", "up"],
    };
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
      this.app,
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
      sql: `UPDATE ${this.ref} SET ${q("execution_ms")} = ${p(1)} WHERE ${this.keyWhere(2)}`,
      params: [executionMs, id, this.app],
    };
    return [
      ...(direction === "up" ? [row] : []),
      {
        sql: `UPDATE ${this.logRef} SET ${q("execution_ms")} = ${p(1)} WHERE ${q("id")} = (SELECT ${q("id")} FROM (SELECT MAX(${q("id")}) AS ${q("id")} FROM ${this.logRef} WHERE ${this.keyWhere(2)}) ${q("newest")})`,
        params: [executionMs, id, this.app],
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
      sql: `UPDATE ${this.ref} SET ${sets.join(", ")} WHERE ${this.keyWhere(entries.length + 1)}`,
      params: [...entries.map(([, v]) => v), id, this.app],
    };
  }

  deletePart(id: string): BatchPart {
    return { sql: `DELETE FROM ${this.ref} WHERE ${this.keyWhere(1)}`, params: [id, this.app] };
  }

  /** `version = $n AND app = $n+1`: one row of this store's app (params: the id, then the app). */
  private keyWhere(first: number): string {
    const q = (c: string) => this.dialect.quoteIdent(c);
    const p = (i: number) => this.dialect.placeholder(i);
    return `${q("version")} = ${p(first)} AND ${q("app")} = ${p(first + 1)}`;
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
      this.app,
    ];
    return this.insertPart(this.logRef, LOG_COLUMNS, values);
  }

  /** Runs parts now, outside any migration transaction (each statement commits on its own). */
  async write(parts: readonly BatchPart[]): Promise<void> {
    await this.conn.batch(parts, { transaction: true });
  }
}
