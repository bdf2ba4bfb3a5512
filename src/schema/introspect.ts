/**
 * Reads a connection's schema through its dialect's `introspect`, with tidemark's own tables
 * left out.
 */
import { TidemarkError } from "../core/errors.js";
import type { Connection, Dialect } from "../dialects/dialect.js";
import type { SchemaSnapshot } from "./snapshot.js";

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
  // The introspector leaves out the table's `_log` and `_lock` companions with it.
  return dialect.introspect(conn, { exclude: [table] });
}
