import { resolve } from "node:path";
import { messageOf, QueryError, TidemarkError } from "../../core/errors.js";
import type { Row } from "../../core/migration.js";
import type {
  BatchPart,
  Capabilities,
  Connection,
  Dialect,
  MigrationLock,
  Statement,
  TrackingTypes,
} from "../dialect.js";
import { openSqlite, type SqliteDatabase, SqliteFileLock } from "./sqlite-driver.js";
import { splitSqliteStatements } from "./sqlite-splitter.js";

const capabilities: Capabilities = {
  transactionalDdl: true,
  lockTimeouts: false,
  schemas: false,
  singleConnection: false,
};

const types: TrackingTypes = {
  key: "TEXT",
  text: "TEXT",
  longText: "TEXT",
  integer: "INTEGER",
  timestamp: "TEXT",
  autoId: "id INTEGER PRIMARY KEY AUTOINCREMENT",
};

/** `sqlite:./file.db`, `sqlite:///abs/file.db`, `sqlite::memory:` → a file path or `:memory:`. */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/i, "");
  if (rest === ":memory:" || rest === "memory" || rest === "") return ":memory:";
  return rest.split("?")[0]!;
}

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

class SqliteConnection implements Connection {
  /** Locks taken on this session; closing the session releases them. */
  readonly locks = new Set<MigrationLock>();

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
        // The sqlite3 shell reads its input line by line and drops the CR of each CRLF (also
        // inside string literals): a CRLF file must store what the shell stores.
        this.db.exec(statement.sql.replace(/\r\n/g, "\n"));
      } catch (err) {
        throw sqliteError(err, script, statement.offset);
      }
    }
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
    await this.exec("BEGIN");
  }
  async commit(): Promise<void> {
    await this.exec("COMMIT");
  }
  async rollback(): Promise<void> {
    if (this.db.inTransaction) await this.exec("ROLLBACK");
  }
  async close(): Promise<void> {
    for (const lock of [...this.locks]) await lock.release();
    try {
      if (this.db.open) this.db.close();
    } catch {
      // closing is best effort
    }
  }
}

class SqliteLock implements MigrationLock {
  private lock: SqliteFileLock | null = null;

  constructor(
    private readonly path: string,
    private readonly table: string,
    private readonly conn: SqliteConnection,
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.path === ":memory:") return true;
    this.lock ??= new SqliteFileLock(`${this.path}.${this.table}.lock`, this.conn.applicationName);
    const ok = await this.lock.tryAcquire();
    if (ok) this.conn.locks.add(this);
    return ok;
  }
  async holder(): Promise<string | null> {
    return this.lock?.holder() ?? null;
  }
  async release(): Promise<void> {
    this.lock?.release();
    this.lock = null;
    this.conn.locks.delete(this);
  }
}

/** The SQLite dialect (better-sqlite3, loaded lazily). */
export function createDialect(url: string): Dialect {
  const path = sqlitePath(url);
  const file = path === ":memory:" ? path : resolve(path);
  return {
    name: "sqlite",
    capabilities,
    displayUrl: url,
    async connect(options) {
      try {
        return new SqliteConnection(await openSqlite(file), options.applicationName);
      } catch (err) {
        throw new TidemarkError(
          "E_CONNECT",
          `Cannot open SQLite database ${path}: ${messageOf(err)}`,
          {
            cause: err,
            hint: "Check that the folder exists and is writable.",
          },
        );
      }
    },
    createLock: (conn, table) => new SqliteLock(file, table, conn as SqliteConnection),
    quoteIdent: (name) => `"${name.replace(/"/g, '""')}"`,
    tableRef: (table) => `"${table.replace(/"/g, '""')}"`,
    placeholder: () => "?",
    types,
    currentUserSql: "SELECT 'sqlite' AS \"user\"",
    splitStatements: async (script: string): Promise<readonly Statement[]> =>
      splitSqliteStatements(script),
    nonTransactionalReason: async (script) => {
      const vacuum = splitSqliteStatements(script).find((s) => /^VACUUM\b/i.test(s.sql));
      return vacuum ? `VACUUM cannot run inside a transaction (line ${vacuum.line})` : null;
    },
    migrationSettings: () => [],
    isLockTimeout: () => false,
    describeLockBlockers: async () => null,
    normalizeError: (err, sql) => sqliteError(err, sql),
  };
}
