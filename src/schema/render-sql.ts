/**
 * A schema snapshot as the SQL DDL that recreates it (what `tidemark schema` prints and
 * `schemaFile` holds), dispatched by the snapshot's engine. Pure.
 */
import { TidemarkError } from "../core/errors.js";
import { renderPostgresSchema } from "./render-sql-postgres.js";
import type { SchemaSnapshot, SnapshotEngine } from "./snapshot.js";

/** One renderer per engine family; an engine missing here cannot be rendered yet. */
const RENDERERS: Partial<Record<SnapshotEngine, (snapshot: SchemaSnapshot) => string>> = {
  postgres: renderPostgresSchema,
};

/** The DDL that recreates `snapshot` in an empty database, in dependency order. */
export function renderSchemaSql(snapshot: SchemaSnapshot): string {
  const render = RENDERERS[snapshot.engine];
  if (!render) {
    throw new TidemarkError(
      "E_USAGE",
      `Rendering a ${snapshot.engine} schema as SQL is not supported yet`,
      { hint: "Use --json for the schema as a JSON snapshot." },
    );
  }
  return render(snapshot);
}
