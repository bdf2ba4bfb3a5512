import { columnConstraints, typeInfo } from "../pg-nodes.js";
import { addedColumn, alterTable } from "../text-nodes.js";
import type { LintFile, LintRule, RuleHit } from "../types.js";
import { existingAlters } from "./rule-kit.js";

type Rec = Readonly<Record<string, unknown>>;
const FILLED = new Set(["CONSTR_DEFAULT", "CONSTR_IDENTITY", "CONSTR_GENERATED"]);
const SERIAL = /^(small|big)?serial[248]?$/;

/** `ADD COLUMN … NOT NULL` without a default, on a table that has rows. */
export const notNullWithoutDefault: LintRule = {
  id: "not-null-without-default",
  level: "error",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "adds a NOT NULL column without a default to an existing table",
  why: "PostgreSQL and SQLite refuse it as soon as the table has a row; MySQL fills the rows with an implicit 0 or '' nobody chose. The running code does not write the column yet either.",
  safe: "Add the column NULL (or with a constant DEFAULT), backfill in batches, then add the NOT NULL (PostgreSQL: through a validated CHECK).",
  check(file) {
    return file.syntax === "postgres" ? pgHits(file) : textHits(file);
  },
};

function* pgHits(file: LintFile): Generator<RuleHit> {
  for (const { statement, table, cmd } of existingAlters(file)) {
    if (cmd.subtype !== "AT_AddColumn") continue;
    const column = ((cmd.def ?? {}) as Rec).ColumnDef as Rec;
    const kinds = columnConstraints(column).map((c) => String(c.contype));
    const notNull = kinds.includes("CONSTR_NOTNULL") || kinds.includes("CONSTR_PRIMARY");
    const filled =
      kinds.some((k) => FILLED.has(k)) || SERIAL.test(typeInfo(column.typeName)?.name ?? "");
    if (notNull && !filled)
      yield {
        statement,
        message: `adds NOT NULL column ${table}.${String(column.colname)} without a default`,
      };
  }
}

function* textHits(file: LintFile): Generator<RuleHit> {
  for (const statement of file.statements) {
    const alter = alterTable(statement.code);
    if (!alter || file.isNew(alter.table, statement.index)) continue;
    for (const clause of alter.clauses) {
      const column = addedColumn(clause);
      const def = column?.definition ?? "";
      if (!/\bNOT\s+NULL\b/i.test(def) || /\b(DEFAULT|AUTO_INCREMENT|AS)\b/i.test(def)) continue;
      yield {
        statement,
        message: `adds NOT NULL column ${alter.table}.${column!.name} without a default`,
      };
    }
  }
}
