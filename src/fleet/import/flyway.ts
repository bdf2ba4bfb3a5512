/**
 * Flyway's `flyway_schema_history`: one row per action in `installed_rank` order. A failed row
 * (`success` false) makes the history dirty; an `UNDO_SQL` row takes its version back; a
 * `BASELINE` row says every version up to it is applied; `DELETE` rows (repair) are skipped.
 */
import {
  dateOf,
  type ForeignMigration,
  type Importer,
  numberOf,
  textOf,
  truthy,
} from "./importer.js";

export const flyway: Importer = {
  tool: "flyway",
  table: "flyway_schema_history",
  async read(source) {
    const rows = await source.rows(this.table, "installed_rank");
    const applied = new Map<string, ForeignMigration>();
    let through: ForeignMigration | undefined;
    for (const row of rows) {
      const type = String(row.type ?? "").toUpperCase();
      const version = textOf(row.version);
      const script = String(row.script ?? "");
      if (type === "SCHEMA" || type === "DELETE") continue;
      const label = version ?? script;
      if (!truthy(row.success)) source.dirty(`${label} (${script})`, "failed");
      const migration: ForeignMigration = {
        key: version ?? script.replace(/\.[^.]+$/, ""),
        by: version === null ? "name" : "version",
        appliedAt: dateOf(row.installed_on),
        appliedBy: textOf(row.installed_by),
        executionMs: numberOf(row.execution_time),
      };
      if (type.startsWith("UNDO")) applied.delete(migration.key);
      else if (type.includes("BASELINE")) through = migration;
      else {
        // A repeatable runs again when it changes: its newest run is the one kept.
        applied.delete(migration.key);
        applied.set(migration.key, migration);
      }
    }
    return { applied: [...applied.values()], ...(through && { through }) };
  },
};
