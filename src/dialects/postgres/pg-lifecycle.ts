/**
 * `create`, `drop` and `wait` for PostgreSQL, as createdb and dropdb do them: through the
 * server's `postgres` maintenance database (`template1` when that one is gone).
 */
import { TidemarkError } from "../../core/errors.js";
import type { Dialect } from "../dialect.js";
import { decodePercent } from "../redact-text.js";
import type { PgSession } from "./pg-connection.js";
import { openPgSession } from "./pg-driver.js";
import { connectError, normalizePgError } from "./pg-errors.js";
import { quotePgIdent } from "./pg-sql.js";

/** Where the database lives: the URL pg is given (no `schema` parameter), shown redacted. */
export interface PgLifecycleTarget {
  readonly driverUrl: string;
  readonly displayUrl: string;
  readonly secrets: readonly string[];
  /** The URL as pg reads it (sslmode as libpq reads it). */
  readonly connectionString: (url: string) => string;
}

type Lifecycle = Required<Pick<Dialect, "createDatabase" | "dropDatabase" | "ping">>;

/** The lifecycle members of the PostgreSQL dialect for `target`. */
export function pgLifecycle(target: PgLifecycleTarget): Lifecycle {
  // Read when asked: a URL without a database still connects (to the user's own).
  const admin = <T>(fn: (session: PgSession, database: string) => Promise<T>) =>
    withMaintenance(target, (session) => fn(session, databaseName(target)));
  return {
    createDatabase: () =>
      admin(async (session, database) => {
        if (await exists(session, database)) return false;
        try {
          await session.query(`CREATE DATABASE ${quotePgIdent(database)}`, []);
        } catch (err) {
          // Created by someone else since we looked (duplicate_database).
          if ((err as { code?: string }).code === "42P04") return false;
          throw err;
        }
        return true;
      }),
    dropDatabase: () =>
      admin(async (session, database) => {
        if (!(await exists(session, database))) return false;
        const others = await otherSessions(session, database);
        if (others > 0) throw inUse(database, others);
        try {
          await session.query(`DROP DATABASE IF EXISTS ${quotePgIdent(database)}`, []);
        } catch (err) {
          // A session connected since we counted (object_in_use).
          if ((err as { code?: string }).code === "55006") throw inUse(database, null);
          throw err;
        }
        return true;
      }),
    ping: () => admin(async () => undefined),
  };
}

function databaseName(target: PgLifecycleTarget): string {
  const name = decodePercent(new URL(target.driverUrl).pathname.replace(/^\//, ""));
  if (name === "")
    throw new TidemarkError("E_CONFIG", `The URL ${target.displayUrl} names no database`, {
      hint: "Write it as postgres://user:password@host:5432/database.",
    });
  return name;
}

async function exists(session: PgSession, database: string): Promise<boolean> {
  const rows = await session.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  return rows.length > 0;
}

/**
 * How many other sessions are connected to `database`, counted again for up to a second while
 * some are: a session that was just ended (a command that ran a moment ago) takes some ms to
 * go, as DROP DATABASE itself allows.
 */
async function otherSessions(session: PgSession, database: string): Promise<number> {
  const count = async () => {
    const rows = await session.query(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    return Number(rows[0]?.n ?? 0);
  };
  let others = await count();
  for (let waited = 0; others > 0 && waited < 1000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    others = await count();
  }
  return others;
}

function inUse(database: string, others: number | null): TidemarkError {
  const who =
    others === null
      ? "other sessions are connected to it"
      : `${others} other session${others === 1 ? " is" : "s are"} connected to it`;
  return new TidemarkError("E_IN_USE", `Cannot drop database "${database}": ${who}`, {
    hint: "Stop the applications using it (see pg_stat_activity), then run `tidemark drop` again.",
  });
}

/** Runs `fn` on a session of the maintenance database; closes it; E_CONNECT when unreachable. */
async function withMaintenance<T>(
  target: PgLifecycleTarget,
  fn: (session: PgSession) => Promise<T>,
): Promise<T> {
  const session = await openMaintenance(target);
  try {
    return await fn(session);
  } catch (err) {
    if (err instanceof TidemarkError) throw err;
    throw normalizePgError(err, undefined, target.secrets);
  } finally {
    await session.end().catch(() => {});
  }
}

async function openMaintenance(target: PgLifecycleTarget): Promise<PgSession> {
  let last: unknown;
  for (const name of ["postgres", "template1"]) {
    const url = new URL(target.driverUrl);
    url.pathname = `/${name}`;
    try {
      return await openPgSession({
        connectionString: target.connectionString(url.toString()),
        applicationName: "tidemark",
        connectTimeoutMs: 10_000,
      });
    } catch (err) {
      last = err;
      // invalid_catalog_name: this server has no such maintenance database; try the next.
      if ((err as { code?: string }).code !== "3D000") break;
    }
  }
  throw connectError(last, target.displayUrl, target.secrets);
}
