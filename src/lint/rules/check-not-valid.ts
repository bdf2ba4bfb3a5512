import type { LintRule } from "../types.js";
import { addedConstraints, named } from "./constraint-kit.js";

/** `ADD CHECK` without NOT VALID on an existing table. */
export const checkNotValid: LintRule = {
  id: "check-not-valid",
  level: "error",
  syntaxes: ["postgres"],
  what: "adds a check constraint to an existing table without NOT VALID",
  why: "Validating scans the whole table under an ACCESS EXCLUSIVE lock that blocks reads and writes.",
  safe: "ADD CONSTRAINT … CHECK (…) NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT in a later migration.",
  *check(file) {
    for (const { statement, table, constraint } of addedConstraints(file)) {
      if (constraint.contype === "CONSTR_CHECK" && constraint.skip_validation !== true)
        yield {
          statement,
          message: `adds check ${named(constraint)} on ${table} without NOT VALID`,
        };
    }
  },
};
