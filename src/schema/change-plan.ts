/**
 * What a change does, object by object, before any SQL is written: which objects
 * are dropped, created, altered, and which must be dropped and created again because
 * something they stand on changes (a view over a column whose type changes, a trigger on a
 * recreated view, a foreign key on a unique constraint that is replaced). Pure.
 */

import { normalizeBody, pairObjects, showValue } from "./compare-fields.js";
import { constraintKey, indexKey, replaceName } from "./compare-tables.js";
import { mentions } from "./order.js";
import { bareName } from "./pg-names.js";
import type {
  ColumnInfo,
  ConstraintInfo,
  DomainInfo,
  EnumInfo,
  ExtensionInfo,
  IndexInfo,
  RoutineInfo,
  SchemaInfo,
  SchemaSnapshot,
  SequenceInfo,
  TableInfo,
  TriggerInfo,
  ViewInfo,
} from "./snapshot.js";

/** Objects of one kind: only in `from` (dropped), only in `to` (new), in both and different. */
export interface KindChange<T> {
  readonly dropped: readonly T[];
  readonly added: readonly T[];
  readonly changed: readonly (readonly [T, T])[];
}

/** A table in both snapshots and what changes inside it. */
export interface TableChange {
  readonly from: TableInfo;
  readonly to: TableInfo;
  readonly droppedColumns: readonly ColumnInfo[];
  readonly addedColumns: readonly ColumnInfo[];
  readonly changedColumns: readonly (readonly [ColumnInfo, ColumnInfo])[];
  readonly droppedConstraints: readonly ConstraintInfo[];
  readonly addedConstraints: readonly ConstraintInfo[];
  readonly droppedIndexes: readonly IndexInfo[];
  readonly addedIndexes: readonly IndexInfo[];
}

export interface ChangePlan {
  readonly from: SchemaSnapshot;
  readonly to: SchemaSnapshot;
  readonly schemas: KindChange<SchemaInfo>;
  readonly extensions: KindChange<ExtensionInfo>;
  readonly enums: KindChange<EnumInfo>;
  /** Changed enums whose values cannot be appended: renamed away, created again, columns moved. */
  readonly recreatedEnums: readonly (readonly [EnumInfo, EnumInfo])[];
  readonly domains: KindChange<DomainInfo>;
  readonly sequences: KindChange<SequenceInfo>;
  readonly droppedTables: readonly TableInfo[];
  readonly addedTables: readonly TableInfo[];
  readonly tables: readonly TableChange[];
  /** Views dropped (from `from`) and created (from `to`), the recreated ones in both. */
  readonly dropViews: readonly ViewInfo[];
  readonly createViews: readonly ViewInfo[];
  /** Indexes of materialized views kept as they are. */
  readonly viewIndexes: {
    readonly dropped: readonly (readonly [ViewInfo, IndexInfo])[];
    /** Kept materialized views holding only their new indexes. */
    readonly added: readonly ViewInfo[];
  };
  readonly dropRoutines: readonly RoutineInfo[];
  /** New, recreated, and replaced (`CREATE OR REPLACE`) routines. */
  readonly createRoutines: readonly RoutineInfo[];
  readonly dropTriggers: readonly TriggerInfo[];
  readonly createTriggers: readonly TriggerInfo[];
}

/** Pairs two lists by name (by content where names were invented) and keeps the differing pairs. */
export function kindChange<T extends { readonly name: string; readonly generatedName?: boolean }>(
  a: readonly T[],
  b: readonly T[],
  same: (x: T, y: T) => boolean,
  contentKey?: (item: T) => string,
): KindChange<T> {
  const { both, onlyA, onlyB } = pairObjects(a, b, contentKey);
  return { dropped: onlyA, added: onlyB, changed: both.filter(([x, y]) => !same(x, y)) };
}

/** Equal apart from their comments (comments are changed on their own). */
function sameBut<T extends object>(...ignored: string[]): (x: T, y: T) => boolean {
  const strip = (v: T) =>
    showValue(Object.fromEntries(Object.entries(v).filter(([k]) => !ignored.includes(k))));
  return (x, y) => strip(x) === strip(y);
}

const sameText = (x: string | undefined, y: string | undefined) =>
  normalizeBody(x ?? "") === normalizeBody(y ?? "");

/** True when `a`'s values appear in `b` in the same order: `b` only appends or inserts. */
export function onlyAddsValues(a: EnumInfo, b: EnumInfo): boolean {
  let at = 0;
  for (const value of b.values) if (value === a.values[at]) at++;
  return at === a.values.length;
}

/** True when SQL `text` names the object keyed `key` (in `schema`, where the engine has them). */
export type Refers = (text: string, key: string, schema?: string) => boolean;

/**
 * Analyses the change from `from` to `to`; `forced` tables have their views recreated;
 * `refers` finds what a view, trigger or routine names (default: PostgreSQL's qualified names).
 */
export function planChange(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  forced: ReadonlySet<string> = new Set(),
  refers: Refers = mentionsKey,
): ChangePlan {
  const enums = kindChange(from.enums, to.enums, sameBut("comment"));
  const recreatedEnums = enums.changed.filter(([x, y]) => !onlyAddsValues(x, y));
  const tablePairs = pairObjects(from.tables, to.tables);
  const tables = tablePairs.both.map(([x, y]) => tableChange(x, y));
  refreshForeignKeys(tables);
  const routines = kindChange(from.routines, to.routines, sameRoutine);
  const recreated = routines.changed.filter(([x, y]) => !replaceable(x, y)).map(([x]) => x);
  const shaken = shakenTables(tables, recreatedEnums, forced);
  const callsRecreated = (text: string) => recreated.some((r) => refers(text, r.name, r.schema));
  const stands = (text: string) =>
    [...shaken].some(([t, how]) => standsOn(text, t, how, refers)) || callsRecreated(text);
  const { dropViews, createViews } = viewsToRecreate(from.views, to.views, stands, refers);
  const views = new Set([...dropViews.map((v) => v.name)]);
  const triggers = kindChange(from.triggers, to.triggers, sameBut("comment"));
  const gone = new Set(tablePairs.onlyA.map((t) => t.name));
  const redo = (tr: TriggerInfo) =>
    !gone.has(tr.table) && (views.has(tr.table) || callsRecreated(tr.definition));
  const keptTriggers = from.triggers.filter(
    (tr) => !triggers.dropped.includes(tr) && !triggers.changed.some(([x]) => x === tr),
  );
  const again = keptTriggers.filter(redo);
  const toTriggers = new Map(to.triggers.map((t) => [t.name, t]));
  return {
    from,
    to,
    schemas: kindChange(from.schemas, to.schemas, sameBut("comment")),
    extensions: kindChange(from.extensions, to.extensions, sameBut()),
    enums,
    recreatedEnums,
    domains: kindChange(from.domains, to.domains, sameBut("comment")),
    sequences: kindChange(from.sequences, to.sequences, sameBut("comment", "ownedBy")),
    droppedTables: tablePairs.onlyA,
    addedTables: tablePairs.onlyB,
    tables,
    dropViews,
    createViews,
    viewIndexes: viewIndexChanges(from.views, to.views, views),
    dropRoutines: [...routines.dropped, ...recreated],
    createRoutines: [...routines.added, ...routines.changed.map(([, y]) => y)],
    dropTriggers: [
      ...triggers.dropped.filter((tr) => !gone.has(tr.table) && !views.has(tr.table)),
      ...triggers.changed.map(([x]) => x).filter((tr) => !views.has(tr.table)),
      ...again.filter((tr) => !views.has(tr.table)),
    ],
    createTriggers: [
      ...triggers.added,
      ...triggers.changed.map(([, y]) => y),
      ...again.flatMap((tr) => toTriggers.get(tr.name) ?? []),
    ],
  };
}

function sameRoutine(x: RoutineInfo, y: RoutineInfo): boolean {
  return (
    x.kind === y.kind &&
    x.arguments === y.arguments &&
    x.returns === y.returns &&
    x.language === y.language &&
    sameText(x.body, y.body) &&
    sameText(x.definition, y.definition)
  );
}

/** `CREATE OR REPLACE` can turn `x` into `y`: same kind, arguments and result. */
function replaceable(x: RoutineInfo, y: RoutineInfo): boolean {
  return (
    x.kind === y.kind &&
    x.kind !== "aggregate" &&
    x.arguments === y.arguments &&
    x.returns === y.returns
  );
}

/** True when `text` names the object keyed `key` (a table, view or routine) with its schema. */
export function mentionsKey(text: string, key: string, schema?: string): boolean {
  const dot = key.indexOf(".");
  const s = schema ?? (dot < 0 ? "" : key.slice(0, dot));
  return mentions(text, s, bareName(key, s));
}

function tableChange(x: TableInfo, y: TableInfo): TableChange {
  const columns = kindChange(x.columns, y.columns, sameBut("comment"));
  // A generated column's expression cannot be altered: it is dropped and added again.
  const regenerated = columns.changed.filter(
    ([a, b]) => showValue(a.generated) !== showValue(b.generated),
  );
  const constraints = kindChange(x.constraints, y.constraints, sameConstraint, constraintKey);
  const indexes = kindChange(x.indexes, y.indexes, sameIndex, indexKey);
  return {
    from: x,
    to: y,
    droppedColumns: [...columns.dropped, ...regenerated.map(([a]) => a)],
    addedColumns: [...columns.added, ...regenerated.map(([, b]) => b)],
    changedColumns: columns.changed.filter((pair) => !regenerated.includes(pair)),
    droppedConstraints: [...constraints.dropped, ...constraints.changed.map(([a]) => a)],
    addedConstraints: [...constraints.added, ...constraints.changed.map(([, b]) => b)],
    droppedIndexes: [...indexes.dropped, ...indexes.changed.map(([a]) => a)],
    addedIndexes: [...indexes.added, ...indexes.changed.map(([, b]) => b)],
  };
}

function sameConstraint(x: ConstraintInfo, y: ConstraintInfo): boolean {
  const shape = (c: ConstraintInfo) =>
    showValue([c.kind, c.columns, c.references, c.deferrable, c.initiallyDeferred, c.notValid]);
  return (
    shape(x) === shape(y) && sameText(x.definition ?? x.expression, y.definition ?? y.expression)
  );
}

function sameIndex(x: IndexInfo, y: IndexInfo): boolean {
  const unnamed = (i: IndexInfo) => replaceName(i.definition ?? "", i.name, "<name>");
  return indexKey(x) === indexKey(y) && sameText(unnamed(x), unnamed(y));
}

/**
 * A foreign key stands on the referenced table's unique constraint or index: when that is
 * dropped (to be replaced), the foreign keys referencing the table are dropped and added again.
 */
function refreshForeignKeys(tables: TableChange[]): void {
  const replaced = new Set(
    tables
      .filter(
        (t) =>
          t.droppedConstraints.some((c) => c.kind === "primary key" || c.kind === "unique") ||
          t.droppedIndexes.some((i) => i.unique),
      )
      .map((t) => t.from.name),
  );
  for (const [i, t] of tables.entries()) {
    const stale = t.from.constraints.filter(
      (c) =>
        c.kind === "foreign key" &&
        replaced.has(c.references?.table ?? "") &&
        !t.droppedConstraints.includes(c),
    );
    if (stale.length === 0) continue;
    const keys = new Set(stale.map(constraintKey));
    const again = t.to.constraints.filter(
      (c) => keys.has(constraintKey(c)) && !t.addedConstraints.includes(c),
    );
    tables[i] = {
      ...t,
      droppedConstraints: [...t.droppedConstraints, ...stale],
      addedConstraints: [...t.addedConstraints, ...again],
    };
  }
}

/**
 * What a view may stand on that changes under it, by table: `true` when any use of the table
 * counts (a column's type changes, the table or a column is renamed), else the names of its
 * dropped columns (a view naming one of them is created again).
 */
function shakenTables(
  tables: readonly TableChange[],
  recreatedEnums: readonly (readonly [EnumInfo, EnumInfo])[],
  forced: ReadonlySet<string>,
): Map<string, true | readonly string[]> {
  const enumNames = new Set(recreatedEnums.map(([e]) => e.name));
  const shaken = new Map<string, true | readonly string[]>();
  for (const t of tables) {
    const retyped =
      t.changedColumns.some(([a, b]) => a.type !== b.type || a.collation !== b.collation) ||
      t.from.columns.some((c) => enumNames.has(c.type.replace(/\[\]$/, "")));
    if (retyped) shaken.set(t.from.name, true);
    else if (t.droppedColumns.length > 0)
      shaken.set(
        t.from.name,
        t.droppedColumns.map((c) => c.name),
      );
  }
  for (const name of forced) shaken.set(name, true);
  return shaken;
}

/** True when `text` stands on `table` as `shaken` says (see {@link shakenTables}). */
function standsOn(
  text: string,
  table: string,
  shaken: true | readonly string[],
  refers: Refers,
): boolean {
  if (!refers(text, table)) return false;
  return shaken === true || shaken.some((column) => replaceName(text, column, "") !== text);
}

/** Views dropped or changed, those standing on a shaken table or routine, and every view over those. */
function viewsToRecreate(
  from: readonly ViewInfo[],
  to: readonly ViewInfo[],
  stands: (text: string) => boolean,
  refers: Refers,
): { dropViews: ViewInfo[]; createViews: ViewInfo[] } {
  const target = new Map(to.map((v) => [v.name, v]));
  const differs = (v: ViewInfo) => {
    const w = target.get(v.name);
    return (
      w === undefined ||
      w.materialized !== v.materialized ||
      !sameText(w.definition, v.definition) ||
      showValue(w.columns) !== showValue(v.columns)
    );
  };
  const drop = new Set(from.filter((v) => differs(v) || stands(v.definition)));
  for (let grown = true; grown; ) {
    grown = false;
    for (const v of from) {
      if (drop.has(v)) continue;
      if ([...drop].some((d) => refers(v.definition, d.name, d.schema))) {
        drop.add(v);
        grown = true;
      }
    }
  }
  const dropViews = from.filter((v) => drop.has(v));
  const names = new Set(dropViews.map((v) => v.name));
  const existing = new Set(from.map((v) => v.name));
  return {
    dropViews,
    createViews: to.filter((v) => names.has(v.name) || !existing.has(v.name)),
  };
}

/** Indexes of materialized views that are kept: dropped ones, and the views with new ones. */
function viewIndexChanges(
  from: readonly ViewInfo[],
  to: readonly ViewInfo[],
  recreated: ReadonlySet<string>,
): ChangePlan["viewIndexes"] {
  const dropped: (readonly [ViewInfo, IndexInfo])[] = [];
  const added: ViewInfo[] = [];
  for (const [x, y] of pairObjects(from, to).both) {
    if (recreated.has(x.name)) continue;
    const c = kindChange(x.indexes ?? [], y.indexes ?? [], sameIndex, indexKey);
    dropped.push(...[...c.dropped, ...c.changed.map(([a]) => a)].map((i) => [x, i] as const));
    const fresh = [...c.added, ...c.changed.map(([, b]) => b)];
    if (fresh.length > 0) added.push({ ...y, indexes: fresh });
  }
  return { dropped, added };
}
