import { createHash } from "node:crypto";
import type { Connection, MigrationLock } from "../dialect.js";

/** GET_LOCK refuses names longer than 64 characters (MySQL 5.7+). */
const MAX_LOCK_NAME = 64;

/** The user-level lock name for one tracking table of one database; hashed when too long. */
export function lockName(database: string, table: string): string {
  const name = `tidemark:${database}.${table}`;
  if (name.length <= MAX_LOCK_NAME) return name;
  return `tidemark:${createHash("sha256").update(`${database}.${table}`).digest("hex").slice(0, 48)}`;
}

/**
 * The migration lock as a user-level lock (`GET_LOCK`) on the migrating session. The server
 * drops it when the session ends, so a killed run never leaves it held. GET_LOCK nests within
 * one session, so the lock remembers that it holds it rather than taking it twice.
 */
export class MysqlLock implements MigrationLock {
  private held = false;

  constructor(
    private readonly conn: Connection,
    /** From {@link lockName}. */
    readonly name: string,
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const rows = await this.conn.query("SELECT GET_LOCK(?, 0) AS got", [this.name]);
    this.held = Number(rows[0]?.got) === 1;
    return this.held;
  }

  async holder(): Promise<string | null> {
    const rows = await this.conn.query("SELECT IS_USED_LOCK(?) AS id", [this.name]);
    const id = rows[0]?.id;
    if (id === null || id === undefined) return null;
    return describeSession(this.conn, String(id));
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    try {
      await this.conn.query("SELECT RELEASE_LOCK(?)", [this.name]);
    } catch {
      // The session may be gone, and the lock with it.
    }
  }
}

/**
 * "tidemark 0.1.0 host:1234 (connection 42, root@10.0.0.5:51234), idle for 12 s". The program
 * name comes from performance_schema, which MariaDB leaves off by default; then it is omitted.
 */
export async function describeSession(conn: Connection, id: string): Promise<string> {
  const [process] = await conn
    .query(
      "SELECT USER AS user, HOST AS host, COMMAND AS command, TIME AS time FROM information_schema.PROCESSLIST WHERE ID = ?",
      [id],
    )
    .catch(() => []);
  const program = await programName(conn, id);
  const where = process ? `${String(process.user)}@${String(process.host)}` : null;
  const head = program
    ? `${program} (connection ${id}${where ? `, ${where}` : ""})`
    : `connection ${id}${where ? ` (${where})` : ""}`;
  if (!process) return head;
  const state =
    process.command === "Sleep" ? "idle" : `running ${String(process.command).toLowerCase()}`;
  return `${head}, ${state} for ${Number(process.time)} s`;
}

async function programName(conn: Connection, id: string): Promise<string | null> {
  try {
    const rows = await conn.query(
      "SELECT ATTR_VALUE AS name FROM performance_schema.session_connect_attrs WHERE PROCESSLIST_ID = ? AND ATTR_NAME = 'program_name'",
      [id],
    );
    const name = rows[0]?.name;
    return typeof name === "string" && name !== "" ? name : null;
  } catch {
    return null;
  }
}

/**
 * After a lock wait timeout: the other sessions with an open InnoDB transaction, oldest first,
 * which are what a row or metadata lock waits on. Null when none is visible (reading them
 * needs the PROCESS privilege).
 */
export async function describeBlockers(conn: Connection): Promise<string | null> {
  const rows = await conn.query(
    `SELECT t.trx_mysql_thread_id AS id, TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS age
       FROM information_schema.INNODB_TRX t
      WHERE t.trx_mysql_thread_id <> CONNECTION_ID()
      ORDER BY t.trx_started LIMIT 5`,
  );
  if (rows.length === 0) return null;
  const sessions: string[] = [];
  for (const r of rows) {
    sessions.push(
      `${await describeSession(conn, String(r.id))}, transaction open for ${Number(r.age)} s`,
    );
  }
  return `sessions holding open transactions: ${sessions.join("; ")}`;
}
