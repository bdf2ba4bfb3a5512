/**
 * Reads a connection's schema through its dialect's `introspect`, with tidemark's own tables
 * left out: the one place that knows which tables those are.
 */
import { TidemarkError } from "../core/errors.js";
import type { Connection, Dialect } from "../dialects/dialect.js";
import { parseTableName } from "../dialects/dialect.js";
import type { SchemaSnapshot } from "./snapshot.js";

/** The tracking table, its log and (SQLite) its lock table, unqualified. */
export function trackingTables(table: string): readonly string[] {
  const { name } = parseTableName(table, "schema", "tidemark");
  return [name, `${name}_log`, `${name}_lock`];
}

/** The schema on `conn` without tidemark's tables; E_UNSUPPORTED when the dialect cannot read one. */
export async function snapshotOf(
  dialect: Dialect,
  conn: Connection,
  table: string,
): Promise<SchemaSnapshot> {
  if (dialect.introspect === undefined)
    throw new TidemarkError(
      "E_UNSUPPORTED",
      `Reading the schema is not available for ${dialect.displayUrl} yet`,
      {
        hint: "verify, drift and schema need schema introspection, which this engine lacks in this release.",
      },
    );
  return dialect.introspect(conn, { exclude: trackingTables(table) });
}
