/** What the opt-in prefer-* rules share: every column type a statement declares. */
import { type TypeInfo, typeInfo, walk } from "../pg-nodes.js";
import type { LintFile, LintStatement } from "../types.js";

type Rec = Readonly<Record<string, unknown>>;

/** Each column (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE) with the type it is given. */
export function* declaredTypes(
  file: LintFile,
): Generator<{ statement: LintStatement; column: string; type: TypeInfo }> {
  for (const statement of file.statements) {
    const found: { column: string; type: TypeInfo }[] = [];
    walk(statement.node, (node) => {
      const def = node.ColumnDef as Rec | undefined;
      const type = def ? typeInfo(def.typeName) : null;
      if (def && type) found.push({ column: String(def.colname ?? ""), type });
    });
    for (const f of found) yield { statement, ...f };
  }
}
