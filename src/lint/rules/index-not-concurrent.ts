import { relName, stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

/** `CREATE INDEX` without CONCURRENTLY on an existing table. */
export const indexNotConcurrent: LintRule = {
  id: "index-not-concurrent",
  level: "error",
  syntaxes: ["postgres"],
  what: "creates an index on an existing table without CONCURRENTLY",
  why: "CREATE INDEX holds a SHARE lock for the whole build: every INSERT, UPDATE and DELETE on the table waits until the index is built.",
  safe: "CREATE INDEX CONCURRENTLY (tidemark then runs the file outside a transaction by itself); keep it alone in its migration so a failure leaves nothing half done.",
  *check(file) {
    for (const s of file.statements) {
      const index = stmt(s.node, "IndexStmt");
      if (!index || index.concurrent === true) continue;
      const table = relName(index.relation);
      if (!file.isNew(table, s.index))
        yield { statement: s, message: `creates an index on ${table} without CONCURRENTLY` };
    }
  },
};
