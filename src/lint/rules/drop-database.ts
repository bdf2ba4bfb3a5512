import { stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";
import { startsWith } from "./rule-kit.js";

/** `DROP DATABASE` (PostgreSQL), `DROP DATABASE|SCHEMA` (MySQL, where a schema is a database). */
export const dropDatabase: LintRule = {
  id: "drop-database",
  level: "error",
  syntaxes: ["postgres", "mysql"],
  what: "drops a database",
  why: "Everything in the database is lost; a migration is the wrong place for it.",
  safe: "Drop databases by hand, after a backup, outside the migration history.",
  *check(file) {
    for (const s of file.statements) {
      const pg = stmt(s.node, "DropdbStmt") !== null;
      const my = startsWith(s, "DROP", "DATABASE") || startsWith(s, "DROP", "SCHEMA");
      if (pg || (file.syntax === "mysql" && my))
        yield { statement: s, message: "drops a database" };
    }
  },
};
