/** dbmate's `schema_migrations (version)`: one row per applied version, nothing else kept. */
import { byVersion, type Importer } from "./importer.js";

export const dbmate: Importer = {
  tool: "dbmate",
  table: "schema_migrations",
  async read(source) {
    const rows = await source.rows(this.table, "version");
    if (rows[0] && "dirty" in rows[0])
      source.dirty(
        "schema_migrations",
        "golang-migrate's, not dbmate's (it has a dirty column: try --from golang-migrate)",
      );
    return { applied: rows.map((r) => byVersion(String(r.version))) };
  },
};
