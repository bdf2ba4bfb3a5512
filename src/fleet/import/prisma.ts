/**
 * Prisma's `_prisma_migrations`: a row with neither `finished_at` nor `rolled_back_at` failed or
 * is running; a rolled-back row is not applied.
 */
import { dateOf, type Importer } from "./importer.js";

export const prisma: Importer = {
  tool: "prisma",
  table: "_prisma_migrations",
  async read(source) {
    const rows = await source.rows(this.table, "started_at");
    const applied = [];
    for (const r of rows) {
      const name = String(r.migration_name);
      if (r.rolled_back_at !== null && r.rolled_back_at !== undefined) continue;
      if (r.finished_at === null || r.finished_at === undefined)
        source.dirty(name, "failed or in progress (finished_at is empty)");
      const started = dateOf(r.started_at);
      const finished = dateOf(r.finished_at);
      applied.push({
        key: name,
        by: "name" as const,
        appliedAt: finished,
        appliedBy: null,
        executionMs: started && finished ? finished.getTime() - started.getTime() : null,
      });
    }
    return { applied };
  },
};
