import type { LintRule } from "../types.js";
import { addedConstraints, named } from "./constraint-kit.js";

const KEYS: Readonly<Record<string, string>> = {
  CONSTR_UNIQUE: "unique",
  CONSTR_PRIMARY: "primary key",
};

/** `ADD UNIQUE` / `ADD PRIMARY KEY` without `USING INDEX` on an existing table. */
export const uniqueUsingIndex: LintRule = {
  id: "unique-using-index",
  level: "error",
  syntaxes: ["postgres"],
  what: "adds a unique or primary key constraint to an existing table without USING INDEX",
  why: "The constraint builds its index while holding an ACCESS EXCLUSIVE lock: reads and writes on the table wait for the whole build.",
  safe: "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … UNIQUE USING INDEX (a quick catalog change).",
  *check(file) {
    for (const { statement, table, constraint } of addedConstraints(file)) {
      const kind = KEYS[String(constraint.contype)];
      if (kind && constraint.indexname === undefined)
        yield {
          statement,
          message: `adds ${kind} ${named(constraint)} on ${table} without USING INDEX`,
        };
    }
  },
};
