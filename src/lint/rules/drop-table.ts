import type { LintRule } from "../types.js";
import { droppedObjects } from "./rule-kit.js";

/** `DROP TABLE` of a table that exists: its data is gone, and running code still reads it. */
export const dropTable: LintRule = {
  id: "drop-table",
  level: "error",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "drops a table",
  why: "The data is lost, and the application version still running reads or writes the table (errors until it is deployed away).",
  safe: "Stop using the table in the code and deploy that first; drop it in a later migration (expand/contract), after a backup.",
  *check(file) {
    for (const s of file.statements) {
      for (const o of droppedObjects(file, s)) {
        if (o.kind === "table" && !file.isNew(o.name, s.index))
          yield { statement: s, message: `drops table ${o.name}` };
      }
    }
  },
};
