import { stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

/** `DROP SCHEMA` (PostgreSQL). */
export const dropSchema: LintRule = {
  id: "drop-schema",
  level: "error",
  syntaxes: ["postgres"],
  what: "drops a schema",
  why: "Every table, view and function in the schema goes with it (CASCADE), data included.",
  safe: "Move or drop the objects one by one in earlier migrations, after the code stopped using them; drop the empty schema last.",
  *check(file) {
    for (const s of file.statements) {
      const drop = stmt(s.node, "DropStmt");
      if (drop?.removeType === "OBJECT_SCHEMA") yield { statement: s, message: "drops a schema" };
    }
  },
};
