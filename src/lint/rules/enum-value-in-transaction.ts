import { stmt, walk } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

type Rec = Readonly<Record<string, unknown>>;

/** `ALTER TYPE … ADD VALUE 'v'` then a use of 'v' before the transaction commits. */
export const enumValueInTransaction: LintRule = {
  id: "enum-value-in-transaction",
  level: "error",
  syntaxes: ["postgres"],
  what: "uses an enum value in the transaction that adds it",
  why: "PostgreSQL refuses a value added by ALTER TYPE … ADD VALUE until that transaction commits (unsafe use of new value): the migration fails.",
  safe: "Add the value in one migration and use it in the next (each migration commits on its own).",
  *check(file) {
    const added = new Set<string>();
    let own = false;
    for (const s of file.statements) {
      const kind = String(stmt(s.node, "TransactionStmt")?.kind ?? "");
      if (kind === "TRANS_STMT_BEGIN" || kind === "TRANS_STMT_START") own = true;
      if (kind === "TRANS_STMT_COMMIT" || kind === "TRANS_STMT_ROLLBACK") {
        own = false;
        added.clear();
      }
      const inTransaction = file.wrapped || own;
      const used = [...added].find((value) => mentions(s.node, value));
      if (used !== undefined)
        yield { statement: s, message: `uses enum value '${used}' before the ADD VALUE commits` };
      const enumAdd = stmt(s.node, "AlterEnumStmt");
      if (enumAdd?.newVal !== undefined && enumAdd.oldVal === undefined && inTransaction)
        added.add(String(enumAdd.newVal));
    }
  },
};

function mentions(node: unknown, value: string): boolean {
  let found = false;
  walk(node, (n) => {
    const constant = n.A_Const as Rec | undefined;
    if ((constant?.sval as Rec | undefined)?.sval === value) found = true;
  });
  return found;
}
