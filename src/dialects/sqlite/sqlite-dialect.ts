/**
 * The SQLite dialect (`sqlite:./file.db`, `sqlite::memory:`), over better-sqlite3 loaded
 * lazily. The migration lock is a row in the database (sqlite-lock.ts): nothing is written
 * beside the database file.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { messageOf, type QueryError, TidemarkError } from "../../core/errors.js";
import {
  type Capabilities,
  type Dialect,
  parseTableName,
  type Statement,
  type TrackingTypes,
} from "../dialect.js";
import { SqliteConnection, sqliteError } from "./sqlite-connection.js";
import { DIGEST_FUNCTION, openSqlite } from "./sqlite-driver.js";
import { sqliteLifecycle } from "./sqlite-lifecycle.js";
import { SqliteLock } from "./sqlite-lock.js";
import { splitSqliteStatements } from "./sqlite-splitter.js";

export { sqliteError } from "./sqlite-connection.js";

const capabilities: Capabilities = {
  lock: "session",
  ddlPerTransaction: "many",
  transactionalDdl: true,
  lockTimeouts: false,
  schemas: false,
  singleConnection: false,
};

const types: TrackingTypes = {
  key: "TEXT",
  text: "TEXT",
  longText: "TEXT",
  integer: "INTEGER",
  timestamp: "TEXT",
  autoId: "id INTEGER PRIMARY KEY AUTOINCREMENT",
};

/** `sqlite:./file.db`, `sqlite:///abs/file.db`, `sqlite::memory:` → a file path or `:memory:`. */
export function sqlitePath(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/i, "");
  if (rest === ":memory:" || rest === "memory" || rest === "") return ":memory:";
  return rest.split("?")[0]!;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A tracking table's quoted name; SQLite has no schemas, so a dot is refused (E_CONFIG). */
function tableRef(table: string): string {
  return quote(parseTableName(table, null, "SQLite").name);
}

/** `path` as the user wrote it; `file` resolved. A read-only open refuses a missing file. */
function openError(err: unknown, path: string, file: string, readOnly: boolean): TidemarkError {
  if (readOnly && (err as { code?: string }).code === "SQLITE_CANTOPEN" && !existsSync(file)) {
    return new TidemarkError("E_CONNECT", `No such database: ${path}`, {
      cause: err,
      hint: "Check the path, or run `tidemark up` to create it.",
    });
  }
  return new TidemarkError("E_CONNECT", `Cannot open SQLite database ${path}: ${messageOf(err)}`, {
    cause: err,
    hint: "Check that the folder exists and is writable.",
  });
}

/** The SQLite dialect (better-sqlite3, loaded lazily). */
export function createDialect(url: string): Dialect {
  const path = sqlitePath(url);
  const file = path === ":memory:" ? path : resolve(path);
  return {
    name: "sqlite",
    syntax: "sqlite",
    capabilities,
    displayUrl: url,
    // BINARY: the bytes of the UTF-8 text, in order (SQLite 3.44 and later order an aggregate's input).
    digestSql: (select) =>
      `SELECT count(*) AS n, ${DIGEST_FUNCTION}(group_concat(k || ' ' || v || char(10), '' ORDER BY k COLLATE BINARY)) AS digest FROM (${select}) AS d`,
    async connect(options) {
      const readOnly = options.readOnly === true;
      try {
        return new SqliteConnection(await openSqlite(file, { readOnly }), options.applicationName);
      } catch (err) {
        throw openError(err, path, file, readOnly);
      }
    },
    createLock: (conn, table) =>
      new SqliteLock(conn as SqliteConnection, tableRef(`${table}_lock`), quote),
    quoteIdent: quote,
    tableRef,
    placeholder: () => "?",
    types,
    // SQLite has no users: the core records the operating-system user.
    currentUserSql: 'SELECT NULL AS "user"',
    splitStatements: async (script: string): Promise<readonly Statement[]> =>
      splitSqliteStatements(script),
    nonTransactionalReason: async (script) => {
      const vacuum = splitSqliteStatements(script).find((s) => /^VACUUM\b/i.test(s.sql));
      return vacuum ? `VACUUM cannot run inside a transaction (line ${vacuum.line})` : null;
    },
    migrationSettings: () => [],
    isLockTimeout: () => false,
    isDuplicateKey: (err: QueryError) => err.sqlState?.startsWith("SQLITE_CONSTRAINT") === true,
    describeLockBlockers: async () => null,
    introspect: async (conn, scope) =>
      (await import("./sqlite-introspect.js")).introspectSqlite(conn, scope),
    ...sqliteLifecycle(file, (err) => openError(err, path, file, false)),
    normalizeError: (err, sql) => sqliteError(err, sql),
    scratch: { kind: "memory", url: "sqlite::memory:" },
  };
}
