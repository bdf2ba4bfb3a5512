import { droppedBy, stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

/** `DROP INDEX` without CONCURRENTLY of an index that existed before the run. */
export const dropIndexNotConcurrent: LintRule = {
  id: "drop-index-not-concurrent",
  level: "warning",
  syntaxes: ["postgres"],
  what: "drops an existing index without CONCURRENTLY",
  why: "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: it waits for every running query on the table, and blocks all new ones while it waits.",
  safe: "DROP INDEX CONCURRENTLY (tidemark then runs the file outside a transaction by itself).",
  *check(file) {
    for (const s of file.statements) {
      const drop = stmt(s.node, "DropStmt");
      if (drop?.removeType !== "OBJECT_INDEX" || drop.concurrent === true) continue;
      for (const o of droppedBy(s.node)) {
        if (!file.isNewIndex(o.name, s.index))
          yield { statement: s, message: `drops index ${o.name} without CONCURRENTLY` };
      }
    }
  },
};
