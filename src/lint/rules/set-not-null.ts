import { alterCommands } from "../pg-nodes.js";
import type { LintRule } from "../types.js";
import { withFacts } from "./rule-kit.js";

/** `ALTER COLUMN … SET NOT NULL` without a validated `CHECK (col IS NOT NULL)` before it. */
export const setNotNull: LintRule = {
  id: "set-not-null",
  level: "error",
  syntaxes: ["postgres"],
  what: "sets NOT NULL on a column of an existing table without a validated CHECK (col IS NOT NULL) first",
  why: "PostgreSQL scans the whole table to prove no NULL is left, holding an ACCESS EXCLUSIVE lock that blocks reads and writes for the scan.",
  safe: "ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; then VALIDATE CONSTRAINT c (no write lock); then SET NOT NULL (PostgreSQL 12+ skips the scan); then drop the check.",
  *check(file) {
    for (const { statement, facts } of withFacts(file)) {
      const alter = alterCommands(statement.node);
      if (!alter || file.isNew(alter.table, statement.index)) continue;
      for (const cmd of alter.cmds) {
        const column = String(cmd.name);
        if (cmd.subtype === "AT_SetNotNull" && !facts.provenNotNull(alter.table, column))
          yield {
            statement,
            message: `sets NOT NULL on ${alter.table}.${column} without a validated check`,
          };
      }
    }
  },
};
