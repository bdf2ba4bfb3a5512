/**
 * The migration lock on SQLite, held in the database itself: one row in `<table>_lock` naming
 * the holder (its session name, pid, host) with a heartbeat. The row is written and checked in
 * one `BEGIN IMMEDIATE` transaction, so two runs never both see the lock free; it is deleted on
 * release. A holder that died without releasing (SIGKILL, power loss) is recognised by its dead
 * pid on this host, or by a heartbeat older than {@link STALE_MS}, and is taken over.
 * Nothing is written beside the database file.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { LeaseRegistry } from "../../core/lock-lease.js";
import type { MigrationLock } from "../dialect.js";
import { type SessionLock, type SqliteConnection, sqliteError } from "./sqlite-connection.js";
import { BUSY_TIMEOUT_MS, type SqliteDatabase } from "./sqlite-driver.js";

/** How often a holder refreshes its heartbeat (a timer while idle, and between transactions). */
export const HEARTBEAT_MS = 10_000;
/** A heartbeat older than this means the holder is gone (or frozen), wherever it ran. */
export const STALE_MS = 120_000;

/** The locks this process holds. */
const leases = new LeaseRegistry(STALE_MS);

/** A lock row as stored. */
export interface LockRow {
  readonly holder: string;
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  readonly acquired_at: string;
  readonly heartbeat_at: number;
}

function isBusy(err: unknown): boolean {
  return String((err as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY");
}

/** Runs `fn` with SQLite's busy wait off: a lock attempt must answer at once, not block the process. */
function withoutBusyWait<T>(db: SqliteDatabase, fn: () => T): T {
  db.exec("PRAGMA busy_timeout = 0");
  try {
    return fn();
  } finally {
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  }
}

/** The lock of one tracking table, on the session that migrates. */
export class SqliteLock implements MigrationLock, SessionLock {
  private readonly lease = leases.lease();
  private beatAt = 0;
  private readonly sql: {
    readonly create: string;
    readonly read: string;
    readonly write: string;
    readonly beat: string;
    readonly remove: string;
  };

  /** `ref`: the lock table, quoted; `q`: the dialect's identifier quoting. */
  constructor(
    private readonly conn: SqliteConnection,
    ref: string,
    q: (name: string) => string,
  ) {
    const cols = ["holder", "pid", "host", "token", "acquired_at", "heartbeat_at"];
    this.sql = {
      create: `CREATE TABLE IF NOT EXISTS ${ref} (${q("id")} INTEGER PRIMARY KEY CHECK (${q("id")} = 1), ${q("holder")} TEXT NOT NULL, ${q("pid")} INTEGER NOT NULL, ${q("host")} TEXT NOT NULL, ${q("token")} TEXT NOT NULL, ${q("acquired_at")} TEXT NOT NULL, ${q("heartbeat_at")} INTEGER NOT NULL)`,
      read: `SELECT ${cols.map(q).join(", ")} FROM ${ref} WHERE ${q("id")} = 1`,
      write: `INSERT OR REPLACE INTO ${ref} (${q("id")}, ${cols.map(q).join(", ")}) VALUES (1, ?, ?, ?, ?, ?, ?)`,
      beat: `UPDATE ${ref} SET ${q("heartbeat_at")} = ? WHERE ${q("id")} = 1 AND ${q("token")} = ?`,
      remove: `DELETE FROM ${ref} WHERE ${q("id")} = 1 AND ${q("token")} = ?`,
    };
  }

  async tryAcquire(): Promise<boolean> {
    if (this.lease.token !== null) return true;
    const db = this.conn.db;
    try {
      withoutBusyWait(db, () => db.exec("BEGIN IMMEDIATE"));
    } catch (err) {
      // Another connection is writing: the holder applying a migration, or any other writer.
      if (isBusy(err)) return false;
      throw sqliteError(err, "BEGIN IMMEDIATE");
    }
    try {
      db.exec(this.sql.create);
      const row = db.prepare(this.sql.read).all()[0] as LockRow | undefined;
      if (row && !leases.isGone(row)) {
        db.exec("ROLLBACK");
        return false;
      }
      const token = randomUUID();
      const now = Date.now();
      db.prepare(this.sql.write).run(
        this.conn.applicationName,
        process.pid,
        hostname(),
        token,
        new Date(now).toISOString(),
        now,
      );
      db.exec("COMMIT");
      this.hold(token, now);
      return true;
    } catch (err) {
      if (db.inTransaction) db.exec("ROLLBACK");
      throw sqliteError(err);
    }
  }

  async holder(): Promise<string | null> {
    try {
      const row = this.conn.db.prepare(this.sql.read).all()[0] as LockRow | undefined;
      return row ? `${row.holder}, since ${row.acquired_at.replace(/\.\d{3}Z$/, "Z")}` : null;
    } catch {
      return null;
    }
  }

  /** Refreshes the heartbeat when due, outside any transaction (it must not join a migration's). */
  beat(): void {
    const db = this.conn.db;
    const token = this.lease.token;
    if (token === null || !db.open || db.inTransaction) return;
    const now = Date.now();
    if (now - this.beatAt < HEARTBEAT_MS) return;
    try {
      withoutBusyWait(db, () => db.prepare(this.sql.beat).run(now, token));
      this.beatAt = now;
    } catch {
      // busy: the next beat will do
    }
  }

  async release(): Promise<void> {
    const token = this.lease.stop();
    if (token === null) return;
    this.conn.locks.delete(this);
    try {
      if (this.conn.db.open) this.conn.db.prepare(this.sql.remove).run(token);
    } catch {
      // The row stays, but its token is no longer held here: it reads as stale.
    }
  }

  private hold(token: string, now: number): void {
    this.beatAt = now;
    this.conn.locks.add(this);
    this.lease.start(token, HEARTBEAT_MS, () => this.beat());
  }
}
