/**
 * The migration lock as a row in a table, for engines whose advisory locks are missing or
 * no-ops (`capabilities.lock: "table-row"`: CockroachDB, YugabyteDB, TiDB, Vitess). One row
 * (id 1) in `<table>_lock` names the holder (session name, pid, host) and carries a token and a
 * heartbeat. Taking the lock is one INSERT on the migrating session: the primary key lets
 * exactly one run in. Releasing deletes the row by its token.
 *
 * A row outlives a holder that died, so a holder is gone when its heartbeat is older than
 * {@link ROW_LOCK_STALE_MS} (wherever it ran), or its pid is dead on this host (SIGKILL), or it
 * is this process's and no lock here holds its token any more. A gone holder's row is deleted by
 * its token and the INSERT tried again, so two runs never both take it over. Unlike a session
 * lock, closing the migrating session without `release()` does not free it: its heartbeat has
 * to stop first (release always stops it).
 *
 * The heartbeat is refreshed every {@link ROW_LOCK_HEARTBEAT_MS} on a second session of its
 * own, opened while the lock is held: the migrating session may be inside one long statement,
 * and one session runs one query at a time. Heartbeats compare client clocks: keep the hosts'
 * clocks in step (NTP), as for any lease.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Connection, Dialect, MigrationLock } from "../dialects/dialect.js";
import { QueryError } from "./errors.js";
import { LeaseRegistry } from "./lock-lease.js";

/** How often a holder refreshes its heartbeat. */
export const ROW_LOCK_HEARTBEAT_MS = 10_000;
/** A heartbeat older than this means the holder is gone (or frozen), wherever it ran. */
export const ROW_LOCK_STALE_MS = 120_000;

/** The row locks this process holds. */
const leases = new LeaseRegistry(ROW_LOCK_STALE_MS);

/** A lock row as read. */
interface LockRow {
  readonly holder: string;
  readonly pid: unknown;
  readonly host: string;
  readonly token: string;
  readonly acquired_at: string;
  readonly heartbeat_at: unknown;
}

/** The lock row of `table`, with the SQL to read and write it through `dialect`. */
export class RowLock implements MigrationLock {
  private readonly lease = leases.lease();
  /** The heartbeat's own session, open while the lock is held. */
  private side: Promise<Connection> | null = null;
  private beating = false;
  private ready = false;
  private readonly ref: string;

  constructor(
    private readonly dialect: Dialect,
    private readonly conn: Connection,
    private readonly table: string,
    /** The holder's name in the row (its application name). */
    private readonly name: string,
    private readonly heartbeatMs = ROW_LOCK_HEARTBEAT_MS,
  ) {
    this.ref = dialect.tableRef(`${table}_lock`);
  }

  private q(name: string): string {
    return this.dialect.quoteIdent(name);
  }

  private p(index: number): string {
    return this.dialect.placeholder(index);
  }

  /** Creates the lock table when missing (in the tracking table's schema). */
  private async ensureTable(): Promise<void> {
    if (this.ready) return;
    await this.dialect.ensureTableSchema?.(this.conn, this.table);
    const { types } = this.dialect;
    const cols = [
      `${this.q("id")} ${types.integer} PRIMARY KEY`,
      `${this.q("holder")} ${types.text} NOT NULL`,
      `${this.q("pid")} ${types.integer} NOT NULL`,
      `${this.q("host")} ${types.text} NOT NULL`,
      `${this.q("token")} ${types.key} NOT NULL`,
      `${this.q("acquired_at")} ${types.text} NOT NULL`,
      // Milliseconds since the epoch, as text: an engine's INTEGER may be 32 bits.
      `${this.q("heartbeat_at")} ${types.text} NOT NULL`,
    ];
    try {
      await this.conn.query(`CREATE TABLE IF NOT EXISTS ${this.ref} (${cols.join(", ")})`);
    } catch (err) {
      // Two runs creating it at once: one may lose the race on the catalog; the table is there.
      const exists = await this.conn.query(`SELECT 1 FROM ${this.ref} WHERE 1 = 0`).then(
        () => true,
        () => false,
      );
      if (!exists) throw err;
    }
    this.ready = true;
  }

  private async read(): Promise<LockRow | undefined> {
    const cols = ["holder", "pid", "host", "token", "acquired_at", "heartbeat_at"];
    const rows = await this.conn.query(
      `SELECT ${cols.map((c) => this.q(c)).join(", ")} FROM ${this.ref} WHERE ${this.q("id")} = 1`,
    );
    return rows[0] as LockRow | undefined;
  }

  private remove(conn: Connection, token: string): Promise<unknown> {
    return conn.query(
      `DELETE FROM ${this.ref} WHERE ${this.q("id")} = 1 AND ${this.q("token")} = ${this.p(1)}`,
      [token],
    );
  }

  async tryAcquire(): Promise<boolean> {
    if (this.lease.token !== null) return true;
    await this.ensureTable();
    const row = await this.read();
    if (row) {
      if (!leases.isGone(row)) return false;
      await this.remove(this.conn, row.token);
    }
    const token = randomUUID();
    const now = Date.now();
    const cols = ["id", "holder", "pid", "host", "token", "acquired_at", "heartbeat_at"];
    // Held here from before the INSERT: another lock of this process reading the row before the
    // INSERT's answer arrives must see a live holder, not a gone one to take over.
    this.lease.claim(token);
    try {
      await this.conn.query(
        `INSERT INTO ${this.ref} (${cols.map((c) => this.q(c)).join(", ")}) VALUES (${cols.map((_, i) => this.p(i + 1)).join(", ")})`,
        [1, this.name, process.pid, hostname(), token, new Date(now).toISOString(), String(now)],
      );
    } catch (err) {
      this.lease.unclaim(token);
      // The key was taken between the read and the insert: another run holds the lock now (or
      // held it and has already let it go: the caller's wait tries again).
      const taken = err instanceof QueryError && this.dialect.isDuplicateKey(err);
      if (taken || (await this.read()) !== undefined) return false;
      throw err;
    }
    this.lease.start(token, this.heartbeatMs, () => void this.beat());
    return true;
  }

  async holder(): Promise<string | null> {
    const row = await this.read().catch(() => undefined);
    return row ? `${row.holder}, since ${row.acquired_at.replace(/\.\d{3}Z$/, "Z")}` : null;
  }

  async release(): Promise<void> {
    const token = this.lease.stop();
    if (token === null) return;
    const side = this.side;
    this.side = null;
    try {
      await this.remove(this.conn, token);
    } catch {
      // The migrating session is gone: delete through the heartbeat's. If that fails too, the
      // row stays, but its token is held nowhere and its heartbeat has stopped: it reads as gone.
      if (side) await side.then((c) => this.remove(c, token)).catch(() => {});
    }
    if (side) await side.then((c) => c.close()).catch(() => {});
  }

  /** Refreshes the heartbeat on the heartbeat's session (opened on first use, again after a failure). */
  private async beat(): Promise<void> {
    const token = this.lease.token;
    if (token === null || this.beating) return;
    this.beating = true;
    try {
      this.side ??= this.dialect.connect({ applicationName: `${this.name} (lock heartbeat)` });
      const side = await this.side;
      await side.query(
        `UPDATE ${this.ref} SET ${this.q("heartbeat_at")} = ${this.p(1)} WHERE ${this.q("id")} = 1 AND ${this.q("token")} = ${this.p(2)}`,
        [String(Date.now()), token],
      );
    } catch {
      // Left for the next beat, on a new session: one that stays gone lets the heartbeat expire.
      const broken = this.side;
      this.side = null;
      await broken?.then((c) => c.close()).catch(() => {});
    } finally {
      this.beating = false;
    }
  }
}
