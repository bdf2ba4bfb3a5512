/**
 * Reading the live schema through the dialect's introspector, and writing it as SQL to the
 * configured `schemaFile` after a run (dbmate's schema.sql, reviewed in pull requests).
 */
import { promises as fsp } from "node:fs";
import { dirname } from "node:path";
import type { Connection, Dialect } from "../dialects/dialect.js";
import { renderSchemaSql } from "../schema/render-sql.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { TidemarkError } from "./errors.js";
import type { SchemaFileResult } from "./executor.js";

/** The schema on `conn`, the tracking table `table` (and its companions) left out. */
export async function readSchema(
  dialect: Dialect,
  conn: Connection,
  table: string,
): Promise<SchemaSnapshot> {
  if (!dialect.introspect) {
    throw new TidemarkError(
      "E_USAGE",
      `Reading the schema of a ${dialect.name} database is not supported yet`,
      { hint: "Use a PostgreSQL or PGlite database, or leave schemaFile out of the config." },
    );
  }
  return dialect.introspect(conn, { exclude: [table] });
}

/**
 * Writes the schema on `conn` as SQL to `path` (folders created). Never throws: a failure is
 * returned, since the migrations that ran before it stay applied.
 */
export async function writeSchemaFile(
  dialect: Dialect,
  conn: Connection,
  table: string,
  path: string,
): Promise<SchemaFileResult> {
  try {
    const sql = renderSchemaSql(await readSchema(dialect, conn, table));
    await fsp.mkdir(dirname(path), { recursive: true });
    await fsp.writeFile(path, sql);
    return { path };
  } catch (err) {
    return { path, error: (err as Error).message };
  }
}
