/**
 * golang-migrate's `schema_migrations (version, dirty)`: one row, the newest version applied;
 * every migration up to it is applied. `dirty` means a migration failed half-way.
 */
import { byVersion, type Importer, truthy } from "./importer.js";

export const golangMigrate: Importer = {
  tool: "golang-migrate",
  table: "schema_migrations",
  async read(source) {
    const rows = await source.rows(this.table);
    const row = rows[0];
    if (!row) return { applied: [] };
    if (!("dirty" in row))
      source.dirty(
        "schema_migrations",
        "not golang-migrate's (no dirty column; dbmate uses that table name: try --from dbmate)",
      );
    const version = String(row.version);
    if (truthy(row.dirty)) source.dirty(version, "dirty (a migration failed half-way)");
    return { applied: [], through: byVersion(version) };
  },
};
