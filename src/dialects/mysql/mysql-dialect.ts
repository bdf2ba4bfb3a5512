/**
 * The MySQL 8 / MariaDB 10.6+ dialect (`mysql://` and `mariadb://`), over mysql2 loaded lazily.
 *
 * MySQL commits DDL implicitly, so only a file of plain data statements runs in one
 * transaction (see mysql-classify.ts); every other file runs statement by statement through
 * the core's journal. The migration lock is a user-level GET_LOCK on the migrating session.
 */

import type { QueryError } from "../../core/errors.js";
import {
  type Capabilities,
  type Connection,
  type Dialect,
  parseTableName,
  type Statement,
  type TrackingTypes,
} from "../dialect.js";
import { redactUrl, urlSecrets, withDatabase } from "../url.js";
import { nonTransactionalReason } from "./mysql-classify.js";
import { MysqlConnection } from "./mysql-connection.js";
import { openMysql, parseMysqlUrl, serverInfo } from "./mysql-driver.js";
import { connectError, mysqlQueryError } from "./mysql-errors.js";
import { quoteMysqlIdent } from "./mysql-lexer.js";
import { mysqlLifecycle } from "./mysql-lifecycle.js";
import { describeBlockers, lockName, MysqlLock } from "./mysql-lock.js";
import { splitMysqlStatements } from "./mysql-splitter.js";

const capabilities: Capabilities = {
  lock: "session",
  ddlPerTransaction: "many",
  transactionalDdl: false,
  lockTimeouts: false,
  schemas: false,
  singleConnection: false,
};

/** VARCHAR(191) keeps a utf8mb4 primary key within InnoDB's 767-byte index limit of older row formats. */
const types: TrackingTypes = {
  key: "VARCHAR(191)",
  text: "VARCHAR(255)",
  longText: "LONGTEXT",
  integer: "INT",
  timestamp: "DATETIME(3)",
  autoId: "id BIGINT AUTO_INCREMENT PRIMARY KEY",
};

/** Row lock waits and deadlocks: InnoDB rolled the statement (or transaction) back, so a retry may succeed. */
const RETRYABLE = new Set(["ER_LOCK_WAIT_TIMEOUT", "1205", "ER_LOCK_DEADLOCK", "1213"]);

export { quoteMysqlIdent };

/**
 * `x` → `` `db`.`x` `` in the URL's database `db`; `app.x` → database `app`, table `x` (never a
 * table named `app.x`). Always qualified, so that a migration's `USE other` never moves
 * tidemark's own writes into another database.
 */
export function mysqlTableRef(table: string, database: string): string {
  const t = parseTableName(table, "database", "MySQL");
  return `${quoteMysqlIdent(t.schema ?? database)}.${quoteMysqlIdent(t.name)}`;
}

/**
 * `LOCK TABLES a WRITE` → `LOCK TABLES a WRITE, tracking WRITE, …`: while a session holds table
 * locks, MySQL refuses it every other table, and tidemark records progress between statements.
 * The lock list ends before MariaDB's `WAIT n` / `NOWAIT`. Other statements are returned as they are.
 */
export function withTrackingLocks(statement: string, tables: readonly string[]): string {
  if (!/^\s*LOCK\s+TABLES?\s/i.test(statement) || tables.length === 0) return statement;
  const extra = tables.map((t) => `, ${t} WRITE`).join("");
  const wait = /\s+(WAIT\s+\d+|NOWAIT)\s*$/i.exec(statement);
  return wait
    ? `${statement.slice(0, wait.index)}${extra}${statement.slice(wait.index)}`
    : `${statement.trimEnd()}${extra}`;
}

/** The MySQL / MariaDB dialect for a `mysql://` or `mariadb://` URL. Throws E_CONFIG when the URL names no database. */
export function createDialect(url: string): Dialect {
  const target = parseMysqlUrl(url);
  const secrets = urlSecrets(url);
  return {
    name: "mysql",
    syntax: "mysql",
    capabilities,
    displayUrl: redactUrl(url),
    async connect(options): Promise<Connection> {
      let driver: Awaited<ReturnType<typeof openMysql>>;
      try {
        driver = await openMysql(target, options.applicationName);
      } catch (err) {
        throw connectError(err, url, secrets);
      }
      try {
        const [rows] = await driver.query("SELECT VERSION() AS version");
        const version = String((rows as { version?: unknown }[])[0]?.version ?? "");
        return new MysqlConnection(driver, serverInfo(version), secrets, target.database);
      } catch (err) {
        await driver.end().catch(() => driver.destroy());
        throw connectError(err, url, secrets);
      }
    },
    createLock: (conn, table) => {
      const t = parseTableName(table, "database", "MySQL");
      return new MysqlLock(conn, lockName(t.schema ?? target.database, t.name));
    },
    quoteIdent: quoteMysqlIdent,
    tableRef: (table) => mysqlTableRef(table, target.database),
    withTrackingLocks,
    ensureTableSchema: async (conn, table) => {
      const { schema } = parseTableName(table, "database", "MySQL");
      if (schema !== null)
        await conn.exec(`CREATE DATABASE IF NOT EXISTS ${quoteMysqlIdent(schema)}`);
    },
    placeholder: () => "?",
    types,
    // CURRENT_USER() is `user@host`: keep the user, up to the last `@` (a user name may hold one).
    currentUserSql:
      "SELECT SUBSTRING(CURRENT_USER(), 1, CHAR_LENGTH(CURRENT_USER()) - LOCATE('@', REVERSE(CURRENT_USER()))) AS `user`",
    splitStatements: async (script): Promise<readonly Statement[]> => splitMysqlStatements(script),
    nonTransactionalReason: async (script) => nonTransactionalReason(splitMysqlStatements(script)),
    // MySQL has no SET LOCAL: a session setting would outlive the migration, and files with DDL
    // (where lock_wait_timeout would matter) never run through the transactional path.
    migrationSettings: () => [],
    isLockTimeout: (err: QueryError) => err.sqlState !== undefined && RETRYABLE.has(err.sqlState),
    // mysql2's code (or errno when it has none).
    isDuplicateKey: (err: QueryError) => err.sqlState === "ER_DUP_ENTRY" || err.sqlState === "1062",
    describeLockBlockers: (conn) => describeBlockers(conn).catch(() => null),
    introspect: async (conn, scope) =>
      (await import("./mysql-introspect.js")).introspectMysql(conn, scope),
    ...mysqlLifecycle(target, url, secrets),
    normalizeError: (err, sql) => mysqlQueryError(err, sql, secrets),
    scratch: {
      kind: "server",
      urlFor: (name) => withDatabase(url, name),
      createSql: (name) => `CREATE DATABASE ${quoteMysqlIdent(name)}`,
      dropSql: (name) => `DROP DATABASE IF EXISTS ${quoteMysqlIdent(name)}`,
    },
  };
}
