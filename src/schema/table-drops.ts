/**
 * Dropping tables in an order the engine accepts, shared by every engine's differ: tables that
 * reference others first, and a foreign key in a cycle among them dropped before any. Pure.
 */
import { dependencyOrder } from "./order.js";
import type { ChangeStatement } from "./schema-change.js";
import type { ConstraintInfo, TableInfo } from "./snapshot.js";

/** How an engine writes the two statements {@link tablesToDrop} needs. */
export interface TableDropSql {
  dropTable(t: TableInfo): string;
  /** Absent where foreign keys need not be dropped first (SQLite with foreign keys off). */
  dropForeignKey?(t: TableInfo, c: ConstraintInfo): string;
}

/** Dropped tables, referencing ones first; a foreign key in a cycle among them is dropped first. */
export function tablesToDrop(
  tables: readonly TableInfo[],
  notes: (t: TableInfo) => ChangeStatement["notes"],
  sql: TableDropSql,
): ChangeStatement[] {
  const names = new Set(tables.map((t) => t.name));
  const refs = (t: TableInfo) => [
    ...t.constraints.flatMap((c) =>
      c.references && names.has(c.references.table) && c.references.table !== t.name
        ? [c.references.table]
        : [],
    ),
    ...[t.options?.partitionOf, t.options?.inherits].filter((p): p is string => p !== undefined),
  ];
  const order = dependencyOrder(tables, (t) => t.name, refs).reverse();
  const dropped = new Set<string>();
  const out: ChangeStatement[] = [];
  const cycles: ChangeStatement[] = [];
  const dropForeignKey = sql.dropForeignKey;
  for (const t of order) {
    for (const c of dropForeignKey ? t.constraints : []) {
      const target = c.references?.table;
      if (
        c.kind === "foreign key" &&
        target !== undefined &&
        target !== t.name &&
        dropped.has(target)
      )
        cycles.push({ sql: dropForeignKey!(t, c) });
    }
    dropped.add(t.name);
    out.push({ sql: sql.dropTable(t), notes: notes(t) });
  }
  return [...cycles, ...out];
}
