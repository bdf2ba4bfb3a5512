/**
 * goose's `goose_db_version (id, version_id, is_applied, tstamp)`: one row per up or down;
 * the newest row of a version says whether it is applied. Version 0 is goose's own first row.
 */
import { dateOf, type ForeignMigration, type Importer, truthy } from "./importer.js";

export const goose: Importer = {
  tool: "goose",
  table: "goose_db_version",
  async read(source) {
    const rows = await source.rows(this.table, "id");
    const latest = new Map<string, ForeignMigration | null>();
    for (const row of rows) {
      const version = String(row.version_id);
      if (version === "0") continue;
      latest.delete(version);
      latest.set(
        version,
        truthy(row.is_applied)
          ? {
              key: version,
              by: "version",
              appliedAt: dateOf(row.tstamp),
              appliedBy: null,
              executionMs: null,
            }
          : null,
      );
    }
    return { applied: [...latest.values()].filter((m) => m !== null) };
  },
};
