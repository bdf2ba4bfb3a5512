import { readFileSync, writeFileSync } from "node:fs";
import { importModule } from "../../core/import-module.js";

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
}

type SqliteConstructor = new (path: string, options?: { timeout?: number }) => SqliteDatabase;

let driver: Promise<SqliteConstructor> | undefined;

function loadDriver(): Promise<SqliteConstructor> {
  driver ??= importModule("better-sqlite3").then(
    (m) => (m as unknown as { default: SqliteConstructor }).default,
  );
  return driver;
}

/** Opens a database file (or `:memory:`), waiting up to 5 s when another writer is busy. */
export async function openSqlite(path: string, timeoutMs = 5000): Promise<SqliteDatabase> {
  const Database = await loadDriver();
  return new Database(path, { timeout: timeoutMs });
}

/**
 * A cross-process lock: an open write transaction (`BEGIN IMMEDIATE`) on a small side file,
 * one per database and tracking table. SQLite's own file lock is released by the operating
 * system when a process dies, so a killed run never leaves the lock held. Who holds it is
 * written beside it (`<lock>.holder`), since SQLite cannot say.
 */
export class SqliteFileLock {
  private db: SqliteDatabase | null = null;

  constructor(
    private readonly path: string,
    private readonly description: string,
  ) {}

  async tryAcquire(): Promise<boolean> {
    this.db ??= await openSqlite(this.path, 0);
    if (this.db.inTransaction) return true;
    try {
      this.db.exec("BEGIN IMMEDIATE");
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith("SQLITE_BUSY")) return false;
      throw err;
    }
    try {
      writeFileSync(
        `${this.path}.holder`,
        `${this.description}, since ${new Date().toISOString()}`,
      );
    } catch {
      // naming the holder is a courtesy; the lock itself is held
    }
    return true;
  }

  /** Who holds the lock, as the holder wrote it; null when unknown. */
  holder(): string | null {
    try {
      return readFileSync(`${this.path}.holder`, "utf8") || null;
    } catch {
      return null;
    }
  }

  release(): void {
    try {
      if (this.db?.inTransaction) this.db.exec("ROLLBACK");
      this.db?.close();
    } catch {
      // releasing is best effort; the OS drops the lock with the handle
    }
    this.db = null;
  }
}
