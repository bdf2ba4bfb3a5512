/**
 * The DDL that turns one SQLite snapshot into another: tables, columns, indexes, views and
 * triggers. SQLite alters little in place, so a kept table whose columns change in any way but
 * a plain added column, or whose constraints change, is rebuilt (SQLite's own recipe): a new
 * table of the desired shape, the rows copied over by column name, the old table dropped, the
 * new one renamed, its indexes and triggers created again, the views over it dropped before and
 * created after. tidemark's SQLite sessions keep foreign keys off, so the copy cascades
 * nothing. Pure.
 */
import { planChange, type TableChange } from "./change-plan.js";
import { applyRenames, dropWarner, renameCandidates } from "./renames.js";
import { mentionsName, viewsInOrder } from "./render-order.js";
import { indexSql, q, tableSql } from "./render-sql-sqlite.js";
import type { ChangeOptions, ChangeStatement, DirectedChange } from "./schema-change.js";
import type { ColumnInfo, SchemaSnapshot } from "./snapshot.js";
import { tablesToDrop } from "./table-drops.js";

const refers = (text: string, key: string) => mentionsName(text, key);
const one = (sql: string): ChangeStatement => ({ sql: sql.endsWith(";") ? sql : `${sql};` });

/** The statements that turn `current` into `desired` (engine `sqlite`). */
export function sqliteChange(
  current: SchemaSnapshot,
  desired: SchemaSnapshot,
  options: ChangeOptions,
): DirectedChange {
  const renamed = applyRenames(current, options.renames ?? [], {
    table: (t, to) => `ALTER TABLE ${q(t.name)} RENAME TO ${q(to)};`,
    column: (t, from, to) => `ALTER TABLE ${q(t.name)} RENAME COLUMN ${q(from)} TO ${q(to)};`,
  });
  const first = planChange(renamed.snapshot, desired, renamed.forced, refers);
  const rebuilt = new Set(first.tables.filter(needsRebuild).map((t) => t.to.name));
  const plan = planChange(
    renamed.snapshot,
    desired,
    new Set([...renamed.forced, ...rebuilt]),
    refers,
  );
  const warnings: string[] = [];
  const warn = dropWarner(renameCandidates(plan), warnings);
  const kept = plan.tables.filter((t) => !rebuilt.has(t.to.name));
  const rebuilds = plan.tables.filter((t) => rebuilt.has(t.to.name));
  const created = new Set(plan.createTriggers.map((tr) => tr.name));
  const triggersAgain = plan.to.triggers.filter(
    (tr) => rebuilt.has(tr.table) && !created.has(tr.name),
  );
  const statements: ChangeStatement[] = [
    ...renamed.statements.map((sql) => ({ sql })),
    ...plan.dropTriggers
      .filter((tr) => !rebuilt.has(tr.table))
      .map((tr) => one(`DROP TRIGGER ${q(tr.name.slice(tr.table.length + 1))}`)),
    ...viewsInOrder(plan.dropViews)
      .reverse()
      .map((v) => one(`DROP VIEW ${q(v.name)}`)),
    ...kept.flatMap((t) => t.droppedIndexes.map((i) => one(`DROP INDEX ${q(i.name)}`))),
    // Foreign keys are off on tidemark's SQLite sessions: no cycle to break first.
    ...tablesToDrop(plan.droppedTables, (t) => warn(t.name, `table ${t.name}`), {
      dropTable: (t) => `DROP TABLE ${q(t.name)};`,
    }),
    ...plan.addedTables.map((t) => one(tableSql(t))),
    ...kept.flatMap((t) =>
      t.addedColumns.map((c) => one(`ALTER TABLE ${q(t.to.name)} ADD COLUMN ${columnOf(t, c)}`)),
    ),
    ...rebuilds.flatMap((t) => rebuild(t, warn, warnings)),
    ...plan.addedTables.flatMap((t) => t.indexes.map((i) => one(indexSql(t, i)))),
    ...kept.flatMap((t) => t.addedIndexes.map((i) => one(indexSql(t.to, i)))),
    ...viewsInOrder(plan.createViews).map((v) => one(v.definition)),
    ...[...plan.createTriggers, ...triggersAgain].map((tr) => one(tr.definition)),
  ];
  return { statements, warnings };
}

/** A column as `ADD COLUMN` writes it: the line `CREATE TABLE` would hold. */
function columnOf(t: TableChange, c: ColumnInfo): string {
  const sql = tableSql({ ...t.to, columns: [c], constraints: [], indexes: [], options: {} });
  return sql.slice(sql.indexOf("(\n  ") + 4, sql.lastIndexOf("\n)"));
}

/** Anything but nullable (or constant-default) columns added needs the table rebuilt. */
function needsRebuild(t: TableChange): boolean {
  const addable = (c: ColumnInfo) =>
    c.identity === undefined &&
    c.generated?.stored !== true &&
    (c.nullable || (c.default !== undefined && /^[+-]?[\d.]+$|^'/.test(c.default)));
  return (
    t.droppedColumns.length > 0 ||
    t.changedColumns.length > 0 ||
    t.droppedConstraints.length > 0 ||
    t.addedConstraints.length > 0 ||
    !t.addedColumns.every(addable) ||
    JSON.stringify(t.from.options ?? {}) !== JSON.stringify(t.to.options ?? {})
  );
}

/** SQLite's rebuild: new table, rows copied by column name, old dropped, new renamed, indexes again. */
function rebuild(
  t: TableChange,
  warn: (key: string, what: string) => readonly string[],
  warnings: string[],
): ChangeStatement[] {
  const name = t.to.name;
  const temporary = `_tidemark_new_${name}`;
  const kept = t.to.columns.filter(
    (c) =>
      c.generated === undefined &&
      t.from.columns.some((f) => f.name === c.name && f.generated === undefined),
  );
  const columns = kept.map((c) => q(c.name)).join(", ");
  const notes = [
    `rebuilds ${name} (SQLite cannot alter this in place): new table, rows copied, old table dropped`,
    ...t.droppedColumns.flatMap((c) =>
      warn(`${t.from.name}.${c.name}`, `column ${t.from.name}.${c.name}`),
    ),
    ...t.to.columns
      .filter(
        (c) =>
          !c.nullable && c.default === undefined && !kept.includes(c) && c.identity === undefined,
      )
      .map(
        (c) =>
          `TODO: ${name}.${c.name} is NOT NULL without a default: give it a value in this copy`,
      ),
  ];
  for (const [a, b] of t.changedColumns)
    if (a.type !== b.type)
      warnings.push(
        `changes the type of ${name}.${b.name} from ${a.type} to ${b.type}: values are copied as they are`,
      );
  return [
    { sql: tableSql({ ...t.to, name: temporary }), notes },
    one(`INSERT INTO ${q(temporary)} (${columns}) SELECT ${columns} FROM ${q(t.from.name)}`),
    one(`DROP TABLE ${q(t.from.name)}`),
    one(`ALTER TABLE ${q(temporary)} RENAME TO ${q(name)}`),
    ...t.to.indexes.map((i) => one(indexSql(t.to, i))),
  ];
}
