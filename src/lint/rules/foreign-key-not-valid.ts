import type { LintRule } from "../types.js";
import { addedConstraints, named } from "./constraint-kit.js";

/** `ADD FOREIGN KEY` without NOT VALID on an existing table. */
export const foreignKeyNotValid: LintRule = {
  id: "foreign-key-not-valid",
  level: "error",
  syntaxes: ["postgres"],
  what: "adds a foreign key to an existing table without NOT VALID",
  why: "Validating scans the whole table while a SHARE ROW EXCLUSIVE lock on both tables blocks their writes.",
  safe: "ADD CONSTRAINT … FOREIGN KEY … NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a later migration (it does not block writes).",
  *check(file) {
    for (const { statement, table, constraint } of addedConstraints(file)) {
      if (constraint.contype === "CONSTR_FOREIGN" && constraint.skip_validation !== true)
        yield {
          statement,
          message: `adds foreign key ${named(constraint)} on ${table} without NOT VALID`,
        };
    }
  },
};
