/**
 * A distributed-SQL dialect as a folder would declare one: PostgreSQL's wire protocol and SQL,
 * with CockroachDB's flags — the lock is a row in a table (`lock: "table-row"`, no advisory
 * lock) and each DDL statement commits alone (`ddlPerTransaction: "one"`). Run against the real
 * PostgreSQL, it proves that the lock and the transaction plan follow the flags, not the name.
 * A dialect module: `createDialect(url)`, as src/dialects/registry.ts loads one.
 */
import type { Dialect } from "../../src/dialects/dialect.js";
import { createDialect as createPostgresDialect } from "../../src/dialects/postgres/postgres-dialect.js";

/** Absolute path of this module, for a child process that must build the same dialect. */
export const DISTRIBUTED_DIALECT_MODULE = new URL(import.meta.url).pathname;

export function createDialect(url: string): Dialect {
  const { createLock: _advisory, ...postgres } = createPostgresDialect(url);
  return {
    ...postgres,
    capabilities: { ...postgres.capabilities, lock: "table-row", ddlPerTransaction: "one" },
  };
}
