/**
 * The contract every database engine implements. Dialects are dumb: they connect, run
 * what they are given, lock, split scripts, and turn driver errors into QueryErrors.
 * Ordering, planning, transactions, the failed/running journal and reporting live in core.
 *
 * To add an engine: implement {@link Dialect} in `src/dialects/<engine>/`, declare its
 * {@link Capabilities} (they choose the lock and the transaction plan), register its URL
 * scheme in `registry.ts` (lazily imported), and run the conformance suite against it
 * (`test/conformance/`). Core never imports a driver; a dialect types the three to five driver
 * methods it calls structurally and loads the driver with a dynamic `import()`.
 */
import { type QueryError, TidemarkError } from "../core/errors.js";
import type { Row } from "../core/migration.js";
import type { IntrospectScope, SchemaSnapshot } from "../schema/snapshot.js";

export type DialectName = "sqlite" | "postgres" | "pglite" | "mysql";

/** Whose SQL an engine speaks: what lint parses it with and which rules apply. */
export type SqlSyntax = "postgres" | "mysql" | "sqlite";

/**
 * Readonly facts the core branches on. Never branch on a dialect's name. The lock and the
 * transaction plan are chosen from these flags, so that an engine that speaks another's
 * protocol but differs in locks or DDL (CockroachDB, YugabyteDB, TiDB) is a dialect folder that
 * declares its flags, not a branch in core.
 */
export interface Capabilities {
  /**
   * How runs exclude each other. `session`: the dialect's {@link Dialect.createLock}, a lock
   * tied to the migrating session (PostgreSQL and MySQL advisory locks; SQLite's own lock row,
   * released when its session closes). `table-row`: the core's lock row in `<table>_lock`
   * (src/core/row-lock.ts), for engines whose advisory locks are missing or no-ops.
   */
  readonly lock: "session" | "table-row";
  /**
   * DDL rolls back with its transaction (PostgreSQL, SQLite). False where DDL commits
   * implicitly (MySQL): a migration holding DDL then runs statement by statement.
   */
  readonly transactionalDdl: boolean;
  /**
   * How many DDL statements one transaction may hold. `many`: a migration is one transaction.
   * `one` (CockroachDB-style: each schema change commits alone, and none may follow a write in
   * its transaction): a migration whose SQL holds DDL among two or more statements runs
   * statement by statement through the journal, each statement committed on its own.
   */
  readonly ddlPerTransaction: "many" | "one";
  /** Per-migration lock/statement timeouts are set by `migrationSettings`, and a lock-timeout failure may be retried. */
  readonly lockTimeouts: boolean;
  /** Tracking tables may live in a named schema (`?schema=`). */
  readonly schemas: boolean;
  /** Only one session can be open on the database (in-process engines): no second session to inspect locks. */
  readonly singleConnection: boolean;
}

/** One statement cut from a script. `offset` (0-based) and `line` (1-based) are relative to the script. */
export interface Statement {
  readonly sql: string;
  readonly offset: number;
  readonly line: number;
}

/** One piece of a {@link Connection.batch}: a script (no params) or a single parameterised statement. */
export interface BatchPart {
  readonly sql: string;
  readonly params?: readonly unknown[];
}

/**
 * One database session, used for the whole run (the lock is held on it).
 * Parameters may include strings, numbers, bigints, null and Date (a dialect converts what its driver lacks).
 * Every method throws a {@link QueryError} (via the dialect's `normalizeError`) when the database refuses.
 */
export interface Connection {
  /** One statement with parameters; the rows it returns, or an empty array. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * {@link query}, with each row handed to `each` as it arrives and not kept: memory does not
   * grow with the rows. `each` must not throw (the driver is mid-message when it is called).
   * Optional; callers fall back to `query`.
   */
  queryEach?(sql: string, params: readonly unknown[], each: (row: Row) => void): Promise<void>;
  /** A script of one or more statements sent as written (no parameters). A QueryError's position is an offset into `script`. */
  exec(script: string): Promise<void>;
  /**
   * One statement exactly as the dialect's `splitStatements` returned it, sent as the engine's
   * own client would send it and never split again (a statement may hold its body's `;`).
   */
  execStatement(statement: Statement): Promise<void>;
  /**
   * Statements that put back what a migration may have changed in the session and that tidemark
   * relies on (PostgreSQL: the role and search_path; MySQL: the current database and table
   * locks), as they were when the session opened. The core runs them after each migration's SQL
   * and before its tracking writes, in the same transaction. Empty when the engine needs none.
   */
  restoreSession(): readonly BatchPart[];
  /**
   * Runs `parts` in order in as few round trips as the engine allows (PostgreSQL: one).
   * With `transaction: true` they run between BEGIN and COMMIT, and a failure rolls back before
   * it throws. With `transaction: false` the caller already holds a transaction (begin()).
   * A failure throws a QueryError whose `part` is the index of the failing part and whose
   * `position` is an offset into that part's sql.
   */
  batch(parts: readonly BatchPart[], options: { readonly transaction: boolean }): Promise<void>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /**
   * Closes the session; never throws. Releases any session-level lock with it. With `detach`
   * (a process about to exit), returns once the end is sent, without waiting for the server
   * to confirm it: the server still ends the session, a few ms later.
   */
  close(options?: { readonly detach?: boolean }): Promise<void>;
  /**
   * In-process engines only, whose database no outside tool can read while this session has
   * it open: writes a consistent copy of the whole database to `file` through this session
   * (SQLite: the online backup API; PGlite: its data-directory dump, a tar.gz). Absent on
   * server engines, whose own dump tools do this (src/ops/backup/).
   */
  copyTo?(file: string): Promise<void>;
}

/**
 * A run-long, session-level lock keyed by schema/database + tracking table, so that two
 * tracking tables never block each other. A killed process must never leave it held.
 * The core polls `tryAcquire` until its timeout (see core/lock.ts).
 */
export interface MigrationLock {
  /** One attempt, without waiting: true when this session now holds the lock. */
  tryAcquire(): Promise<boolean>;
  /** Who holds the lock ("tidemark 0.1.0 on host:1234, since …"), or null when unknown or free. */
  holder(): Promise<string | null>;
  /** Releases the lock if held; never throws. */
  release(): Promise<void>;
}

/** Column types for the tracking tables. */
export interface TrackingTypes {
  /** Primary-key text (MySQL needs a bounded VARCHAR). */
  readonly key: string;
  readonly text: string;
  /** Unbounded text (rollback SQL, error messages). */
  readonly longText: string;
  readonly integer: string;
  readonly timestamp: string;
  /** A whole column definition of an auto-incrementing integer primary key. */
  readonly autoId: string;
}

export interface ConnectOptions {
  /** Set as application_name (or the engine's equivalent) so that a lock holder can be named. */
  readonly applicationName: string;
  /**
   * The session only reads (status, history, validate, …): an engine whose connect would create
   * the database (SQLite) refuses a missing one instead, with "no such database". Server engines
   * ignore it.
   */
  readonly readOnly?: boolean;
}

/** A parsed URL bound to one engine. Created by the registry; cheap until `connect()`. */
export interface Dialect {
  readonly name: DialectName;
  /** Whose SQL it speaks (CockroachDB: `postgres`, TiDB: `mysql`); lint reads it so. */
  readonly syntax: SqlSyntax;
  readonly capabilities: Capabilities;
  /** The URL with any password replaced by `***`: the only form ever shown. */
  readonly displayUrl: string;
  connect(options: ConnectOptions): Promise<Connection>;
  /**
   * The migration lock for `table` on `conn`; a schema-qualified `table` is locked in its
   * schema. Required when `capabilities.lock` is `session`; absent on a `table-row` engine,
   * whose lock the core provides (take a lock through the core's `migrationLock`, never this).
   */
  createLock?(conn: Connection, table: string): MigrationLock;
  /** Quotes an identifier. */
  quoteIdent(name: string): string;
  /**
   * The quoted, schema-qualified reference to a tracking table. `app.x` is schema (or MySQL
   * database) `app`, table `x`, on engines that have them; elsewhere a dot is refused (E_CONFIG,
   * see {@link parseTableName}). Never a table literally named `app.x`.
   */
  tableRef(table: string): string;
  /**
   * Creates the schema (PostgreSQL) or database (MySQL) that a qualified tracking table names,
   * when missing; called before the tracking tables are created. Absent: nothing to create.
   */
  ensureTableSchema?(conn: Connection, table: string): Promise<void>;
  /** Placeholder text for the 1-based parameter `index` (`$1` or `?`). */
  placeholder(index: number): string;
  readonly types: TrackingTypes;
  /**
   * SQL returning one row with a column `user`: the database user applying migrations, without
   * any host part (the core appends the machine's host name); NULL on an engine without users.
   */
  readonly currentUserSql: string;
  /** Cuts a script into statements, honouring the engine's quoting, comments and bodies. */
  splitStatements(script: string): Promise<readonly Statement[]>;
  /**
   * Why this script cannot run inside one transaction that rolls back on failure
   * (e.g. "CREATE INDEX CONCURRENTLY cannot run inside a transaction block (line 3)",
   * or on MySQL "holds DDL, which MySQL commits implicitly"), or null when it can.
   */
  nonTransactionalReason(script: string): Promise<string | null>;
  /**
   * `statement` as it must run while the tracking tables (`tables`, quoted references) are
   * written between statements: MySQL's LOCK TABLES makes every table it does not name unusable,
   * so it also names the tracking tables. Absent (or returning `statement`) elsewhere.
   */
  withTrackingLocks?(statement: string, tables: readonly string[]): string;
  /** Statements to run first in each migration's transaction (e.g. SET LOCAL lock_timeout); empty when none. */
  migrationSettings(options: MigrationSettingsOptions): readonly string[];
  /** True when the error is a lock-timeout failure that a retry may cure. */
  isLockTimeout(err: QueryError): boolean;
  /** True when the error is an INSERT's taken unique key (the row lock reads it as "busy"). */
  isDuplicateKey(err: QueryError): boolean;
  /** After a lock-timeout failure: which sessions hold locks on what `statement` touches, or null. */
  describeLockBlockers(conn: Connection, statement: string): Promise<string | null>;
  /**
   * The schema on `conn` as one {@link SchemaSnapshot} (see `src/schema/snapshot.ts` for the
   * contract: sorted, server-printed text, extension objects and `scope.exclude` left out).
   * Implemented in the dialect's own `introspect.ts`, loaded lazily.
   */
  introspect?(conn: Connection, scope: IntrospectScope): Promise<SchemaSnapshot>;
  /**
   * verify's trial transaction (see Migrator.trial): absent where the engine cannot tell that a
   * transaction left the catalogs exactly as it found them (verify then compares snapshots).
   */
  readonly trial?: TrialPlan;
  /** Where `verify` and `drift` build a throw-away copy of the schema (see `src/schema/shadow.ts`). */
  readonly scratch?: ScratchPlan;
  /**
   * Optional SQL expression for the milliseconds since the current transaction began
   * (PostgreSQL: clock_timestamp() - now()). With it, a migration's duration is written in its
   * own transaction; without it, the core writes the measured duration right after the commit.
   */
  readonly elapsedMsExpression?: string;
  /**
   * Optional SQL of a timestamp column as the text `Date.prototype.toISOString` gives of it
   * (`2026-11-26T11:49:54.123Z`: UTC, milliseconds), so that a long `status` need not make a
   * Date a row. Absent: the column is read as a Date.
   */
  isoTimeSql?(column: string): string;
  /**
   * Creates the database the URL names (a server's database, SQLite's file, PGlite's data
   * directory); resolves false when it exists already. Absent: the engine creates nothing.
   * Identifiers are quoted by the dialect; the name is never interpolated as written.
   */
  createDatabase?(): Promise<boolean>;
  /**
   * Drops the database the URL names; resolves false when there was none. A server engine
   * refuses (E_IN_USE, naming how many) while other sessions are connected to it: it never
   * ends them. Absent: the engine cannot drop.
   */
  dropDatabase?(): Promise<boolean>;
  /**
   * One attempt to reach the server: resolves once it accepts a connection (the database
   * itself need not exist), throws E_CONNECT otherwise. Absent: there is no server to wait for.
   */
  ping?(): Promise<void>;
  /** Turns anything a driver threw into a QueryError (position, SQLSTATE, detail, hint). */
  normalizeError(err: unknown, sql?: string): QueryError;
  /**
   * SQL of one row `(n, digest)` over `select`, a query of two text columns `k` and `v`: how
   * many rows it has, and the lower-case hex SHA-256 of the UTF-8 text made of `k v` and a
   * newline for each row, in the byte order of `k` (of the empty text for no rows). A no-op
   * `up` then compares a long history with the folder without its rows crossing the wire.
   * Absent: the rows are read.
   */
  digestSql?(select: string): string;
  /**
   * SQL of an expression (a scalar subquery) whose value is the text of a JSON array with one
   * array a column of `columns`, each holding that column's values of the rows of `select` in
   * one same row order (`[[], …]` for no rows). A long history then crosses the wire as one
   * value that one JSON.parse reads: a driver's work for each row (a string a value, an object
   * a row) is most of what a long `status` costs, and a row's array would cost one more object
   * a row. Absent: the rows are read one by one.
   */
  jsonColumnsSql?(select: string, columns: readonly string[]): string;
  /**
   * What a `status` that prints its rows as they arrive needs (see HistoryStore.eachApplied):
   * `begin`, a statement that opens a read-only transaction seeing one snapshot; `bytewise`, a
   * column in the byte order of its text (the digest's order); `printable`, a condition true
   * when a column's text is printable ASCII (its length is then what a terminal shows);
   * `digits`, a condition true when a column's text is digits only. Absent: `status` reads its
   * rows whole.
   */
  statusStream?: {
    readonly begin: string;
    bytewise(column: string): string;
    printable(column: string): string;
    digits(column: string): string;
  };
}

export interface MigrationSettingsOptions {
  readonly lockTimeoutMs: number;
  /** 0 means no limit. */
  readonly statementTimeoutMs: number;
}

/** A configured tracking-table name, split: `x` → (null, x); `app.x` → (app, x). */
export interface TableName {
  readonly schema: string | null;
  readonly name: string;
}

/**
 * Splits a configured tracking-table name at its dot. `qualifier` says what the part before
 * the dot is on this engine ("schema", "database"), or null where a dot is refused.
 * Other characters are allowed: every identifier is quoted, never interpolated.
 */
export function parseTableName(
  table: string,
  qualifier: "schema" | "database" | null,
  engine: string,
): TableName {
  const parts = table.split(".");
  const bad = (message: string, hint: string) =>
    new TidemarkError("E_CONFIG", `Tracking table "${table}": ${message}`, { hint });
  if (parts.some((p) => p.trim() === "" || p.includes("\0"))) {
    throw bad(
      "not a table name",
      `Use a name such as tidemark_migrations${qualifier ? `, or <${qualifier}>.<table>` : ""}.`,
    );
  }
  if (parts.length === 1) return { schema: null, name: table };
  if (qualifier === null) {
    throw bad(
      `${engine} has no schemas, so the name cannot hold a dot`,
      `Use a name without a dot, such as ${parts.join("_")}.`,
    );
  }
  if (parts.length > 2) {
    throw bad(
      `expected <${qualifier}>.<table>, with one dot`,
      "Name the table with at most one dot.",
    );
  }
  return { schema: parts[0]!, name: parts[1]! };
}

/** A transaction kept only when the catalogs end as they began (PostgreSQL: pg-catalog-mark.ts). */
export interface TrialPlan {
  /** Begins the transaction and marks the catalogs (a script; it writes no catalog row). */
  beginSql(): Promise<string>;
  /** Commits when the catalogs are row for row as at the mark, else fails (a script). */
  keepSql(): Promise<string>;
  /** Checks now the constraints deferred to the commit, after each up in the trial. */
  readonly checkDeferredSql: string;
}

/**
 * How to get a throw-away database of the same engine. `memory`: a URL that opens a fresh,
 * empty database on every connection (`sqlite::memory:`, `pglite:memory`). `server`: a
 * scratch database created and dropped on a server, named by tidemark.
 */
export type ScratchPlan =
  | { readonly kind: "memory"; readonly url: string }
  | {
      readonly kind: "server";
      /** The URL of database `name` on the same server, with the same user and settings. */
      urlFor(name: string): string;
      /** `CREATE DATABASE` for `name` (a plain identifier tidemark made up). */
      createSql(name: string): string;
      /**
       * Settings for the sessions to come in `name`, run right after it was made: PostgreSQL
       * commits without waiting for the disk there (nothing in it needs to outlive a crash).
       */
      setupSql?(name: string): string;
      /** Drops `name` even while sessions are still connected to it. */
      dropSql(name: string): string;
      /** Where to go instead when the server refuses CREATE DATABASE (PostgreSQL: an in-memory PGlite). */
      readonly fallbackUrl?: string;
    };
