import type { LintRule } from "../types.js";
import { withoutWhere } from "./where-kit.js";

/** `UPDATE` without WHERE on an existing table. */
export const updateWithoutWhere: LintRule = {
  id: "update-without-where",
  level: "warning",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "updates every row of an existing table (no WHERE)",
  why: "One statement rewrites every row and holds every row lock until the migration commits: concurrent writes to the table wait, and the table bloats.",
  safe: "Backfill in batches (WHERE id BETWEEN … or a loop of LIMITed updates), each in its own transaction, outside the schema change.",
  *check(file) {
    for (const { statement, table } of withoutWhere(file, "UPDATE"))
      yield { statement, message: `updates every row of ${table || "the table"}` };
  },
};
