/**
 * The embedded PostgreSQL dialect: `pglite:./dir` (a data directory, created when missing)
 * or `pglite:memory`. It is real PostgreSQL, so it shares all SQL building, splitting, error
 * normalisation and lock SQL with the `pg` dialect; only the session differs. One process,
 * one session: no other session can hold the lock or block a table.
 */
import { resolve } from "node:path";
import type { Capabilities, Connection, Dialect } from "../dialect.js";
import { describePgLockBlockers } from "../postgres/pg-blockers.js";
import { PgConnection } from "../postgres/pg-connection.js";
import { connectError, normalizePgError } from "../postgres/pg-errors.js";
import { AdvisoryLock } from "../postgres/pg-lock.js";
import {
  memoryPgliteUrl,
  type OpenedSchema,
  pgSqlMembers,
  pgTableName,
  setUpSchema,
  takeSchemaParam,
} from "../postgres/pg-sql.js";
import { pgliteLifecycle } from "./pglite-lifecycle.js";
import { openPGliteSession } from "./pglite-session.js";

const capabilities: Capabilities = {
  lock: "session",
  ddlPerTransaction: "many",
  transactionalDdl: true,
  lockTimeouts: true,
  schemas: true,
  singleConnection: true,
};

const OPEN_HINT =
  "Check that the data directory is writable and was created by PGlite, and that no other process has it open.";

/** `pglite:./dir`, `pglite:///abs/dir` → the directory; `pglite:memory`, `pglite::memory:` → null (in memory). */
export function pgliteDataDir(url: string): string | null {
  const rest = takeSchemaParam(url).url.replace(/^pglite:(\/\/(?=\/))?/i, "");
  if (/^(|memory|:memory:|memory:\/\/|\/\/memory)$/i.test(rest)) return null;
  return resolve(rest);
}

/** The PGlite dialect for `url`. Cheap: PGlite is loaded by `connect()`. */
export function createDialect(url: string): Dialect {
  const { schema } = takeSchemaParam(url);
  const dataDir = pgliteDataDir(url);

  const opened: OpenedSchema = { schema: null };

  async function connect(options: { readonly applicationName: string }): Promise<Connection> {
    let conn: PgConnection;
    try {
      conn = new PgConnection(await openPGliteSession(dataDir), []);
    } catch (err) {
      throw connectError(err, url, [], OPEN_HINT);
    }
    try {
      await setUpSchema((sql, params) => conn.query(sql, params), schema);
      const named = ["set_config('application_name', $1, false)"];
      opened.schema = (await conn.captureSession(named, [options.applicationName])).schema;
    } catch (err) {
      await conn.close();
      throw err;
    }
    return conn;
  }

  return {
    name: "pglite",
    syntax: "postgres",
    capabilities,
    displayUrl: url,
    connect,
    createLock: (conn, table) => {
      const t = pgTableName(table, schema);
      return new AdvisoryLock(conn, { schema: t.schema, table: t.name, canNameHolder: false });
    },
    ...pgSqlMembers(schema, opened),
    // An in-process database hands its rows over whole: `status` has nothing to stream.
    statusStream: undefined,
    describeLockBlockers: describePgLockBlockers,
    ...pgliteLifecycle(dataDir, (err) => connectError(err, url, [], OPEN_HINT)),
    normalizeError: (err, sql) => normalizePgError(err, sql),
    scratch: { kind: "memory", url: memoryPgliteUrl(schema) },
  };
}
