/** One SQLite session (better-sqlite3 is synchronous; the async shape is the Connection contract). */
import { messageOf, QueryError } from "../../core/errors.js";
import type { Row } from "../../core/migration.js";
import type { BatchPart, Connection, Statement } from "../dialect.js";
import type { SqliteDatabase } from "./sqlite-driver.js";
import { splitSqliteStatements } from "./sqlite-splitter.js";

/** Maps a driver error to a QueryError. SQLite reports no offsets; callers add the statement's. */
export function sqliteError(err: unknown, sql?: string, position?: number): QueryError {
  if (err instanceof QueryError) return err;
  const code = (err as { code?: string }).code;
  const message = messageOf(err);
  return new QueryError(
    message,
    { sql, sqlState: code, position },
    {
      cause: err,
      // better-sqlite3 is built without SQLite's legacy double-quoted strings (SQLITE_DQS=0) and
      // offers no way to turn them on per connection; the `sqlite3` shell accepts them.
      hint: /string literal in single-quotes/.test(message)
        ? "Write text in single quotes ('y'): double quotes name columns and tables. The sqlite3 shell accepts double-quoted text as a legacy quirk; tidemark's SQLite driver does not."
        : undefined,
    },
  );
}

function toParam(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

/** What a session lock needs from its session: refreshed between transactions, released on close. */
export interface SessionLock {
  /** Refreshes the holder's heartbeat when it is due; never throws. */
  beat(): void;
  release(): Promise<void>;
}

/** A Connection over one better-sqlite3 database handle. */
export class SqliteConnection implements Connection {
  /** Locks taken on this session; closing the session releases them. */
  readonly locks = new Set<SessionLock>();

  constructor(
    readonly db: SqliteDatabase,
    readonly applicationName: string,
  ) {}

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      const stmt = this.db.prepare(sql);
      const values = params.map(toParam);
      if (stmt.reader) return stmt.all(...values) as T[];
      stmt.run(...values);
      return [];
    } catch (err) {
      throw sqliteError(err, sql);
    }
  }

  async exec(script: string): Promise<void> {
    // Statement by statement, so that a failure can name the statement (SQLite gives no offset).
    for (const statement of splitSqliteStatements(script)) {
      try {
        this.run(statement.sql);
      } catch (err) {
        throw sqliteError(err, script, statement.offset);
      }
    }
  }

  async execStatement(statement: Statement): Promise<void> {
    try {
      this.run(statement.sql);
    } catch (err) {
      throw sqliteError(err, statement.sql, 0);
    }
  }

  /** SQLite keeps no session state that a migration could change under tidemark's writes. */
  restoreSession(): readonly BatchPart[] {
    return [];
  }

  private run(sql: string): void {
    // The sqlite3 shell reads its input line by line and drops the CR of each CRLF (also
    // inside string literals): a CRLF file must store what the shell stores.
    this.db.exec(sql.replace(/\r\n/g, "\n"));
  }

  async batch(parts: readonly BatchPart[], options: { readonly transaction: boolean }) {
    if (options.transaction) await this.begin();
    let index = 0;
    try {
      for (const part of parts) {
        if (part.params) await this.query(part.sql, part.params);
        else await this.exec(part.sql);
        index++;
      }
      if (options.transaction) await this.commit();
    } catch (err) {
      if (options.transaction) await this.rollback().catch(() => {});
      const e = sqliteError(err);
      throw new QueryError(
        e.message,
        { sql: e.sql, sqlState: e.sqlState, position: e.position, part: index },
        { cause: err, hint: e.hint },
      );
    }
  }

  async begin(): Promise<void> {
    // A run of synchronous migrations never yields to the timer: beat between transactions too.
    for (const lock of this.locks) lock.beat();
    await this.exec("BEGIN");
  }
  async commit(): Promise<void> {
    await this.exec("COMMIT");
  }
  async rollback(): Promise<void> {
    if (this.db.inTransaction) await this.exec("ROLLBACK");
  }
  /** The online backup API: pages copied under SQLite's own locks, so writers elsewhere are safe. */
  async copyTo(file: string): Promise<void> {
    await this.db.backup(file);
  }

  async close(): Promise<void> {
    try {
      // Closing would roll it back anyway; first, so that releasing the lock is not part of it.
      if (this.db.open && this.db.inTransaction) this.db.exec("ROLLBACK");
    } catch {
      // closing is best effort
    }
    for (const lock of [...this.locks]) await lock.release();
    try {
      if (this.db.open) this.db.close();
    } catch {
      // closing is best effort
    }
  }
}
