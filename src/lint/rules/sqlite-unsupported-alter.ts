import { addedColumn, alterTable } from "../text-nodes.js";
import type { LintRule } from "../types.js";

/** The ALTER TABLE clauses SQLite has: RENAME TO, RENAME COLUMN, ADD COLUMN, DROP COLUMN. */
const SUPPORTED =
  /^(RENAME\b|ADD\b|DROP\s+(COLUMN\s+)?(?!CONSTRAINT\b|PRIMARY\b|INDEX\b|KEY\b|FOREIGN\b|CHECK\b)\S+\s*$)/i;

/** Why SQLite refuses an ADD COLUMN definition, or null. */
function addRefusal(definition: string): string | null {
  if (/\b(PRIMARY\s+KEY|UNIQUE)\b/i.test(definition))
    return "cannot add a PRIMARY KEY or UNIQUE column";
  if (/\bDEFAULT\s+(\(|CURRENT_(TIME|DATE|TIMESTAMP)\b)/i.test(definition))
    return "cannot add a column with a non-constant default";
  if (/\bGENERATED\b[\s\S]*\bSTORED\b/i.test(definition))
    return "cannot add a STORED generated column";
  return null;
}

/** ALTER TABLE forms that SQLite does not have. */
export const sqliteUnsupportedAlter: LintRule = {
  id: "sqlite-unsupported-alter",
  level: "error",
  syntaxes: ["sqlite"],
  what: "an ALTER TABLE that SQLite cannot do",
  why: "SQLite's ALTER TABLE only renames a table, renames, adds or drops a column: anything else is refused and the migration fails.",
  safe: "Rebuild the table: CREATE TABLE new_t (…), INSERT INTO new_t SELECT … FROM t, DROP TABLE t, ALTER TABLE new_t RENAME TO t (https://sqlite.org/lang_altertable.html#otheralter).",
  *check(file) {
    for (const s of file.statements) {
      const alter = alterTable(s.code);
      if (!alter) continue;
      if (alter.clauses.length > 1) {
        yield { statement: s, message: "SQLite's ALTER TABLE takes one change at a time" };
        continue;
      }
      const clause = alter.clauses[0] ?? "";
      const column = addedColumn(clause);
      const why =
        !SUPPORTED.test(clause) || (/^ADD\b/i.test(clause) && !column)
          ? `cannot ${clause.split(/\s+/).slice(0, 2).join(" ")}`
          : column
            ? addRefusal(column.definition)
            : null;
      if (why) yield { statement: s, message: `${alter.table}: SQLite ${why}` };
    }
  },
};
