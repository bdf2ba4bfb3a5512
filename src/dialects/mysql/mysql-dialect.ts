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
import { redactUrl, urlSecrets } from "../url.js";
import { nonTransactionalReason } from "./mysql-classify.js";
import { MysqlConnection } from "./mysql-connection.js";
import { openMysql, parseMysqlUrl, serverInfo } from "./mysql-driver.js";
import { connectError, mysqlQueryError } from "./mysql-errors.js";
import { describeBlockers, lockName, MysqlLock } from "./mysql-lock.js";
import { splitMysqlStatements } from "./mysql-splitter.js";

const capabilities: Capabilities = {
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

/** `name` as a backtick-quoted identifier. */
export function quoteMysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** `x` → `x`; `app.x` → database `app`, table `x` (never a table named `app.x`). */
export function mysqlTableRef(table: string): string {
  const t = parseTableName(table, "database", "MySQL");
  const name = quoteMysqlIdent(t.name);
  return t.schema === null ? name : `${quoteMysqlIdent(t.schema)}.${name}`;
}

/** The MySQL / MariaDB dialect for a `mysql://` or `mariadb://` URL. Throws E_CONFIG when the URL names no database. */
export function createDialect(url: string): Dialect {
  const target = parseMysqlUrl(url);
  const secrets = urlSecrets(url);
  return {
    name: "mysql",
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
        return new MysqlConnection(driver, serverInfo(version), secrets);
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
    tableRef: mysqlTableRef,
    ensureTableSchema: async (conn, table) => {
      const { schema } = parseTableName(table, "database", "MySQL");
      if (schema !== null)
        await conn.exec(`CREATE DATABASE IF NOT EXISTS ${quoteMysqlIdent(schema)}`);
    },
    placeholder: () => "?",
    types,
    currentUserSql: "SELECT CURRENT_USER() AS `user`",
    splitStatements: async (script): Promise<readonly Statement[]> => splitMysqlStatements(script),
    nonTransactionalReason: async (script) => nonTransactionalReason(splitMysqlStatements(script)),
    // MySQL has no SET LOCAL: a session setting would outlive the migration, and files with DDL
    // (where lock_wait_timeout would matter) never run through the transactional path.
    migrationSettings: () => [],
    isLockTimeout: (err: QueryError) => err.sqlState !== undefined && RETRYABLE.has(err.sqlState),
    describeLockBlockers: (conn) => describeBlockers(conn).catch(() => null),
    normalizeError: (err, sql) => mysqlQueryError(err, sql, secrets),
  };
}
