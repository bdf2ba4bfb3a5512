/**
 * Knex's `knex_migrations (id, name, batch, migration_time)`, keyed by file name; a held
 * `knex_migrations_lock` means a run is in progress or was killed.
 */
import { byName, type Importer, truthy } from "./importer.js";

export const knex: Importer = {
  tool: "knex",
  table: "knex_migrations",
  async read(source) {
    const rows = await source.rows(this.table, "id");
    const lock = await source.rowsIfAny("knex_migrations_lock");
    if (lock?.some((r) => truthy(r.is_locked)))
      source.dirty(
        "knex_migrations_lock",
        "locked (a knex migrate run is in progress or was killed)",
      );
    return {
      applied: rows.map((r) => byName(r.name, r.migration_time)),
    };
  },
};
