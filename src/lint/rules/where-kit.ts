/** What update-without-where and delete-without-where share. */
import { relName, stmt } from "../pg-nodes.js";
import { bareName } from "../text-nodes.js";
import type { LintFile, LintStatement } from "../types.js";
import { startsWith } from "./rule-kit.js";

/** Each `verb` statement (UPDATE or DELETE) without WHERE, on a table that is not new. */
export function* withoutWhere(
  file: LintFile,
  verb: "UPDATE" | "DELETE",
): Generator<{ statement: LintStatement; table: string }> {
  const type = verb === "UPDATE" ? "UpdateStmt" : "DeleteStmt";
  for (const s of file.statements) {
    let table: string | null = null;
    const body = stmt(s.node, type);
    if (body) table = body.whereClause === undefined ? relName(body.relation) : null;
    else if (file.syntax !== "postgres" && startsWith(s, verb) && !/\bWHERE\b/i.test(s.code)) {
      const m = (
        verb === "UPDATE"
          ? /^\s*UPDATE\s+(?:LOW_PRIORITY\s+|IGNORE\s+|OR\s+\w+\s+)*(\S+)/i
          : /^\s*DELETE\s+(?:LOW_PRIORITY\s+|QUICK\s+|IGNORE\s+)*FROM\s+(\S+)/i
      ).exec(s.code);
      table = m ? bareName(m[1]!) : "";
    }
    if (table !== null && !file.isNew(table, s.index)) yield { statement: s, table };
  }
}
