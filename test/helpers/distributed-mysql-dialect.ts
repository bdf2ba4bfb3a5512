/**
 * A TiDB/Vitess-like dialect as a folder would declare one: MySQL's protocol and SQL, DDL
 * committed implicitly (as MySQL's), and the lock as a row in a table (`lock: "table-row"`:
 * Vitess serves GET_LOCK from one shard, TiDB before 5.3 has none). Run against the real
 * MariaDB, it proves the core's row lock on a MySQL-protocol engine.
 */
import type { Dialect } from "../../src/dialects/dialect.js";
import { createDialect as createMysqlDialect } from "../../src/dialects/mysql/mysql-dialect.js";

/** Absolute path of this module, for a child process that must build the same dialect. */
export const DISTRIBUTED_MYSQL_MODULE = new URL(import.meta.url).pathname;

export function createDialect(url: string): Dialect {
  const { createLock: _getLock, ...mysql } = createMysqlDialect(url);
  return { ...mysql, capabilities: { ...mysql.capabilities, lock: "table-row" } };
}
