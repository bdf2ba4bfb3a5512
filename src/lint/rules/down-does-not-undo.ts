import type { NamedObject } from "../pg-nodes.js";
import type { LintFile, LintRule, LintStatement } from "../types.js";
import { createdObjects, droppedObjects } from "./rule-kit.js";

/** The up creates an object by name, and the down never drops it (nor the table it lives in). */
export const downDoesNotUndo: LintRule = {
  id: "down-does-not-undo",
  level: "warning",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "the down does not drop what the up created (by name)",
  why: "After `down` the object is still there: the next `up` fails on it (already exists), and the schema no longer matches the history.",
  safe: "Drop in the down, in reverse order, every table, column, index, view, type and sequence the up creates.",
  *check(file) {
    if (file.down === null) return;
    const dropped = objectsOf(file, file.down, droppedObjects);
    const key = (o: NamedObject) => `${o.kind}:${o.name}`;
    const gone = new Set(dropped.map(key));
    const droppedTables = new Set(dropped.filter((o) => o.kind === "table").map((o) => o.name));
    const droppedInUp = new Set(objectsOf(file, file.statements, droppedObjects).map(key));
    for (const statement of file.statements) {
      for (const o of createdObjects(file, statement)) {
        if (gone.has(key(o)) || droppedInUp.has(key(o))) continue;
        if (o.table !== undefined && droppedTables.has(o.table)) continue;
        yield { statement, message: `creates ${o.kind} ${o.name}; the down never drops it` };
      }
    }
  },
};

function objectsOf(
  file: LintFile,
  statements: readonly LintStatement[],
  read: (file: LintFile, s: LintStatement) => NamedObject[],
): NamedObject[] {
  return statements.flatMap((s) => read(file, s));
}
