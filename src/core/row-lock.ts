/**
 * The migration lock as a row in a table, for engines whose advisory locks are missing or
 * no-ops (`capabilities.lock: "table-row"`: CockroachDB, YugabyteDB, TiDB, Vitess). One row
 * (id 1) in `<table>_lock` names the holder (session name, pid, host) and carries a token and a
 * heartbeat. Taking the lock is one INSERT: the primary key lets exactly one run in. Releasing
 * deletes the row by its token.
 *
 * A row outlives a holder that died, so a holder is gone when: its heartbeat is older than
 * {@link ROW_LOCK_STALE_MS} (wherever it ran; the holder refreshes it every
 * {@link ROW_LOCK_HEARTBEAT_MS}), its pid is dead on this host (SIGKILL), or, for a holder in this
 * process, its session no longer answers (closed without releasing). A gone holder's row is
 * deleted by its token and the INSERT tried again, so two runs never both take it over.
 * Heartbeats compare client clocks: keep the hosts' clocks in step (NTP), as for any lease.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Connection, Dialect, MigrationLock } from "../dialects/dialect.js";

/** How often a holder refreshes its heartbeat. */
export const ROW_LOCK_HEARTBEAT_MS = 10_000;
/** A heartbeat older than this means the holder is gone (or frozen), wherever it ran. */
export const ROW_LOCK_STALE_MS = 120_000;

/** How long a holder in this process has to answer before it is taken to be busy, not gone. */
const PROBE_MS = 1000;

/** Tokens held by this process → their session, asked whether it still answers. */
const heldHere = new Map<string, Connection>();

/** A lock row as read. */
interface LockRow {
  readonly holder: string;
  readonly pid: unknown;
  readonly host: string;
  readonly token: string;
  readonly acquired_at: string;
  readonly heartbeat_at: unknown;
}

/** True when `pid` runs on this host (EPERM: it does, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock row of `table`, with the SQL to read and write it through `dialect`. */
export class RowLock implements MigrationLock {
  private token: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ready = false;
  private readonly ref: string;

  constructor(
    private readonly dialect: Dialect,
    private readonly conn: Connection,
    private readonly table: string,
    /** The holder's name in the row (its application name). */
    private readonly name: string,
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
      if (!(await this.exists())) throw err;
    }
    this.ready = true;
  }

  private async exists(): Promise<boolean> {
    return this.conn.query(`SELECT 1 FROM ${this.ref} WHERE 1 = 0`).then(
      () => true,
      () => false,
    );
  }

  private async read(): Promise<LockRow | undefined> {
    const cols = ["holder", "pid", "host", "token", "acquired_at", "heartbeat_at"];
    const rows = await this.conn.query(
      `SELECT ${cols.map((c) => this.q(c)).join(", ")} FROM ${this.ref} WHERE ${this.q("id")} = 1`,
    );
    return rows[0] as LockRow | undefined;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.token !== null) return true;
    await this.ensureTable();
    const row = await this.read();
    if (row) {
      if (!(await isGone(row))) return false;
      await this.conn.query(
        `DELETE FROM ${this.ref} WHERE ${this.q("id")} = 1 AND ${this.q("token")} = ${this.p(1)}`,
        [row.token],
      );
    }
    const token = randomUUID();
    const now = Date.now();
    const cols = ["id", "holder", "pid", "host", "token", "acquired_at", "heartbeat_at"];
    try {
      await this.conn.query(
        `INSERT INTO ${this.ref} (${cols.map((c) => this.q(c)).join(", ")}) VALUES (${cols.map((_, i) => this.p(i + 1)).join(", ")})`,
        [1, this.name, process.pid, hostname(), token, new Date(now).toISOString(), String(now)],
      );
    } catch (err) {
      // The key was taken between the read and the insert: another run holds the lock now.
      if ((await this.read()) !== undefined) return false;
      throw err;
    }
    this.hold(token);
    return true;
  }

  async holder(): Promise<string | null> {
    const row = await this.read().catch(() => undefined);
    return row ? `${row.holder}, since ${row.acquired_at.replace(/\.\d{3}Z$/, "Z")}` : null;
  }

  async release(): Promise<void> {
    const token = this.token;
    if (token === null) return;
    this.token = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    heldHere.delete(token);
    await this.conn
      .query(
        `DELETE FROM ${this.ref} WHERE ${this.q("id")} = 1 AND ${this.q("token")} = ${this.p(1)}`,
        [token],
      )
      // The row stays, but its token is no longer held here: it reads as gone.
      .catch(() => {});
  }

  private hold(token: string): void {
    this.token = token;
    heldHere.set(token, this.conn);
    this.timer = setInterval(() => void this.beat(), ROW_LOCK_HEARTBEAT_MS);
    this.timer.unref();
  }

  /**
   * Refreshes the heartbeat on the migrating session (queued behind whatever runs on it). A
   * failure is left for the next beat: a session that stays gone lets the heartbeat expire.
   */
  private async beat(): Promise<void> {
    if (this.token === null) return;
    await this.conn
      .query(
        `UPDATE ${this.ref} SET ${this.q("heartbeat_at")} = ${this.p(1)} WHERE ${this.q("id")} = 1 AND ${this.q("token")} = ${this.p(2)}`,
        [String(Date.now()), this.token],
      )
      .catch(() => {});
  }
}

/** True when the row's holder is gone: see the module comment. */
async function isGone(row: LockRow, now = Date.now()): Promise<boolean> {
  if (now - Number(row.heartbeat_at) > ROW_LOCK_STALE_MS) return true;
  if (row.host !== hostname()) return false;
  if (Number(row.pid) !== process.pid) return !pidAlive(Number(row.pid));
  const session = heldHere.get(row.token);
  if (!session) return true;
  // A session busy with a long migration answers late: alive until it says otherwise.
  const answers = await Promise.race([
    session.query("SELECT 1").then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(resolve, PROBE_MS, true).unref()),
  ]);
  if (!answers) heldHere.delete(row.token);
  return !answers;
}
