/**
 * Alembic's `alembic_version (version_num)`: the head revision; it and everything it descends
 * from are applied. More than one row (several heads) is refused: merge them in Alembic first.
 */
import type { Importer } from "./importer.js";

export const alembic: Importer = {
  tool: "alembic",
  table: "alembic_version",
  async read(source) {
    const rows = await source.rows(this.table);
    if (rows.length > 1)
      source.dirty(
        rows.map((r) => String(r.version_num)).join(", "),
        "on several heads (run `alembic merge` first)",
      );
    const head = rows[0];
    if (!head) return { applied: [] };
    return {
      applied: [],
      through: {
        key: String(head.version_num),
        by: "name",
        appliedAt: null,
        appliedBy: null,
        executionMs: null,
      },
    };
  },
};
