/**
 * The migration lock on PostgreSQL: a session-level advisory lock. It belongs to the session,
 * so a killed process (or a dropped connection) never leaves it held. Its 64-bit key comes
 * from "<schema>.<table>", so that two tracking tables never block each other.
 */
import { createHash } from "node:crypto";
import type { Connection, MigrationLock } from "../dialect.js";

/** The signed 64-bit advisory-lock key of `<schema>.<table>` (first 8 bytes of its SHA-256). */
export function advisoryKey(schema: string, table: string): bigint {
  const digest = createHash("sha256").update(`tidemark:${schema}.${table}`).digest();
  return digest.readBigInt64BE(0);
}

/** pg_locks shows a bigint advisory key as two oids: classid (high half) and objid (low half). */
function keyHalves(key: bigint): { classid: string; objid: string } {
  const unsigned = BigInt.asUintN(64, key);
  return { classid: (unsigned >> 32n).toString(), objid: (unsigned & 0xffffffffn).toString() };
}

const HOLDER_SQL = `SELECT l.pid, a.application_name, a.backend_start
  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
    AND l.classid = $1::oid AND l.objid = $2::oid
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.pid <> pg_backend_pid()
  LIMIT 1`;

function isoSeconds(value: unknown): string | null {
  const date = value instanceof Date ? value : value ? new Date(String(value)) : null;
  return date && !Number.isNaN(date.getTime())
    ? date.toISOString().replace(/\.\d{3}Z$/, "Z")
    : null;
}

/** Options of {@link AdvisoryLock}. */
export interface AdvisoryLockOptions {
  /** The tracking table's schema; null: the session's current schema, read on first use. */
  readonly schema: string | null;
  readonly table: string;
  /** False for single-session engines, where no other session can hold the lock. */
  readonly canNameHolder: boolean;
}

/** A session-level `pg_try_advisory_lock` on the migrating connection. */
export class AdvisoryLock implements MigrationLock {
  private key: bigint | undefined;
  private held = false;

  constructor(
    private readonly conn: Connection,
    private readonly options: AdvisoryLockOptions,
  ) {}

  private async lockKey(): Promise<bigint> {
    if (this.key === undefined) {
      let schema = this.options.schema;
      if (schema === null) {
        const rows = await this.conn.query("SELECT coalesce(current_schema(), '') AS schema");
        schema = String(rows[0]?.schema ?? "");
      }
      this.key = advisoryKey(schema, this.options.table);
    }
    return this.key;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const rows = await this.conn.query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
      await this.lockKey(),
    ]);
    this.held = rows[0]?.locked === true;
    return this.held;
  }

  async holder(): Promise<string | null> {
    if (!this.options.canNameHolder) return null;
    const { classid, objid } = keyHalves(await this.lockKey());
    const rows = await this.conn.query(HOLDER_SQL, [classid, objid]);
    const row = rows[0];
    if (!row) return null;
    const name =
      typeof row.application_name === "string" && row.application_name !== ""
        ? row.application_name
        : "a session";
    const since = isoSeconds(row.backend_start);
    return `${name} (pid ${String(row.pid)})${since ? `, since ${since}` : ""}`;
  }

  async release(): Promise<void> {
    if (!this.held || this.key === undefined) return;
    this.held = false;
    await this.conn.query("SELECT pg_advisory_unlock($1::bigint)", [this.key]).catch(() => {});
  }
}
