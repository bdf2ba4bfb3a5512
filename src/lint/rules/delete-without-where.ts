import type { LintRule } from "../types.js";
import { withoutWhere } from "./where-kit.js";

/** `DELETE` without WHERE on an existing table. */
export const deleteWithoutWhere: LintRule = {
  id: "delete-without-where",
  level: "warning",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "deletes every row of an existing table (no WHERE)",
  why: "All the table's data is lost, and every row stays locked until the migration commits.",
  safe: "Say which rows with WHERE; to empty a table on purpose, say so with TRUNCATE after a backup, or disable the rule for this statement.",
  *check(file) {
    for (const { statement, table } of withoutWhere(file, "DELETE"))
      yield { statement, message: `deletes every row of ${table || "the table"}` };
  },
};
