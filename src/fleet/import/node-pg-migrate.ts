/** node-pg-migrate's `pgmigrations (id, name, run_on)`, keyed by file name without extension. */
import { byName, type Importer } from "./importer.js";

export const nodePgMigrate: Importer = {
  tool: "node-pg-migrate",
  table: "pgmigrations",
  async read(source) {
    const rows = await source.rows(this.table, "id");
    return {
      applied: rows.map((r) => byName(r.name, r.run_on)),
    };
  },
};
