import { relName, stmt } from "../pg-nodes.js";
import { alterTable, bareName } from "../text-nodes.js";
import type { LintRule } from "../types.js";
import { startsWith } from "./rule-kit.js";

/** Renaming an existing table. */
export const renameTable: LintRule = {
  id: "rename-table",
  level: "error",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "renames a table",
  why: "The application version still running uses the old name: every query on it fails from the moment the migration commits until the new code is deployed.",
  safe: "Create the new table (or a view with the new name), write to both from the code, move reads, then drop the old one in a later migration.",
  *check(file) {
    for (const s of file.statements) {
      const rename = stmt(s.node, "RenameStmt");
      if (rename?.renameType === "OBJECT_TABLE") {
        const table = relName(rename.relation);
        if (!file.isNew(table, s.index))
          yield { statement: s, message: `renames table ${table} to ${String(rename.newname)}` };
        continue;
      }
      if (file.syntax === "postgres") continue;
      if (startsWith(s, "RENAME", "TABLE")) {
        yield { statement: s, message: "renames a table" };
        continue;
      }
      const alter = alterTable(s.code);
      if (!alter || file.isNew(alter.table, s.index)) continue;
      const to = alter.clauses.map((c) => /^RENAME\s+(?:TO|AS)\s+(\S+)/i.exec(c)).find((m) => m);
      if (to)
        yield { statement: s, message: `renames table ${alter.table} to ${bareName(to[1]!)}` };
    }
  },
};
