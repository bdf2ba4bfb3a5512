import { relName, stmt } from "../pg-nodes.js";
import { alterTable, bareName } from "../text-nodes.js";
import type { LintRule } from "../types.js";

/** Renaming a column of an existing table. */
export const renameColumn: LintRule = {
  id: "rename-column",
  level: "error",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "renames a column",
  why: "The application version still running reads and writes the old name: its queries fail from the moment the migration commits until the new code is deployed.",
  safe: "Add the new column, write both from the code, backfill, move reads to the new column, then drop the old one in a later migration.",
  *check(file) {
    for (const s of file.statements) {
      const rename = stmt(s.node, "RenameStmt");
      if (rename?.renameType === "OBJECT_COLUMN") {
        const table = relName(rename.relation);
        if (!file.isNew(table, s.index))
          yield {
            statement: s,
            message: `renames column ${table}.${String(rename.subname)} to ${String(rename.newname)}`,
          };
        continue;
      }
      const alter = file.syntax === "postgres" ? null : alterTable(s.code);
      if (!alter || file.isNew(alter.table, s.index)) continue;
      for (const clause of alter.clauses) {
        const renamed =
          /^RENAME\s+(?:COLUMN\s+)?(?!TO\b|AS\b|INDEX\b|KEY\b)(\S+)\s+TO\s+(\S+)/i.exec(clause);
        const changed = /^CHANGE\s+(?:COLUMN\s+)?(\S+)\s+(\S+)/i.exec(clause);
        const pair = renamed ?? changed;
        if (!pair || bareName(pair[1]!) === bareName(pair[2]!)) continue;
        yield {
          statement: s,
          message: `renames column ${alter.table}.${bareName(pair[1]!)} to ${bareName(pair[2]!)}`,
        };
      }
    }
  },
};
