/**
 * Sqitch's registry table `sqitch.changes` (a `sqitch` schema on PostgreSQL, a `sqitch`
 * database on MySQL): one row per deployed change; a revert deletes the row.
 */
import { byName, type Importer } from "./importer.js";

export const sqitch: Importer = {
  tool: "sqitch",
  table: "sqitch.changes",
  async read(source) {
    const rows = await source.rows(this.table, "committed_at");
    return {
      applied: rows.map((r) => byName(r.change, r.committed_at, r.committer_name)),
    };
  },
};
