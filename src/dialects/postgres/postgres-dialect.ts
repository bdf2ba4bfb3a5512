/**
 * The PostgreSQL dialect (`postgres://` and `postgresql://`, driver `pg`, loaded on connect).
 * `?schema=app` puts the tracking tables (and, through search_path, the migrations' objects)
 * in that schema; the other URL parameters (sslmode, …) go to `pg` as written.
 */
import type { Capabilities, Connection, Dialect } from "../dialect.js";
import { assertReadableCredentials, redactUrl, urlSecrets, withDatabase } from "../url.js";
import { describePgLockBlockers } from "./pg-blockers.js";
import { PgConnection } from "./pg-connection.js";
import { openPgSession } from "./pg-driver.js";
import { connectError, normalizePgError } from "./pg-errors.js";
import { pgLifecycle } from "./pg-lifecycle.js";
import { AdvisoryLock } from "./pg-lock.js";
import {
  memoryPgliteUrl,
  type OpenedSchema,
  pgSqlMembers,
  pgTableName,
  quotePgIdent,
  setUpSchema,
  takeSchemaParam,
} from "./pg-sql.js";

const capabilities: Capabilities = {
  lock: "session",
  ddlPerTransaction: "many",
  transactionalDdl: true,
  lockTimeouts: true,
  schemas: true,
  singleConnection: false,
};

const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;

/**
 * `sslmode` as psql, libpq and every other client read it (`require` encrypts without
 * verifying the certificate), not as `pg` 8 does by default (`require` = `verify-full`).
 */
export function withLibpqSslModes(url: string): string {
  if (!/[?&]sslmode=/i.test(url) || /[?&]uselibpqcompat=/i.test(url)) return url;
  return `${url}&uselibpqcompat=true`;
}

function connectTimeoutMs(url: string): number {
  const m = /[?&]connect_timeout=(\d+)/i.exec(url);
  return m ? Number(m[1]) * 1000 : DEFAULT_CONNECT_TIMEOUT_MS;
}

/**
 * A backend busy with a long statement does not notice that its client died (SIGKILL, lost
 * network) until the statement ends, and holds the migration lock and the migration's locks
 * until then. With client_connection_check_interval (PostgreSQL 14+) it checks every second and
 * aborts. It is set in the round trip that reads the session's schema; older servers (or
 * platforms without the check) refuse the setting, and the schema is then read without it.
 */
async function captureWatchedSession(conn: PgConnection): Promise<{ readonly schema: string }> {
  try {
    return await conn.captureSession([
      "set_config('client_connection_check_interval', '1000', false)",
    ]);
  } catch {
    return conn.captureSession();
  }
}

/** The PostgreSQL dialect for `url`. Cheap: nothing is loaded until `connect()`. */
export function createDialect(url: string): Dialect {
  assertReadableCredentials(url, "PostgreSQL", "postgres://user:password@host:5432/database");
  const { url: driverUrl, schema } = takeSchemaParam(url);
  const secrets = urlSecrets(url);
  const displayUrl = redactUrl(url);

  const opened: OpenedSchema = { schema: null };

  async function connect(options: { readonly applicationName: string }): Promise<Connection> {
    let conn: PgConnection;
    try {
      const session = await openPgSession({
        connectionString: withLibpqSslModes(driverUrl),
        applicationName: options.applicationName,
        connectTimeoutMs: connectTimeoutMs(driverUrl),
      });
      conn = new PgConnection(session, secrets);
    } catch (err) {
      throw connectError(err, displayUrl, secrets);
    }
    try {
      await setUpSchema((sql, params) => conn.query(sql, params), schema);
      opened.schema = (await captureWatchedSession(conn)).schema;
    } catch (err) {
      await conn.close();
      throw err;
    }
    return conn;
  }

  return {
    name: "postgres",
    syntax: "postgres",
    capabilities,
    displayUrl,
    connect,
    createLock: (conn, table) => {
      const t = pgTableName(table, schema);
      return new AdvisoryLock(conn, { schema: t.schema, table: t.name, canNameHolder: true });
    },
    ...pgSqlMembers(schema, opened),
    describeLockBlockers: describePgLockBlockers,
    ...pgLifecycle({ driverUrl, displayUrl, secrets, connectionString: withLibpqSslModes }),
    normalizeError: (err, sql) => normalizePgError(err, sql, secrets),
    scratch: {
      kind: "server",
      urlFor: (name) => withDatabase(url, name),
      createSql: (name) => `CREATE DATABASE ${quotePgIdent(name)}`,
      setupSql: (name) => `ALTER DATABASE ${quotePgIdent(name)} SET synchronous_commit = off`,
      // FORCE (PostgreSQL 13+) ends sessions still connected, e.g. one a killed run left behind.
      dropSql: (name) => `DROP DATABASE IF EXISTS ${quotePgIdent(name)} WITH (FORCE)`,
      fallbackUrl: memoryPgliteUrl(schema),
    },
  };
}
