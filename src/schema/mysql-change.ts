/**
 * The DDL that turns one MySQL / MariaDB snapshot into another: tables, columns, keys, checks,
 * indexes, foreign keys, views, routines and triggers. Accepted renames first; then drops,
 * dependents first (triggers, views, routines, foreign keys, indexes, keys and checks,
 * columns, tables); then creates (tables, columns, keys, indexes, foreign keys, routines,
 * views, triggers). A changed view, routine or trigger is dropped and created again; routine
 * and trigger bodies are written between `DELIMITER` lines, as the schema renderer does. Pure.
 */
import { type ChangePlan, planChange, type TableChange } from "./change-plan.js";
import { applyRenames, dropWarner, renameCandidates } from "./renames.js";
import { mentionsName, viewsInOrder } from "./render-order.js";
import {
  columnSql,
  delimited,
  foreignKeySql,
  indexSql,
  isColumnCheck,
  keySql,
  q,
  tableSql,
} from "./render-sql-mysql.js";
import type { ChangeOptions, ChangeStatement, DirectedChange } from "./schema-change.js";
import type { ColumnInfo, ConstraintInfo, SchemaSnapshot, TableInfo } from "./snapshot.js";
import { tablesToDrop } from "./table-drops.js";

const refers = (text: string, key: string) => mentionsName(text, key);

/** The statements that turn `current` into `desired` (engine `mysql`). */
export function mysqlChange(
  current: SchemaSnapshot,
  desired: SchemaSnapshot,
  options: ChangeOptions,
): DirectedChange {
  const renamed = applyRenames(current, options.renames ?? [], {
    table: (t, to) => `RENAME TABLE ${q(t.name)} TO ${q(to)};`,
    column: (t, from, to) => `ALTER TABLE ${q(t.name)} RENAME COLUMN ${q(from)} TO ${q(to)};`,
  });
  const plan = planChange(renamed.snapshot, desired, renamed.forced, refers);
  const warnings: string[] = [];
  const warn = dropWarner(renameCandidates(plan), warnings);
  const statements: ChangeStatement[] = [
    ...renamed.statements.map((sql) => ({ sql })),
    ...drops(plan, warn),
    ...creates(plan, options, warnings),
  ];
  return { statements, warnings };
}

const one = (sql: string): ChangeStatement => ({ sql });

/** Routines to drop: gone, or changed (MySQL has no CREATE OR REPLACE for the text it prints). */
function routinesToDrop(plan: ChangePlan): ChangePlan["dropRoutines"] {
  const created = new Set(plan.createRoutines.map((r) => r.name));
  return plan.from.routines.filter((r) => plan.dropRoutines.includes(r) || created.has(r.name));
}

function drops(
  plan: ChangePlan,
  warn: (key: string, what: string) => readonly string[],
): ChangeStatement[] {
  const alter = (t: TableInfo, what: string) => one(`ALTER TABLE ${q(t.name)} ${what};`);
  return [
    ...plan.dropTriggers.map((tr) => one(`DROP TRIGGER ${q(tr.name.slice(tr.table.length + 1))};`)),
    ...viewsInOrder(plan.dropViews)
      .reverse()
      .map((v) => one(`DROP VIEW ${q(v.name)};`)),
    ...routinesToDrop(plan).map((r) =>
      one(`DROP ${r.kind === "procedure" ? "PROCEDURE" : "FUNCTION"} ${q(r.name)};`),
    ),
    ...plan.tables.flatMap((t) =>
      t.droppedConstraints
        .filter((c) => c.kind === "foreign key")
        .map((c) => alter(t.from, `DROP FOREIGN KEY ${q(c.name)}`)),
    ),
    ...plan.tables.flatMap((t) =>
      t.droppedIndexes.map((i) => alter(t.from, `DROP INDEX ${q(i.name)}`)),
    ),
    ...plan.tables.flatMap((t) =>
      t.droppedConstraints.flatMap((c) => {
        if (c.kind === "primary key") return [alter(t.from, "DROP PRIMARY KEY")];
        if (c.kind === "unique") return [alter(t.from, `DROP INDEX ${q(c.name)}`)];
        // A column's own CHECK goes with MODIFY COLUMN (see columnChanges).
        if (c.kind === "check" && !isColumnCheck(c))
          return [alter(t.from, `DROP CONSTRAINT ${q(c.name)}`)];
        return [];
      }),
    ),
    ...plan.tables.flatMap((t) =>
      t.droppedColumns.map((c) => ({
        sql: `ALTER TABLE ${q(t.from.name)} DROP COLUMN ${q(c.name)};`,
        notes: warn(`${t.from.name}.${c.name}`, `column ${t.from.name}.${c.name}`),
      })),
    ),
    ...tablesToDrop(plan.droppedTables, (t) => warn(t.name, `table ${t.name}`), {
      dropTable: (t) => `DROP TABLE ${q(t.name)};`,
      dropForeignKey: (t, c) => `ALTER TABLE ${q(t.name)} DROP FOREIGN KEY ${q(c.name)};`,
    }),
  ];
}

function creates(plan: ChangePlan, options: ChangeOptions, warnings: string[]): ChangeStatement[] {
  const kept = plan.tables;
  const foreignKeys = [
    ...plan.addedTables.flatMap((t) =>
      t.constraints.filter((c) => c.kind === "foreign key").map((c) => [t, c] as const),
    ),
    ...kept.flatMap((t) =>
      t.addedConstraints.filter((c) => c.kind === "foreign key").map((c) => [t.to, c] as const),
    ),
  ];
  return [
    ...plan.addedTables.map((t) => one(tableSql(t))),
    ...kept.flatMap((t) => columnChanges(t, options, warnings)),
    ...kept.flatMap((t) =>
      t.addedConstraints
        .filter((c) => c.kind !== "foreign key" && !isColumnCheck(c))
        .map((c) => one(`ALTER TABLE ${q(t.to.name)} ADD ${addKey(c)};`)),
    ),
    ...kept.flatMap((t) =>
      t.addedIndexes.map((i) => one(`ALTER TABLE ${q(t.to.name)} ADD ${indexSql(i)};`)),
    ),
    ...foreignKeys.map(([t, c]) => one(foreignKeySql(t, c))),
    ...delimited(plan.createRoutines.map((r) => r.definition ?? "")).map(one),
    ...viewsInOrder(plan.createViews).map((v) =>
      one(`CREATE VIEW ${q(v.name)} AS ${v.definition};`),
    ),
    ...delimited(plan.createTriggers.map((tr) => tr.definition)).map(one),
  ];
}

/** A key or check added to an existing table. */
function addKey(c: ConstraintInfo): string {
  if (c.kind === "check") return `CONSTRAINT ${q(c.name)} ${c.expression}`;
  return keySql(c) ?? "";
}

/**
 * Columns added and changed on a kept table. A column's own CHECK (MariaDB keeps it in the
 * column) is written inline, so a column whose check comes or goes is modified too.
 */
function columnChanges(
  t: TableChange,
  options: ChangeOptions,
  warnings: string[],
): ChangeStatement[] {
  const { from, to } = t;
  const table = q(to.name);
  const out: ChangeStatement[] = [];
  if (from.comment !== to.comment)
    out.push(one(`ALTER TABLE ${table} COMMENT = '${(to.comment ?? "").replace(/'/g, "''")}';`));
  if (JSON.stringify([from.engine, from.options]) !== JSON.stringify([to.engine, to.options]))
    warnings.push(`table ${to.name} changes its engine or options: not expressible yet`);
  for (const c of t.addedColumns) {
    const later =
      options.safeNotNull !== false &&
      !c.nullable &&
      c.default === undefined &&
      !c.generated &&
      !c.identity;
    out.push(
      one(
        `ALTER TABLE ${table} ADD COLUMN ${columnSql(to, later ? { ...c, nullable: true } : c)};`,
      ),
    );
    if (later) {
      warnings.push(
        `${to.name}.${c.name} is NOT NULL without a default: fill it where marked TODO`,
      );
      out.push(notNull(to.name, table, to, c));
    }
  }
  const rechecked = new Set(
    [...t.droppedConstraints, ...t.addedConstraints].filter(isColumnCheck).map((c) => c.name),
  );
  const changed = new Map(t.changedColumns.map(([a, b]) => [b.name, a]));
  const added = new Set(t.addedColumns.map((c) => c.name));
  for (const b of to.columns.filter(
    (c) => changed.has(c.name) || (rechecked.has(c.name) && !added.has(c.name)),
  )) {
    const a = changed.get(b.name) ?? b;
    if (a.type !== b.type)
      warnings.push(
        `changes the type of ${to.name}.${b.name} from ${a.type} to ${b.type}: rewrites the table, fails on values that do not convert`,
      );
    if (a.nullable && !b.nullable) out.push(notNull(to.name, table, to, b));
    else out.push(one(`ALTER TABLE ${table} MODIFY COLUMN ${columnSql(to, b)};`));
  }
  return out;
}

function notNull(key: string, table: string, owner: TableInfo, c: ColumnInfo): ChangeStatement {
  return {
    sql: `ALTER TABLE ${table} MODIFY COLUMN ${columnSql(owner, c)};`,
    notes: [
      `TODO: fill ${key}.${c.name} in existing rows before it becomes NOT NULL, e.g.`,
      `UPDATE ${table} SET ${q(c.name)} = … WHERE ${q(c.name)} IS NULL;`,
    ],
  };
}
