import { relName, stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

/** `CLUSTER`. */
export const cluster: LintRule = {
  id: "cluster",
  level: "error",
  syntaxes: ["postgres"],
  what: "runs CLUSTER",
  why: "CLUSTER rewrites the table in index order under an ACCESS EXCLUSIVE lock: no reads or writes until it is done.",
  safe: "pg_repack --order-by for an online reorder, outside migrations; or accept the lock in a maintenance window.",
  *check(file) {
    for (const s of file.statements) {
      const body = stmt(s.node, "ClusterStmt");
      if (body && !file.isNew(relName(body.relation), s.index))
        yield { statement: s, message: "CLUSTER locks the table for the whole rewrite" };
    }
  },
};
