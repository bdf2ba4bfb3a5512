import { createHash } from "node:crypto";
import { requireModule } from "../../core/require-module.js";

/**
 * The few better-sqlite3 methods tidemark calls, typed structurally, and the driver loaded
 * lazily so that commands that never touch SQLite do not pay for it.
 */

export interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

export interface SqliteDatabase {
  readonly open: boolean;
  readonly inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  close(): unknown;
  /** The online backup API: a consistent copy of the database written to `file`. */
  backup(file: string): Promise<unknown>;
  /** Registers a scalar function written in JavaScript on this connection. */
  function(
    name: string,
    options: { readonly deterministic?: boolean },
    fn: (...args: unknown[]) => unknown,
  ): unknown;
}

/**
 * The function `tidemark_sha256(text)` that the SQLite dialect's digestSql calls: the hex
 * SHA-256 of the UTF-8 text (of the empty text for NULL). One call a query: the rows' text is
 * put together by SQLite's own group_concat, not by a JavaScript call a row.
 */
export const DIGEST_FUNCTION = "tidemark_sha256";

interface SqliteOpenOptions {
  readonly timeout?: number;
  readonly fileMustExist?: boolean;
}

type SqliteConstructor = new (path: string, options?: SqliteOpenOptions) => SqliteDatabase;

/** How long a statement waits for another connection's write lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

let driver: Promise<SqliteConstructor> | undefined;

function loadDriver(): Promise<SqliteConstructor> {
  driver ??= requireModule("better-sqlite3") as Promise<SqliteConstructor>;
  return driver;
}

/**
 * Opens a database file (or `:memory:`), waiting up to 5 s when another writer is busy.
 * `readOnly`: a missing file is an error (SQLITE_CANTOPEN) instead of being created, and
 * statements cannot write (`query_only`). The file itself is opened read-write, so that a hot
 * journal left by a killed run can still be rolled back on the first read.
 */
export async function openSqlite(
  path: string,
  options: { readonly readOnly?: boolean } = {},
): Promise<SqliteDatabase> {
  const Database = await loadDriver();
  const memory = path === ":memory:";
  const db = new Database(path, {
    timeout: BUSY_TIMEOUT_MS,
    fileMustExist: options.readOnly === true && !memory,
  });
  // better-sqlite3 turns foreign keys on (SQLITE_DEFAULT_FOREIGN_KEYS=1); SQLite itself and the
  // sqlite3 shell leave them off, and SQLite's own table-rebuild procedure for ALTER TABLE needs
  // them off. A migration runs as the shell would run it; one that wants them writes the PRAGMA.
  db.exec(
    options.readOnly
      ? "PRAGMA foreign_keys = OFF; PRAGMA query_only = 1"
      : "PRAGMA foreign_keys = OFF",
  );
  db.function(DIGEST_FUNCTION, { deterministic: true }, (text) =>
    createHash("sha256")
      .update(text === null ? "" : String(text))
      .digest("hex"),
  );
  return db;
}
