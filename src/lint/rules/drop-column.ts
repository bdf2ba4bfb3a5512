import type { LintRule } from "../types.js";
import { droppedObjects } from "./rule-kit.js";

/** `ALTER TABLE … DROP COLUMN` on an existing table. */
export const dropColumn: LintRule = {
  id: "drop-column",
  level: "error",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "drops a column",
  why: "The column's data is lost, and the running application (or its ORM's SELECT *) still names the column.",
  safe: "Stop reading and writing the column in the code (ignore it in the ORM) and deploy; drop it in a later migration.",
  *check(file) {
    for (const s of file.statements) {
      for (const o of droppedObjects(file, s)) {
        const table = o.name.split(".")[0]!;
        if (o.kind === "column" && !file.isNew(table, s.index))
          yield { statement: s, message: `drops column ${o.name}` };
      }
    }
  },
};
