/**
 * Tables, their columns, constraints and indexes, and the sequences columns own: the part of
 * `compareSnapshots` that looks inside an object. Column order is a warning, not a difference.
 */
import {
  type Collector,
  compareList,
  diffFields,
  type FieldSpec,
  normalizeBody,
  pairObjects,
  showValue,
} from "./compare-fields.js";
import type {
  ColumnInfo,
  ConstraintInfo,
  IndexInfo,
  SchemaSnapshot,
  SequenceInfo,
  TableInfo,
  ViewInfo,
} from "./snapshot.js";

/** Compares the tables of two snapshots and everything in them. */
export function compareTables(
  a: SchemaSnapshot,
  b: SchemaSnapshot,
  add: Collector,
  warn: (message: string) => void,
): void {
  const ownedA = ownedSequences(a);
  const ownedB = ownedSequences(b);
  const { both, onlyA, onlyB } = pairObjects(a.tables, b.tables);
  for (const t of onlyA) add({ kind: "table", name: t.name, change: "missing" });
  for (const t of onlyB) add({ kind: "table", name: t.name, change: "extra" });
  for (const [x, y] of both) {
    const details = diffFields(x, y, TABLE_FIELDS);
    if (details.length > 0) add({ kind: "table", name: y.name, change: "changed", details });
    const prefix = `${y.name}.`;
    const columnsA = x.columns.map((c) => withOwnedDefault(x, c, ownedA));
    const columnsB = y.columns.map((c) => withOwnedDefault(y, c, ownedB));
    compareList("column", columnsA, columnsB, COLUMN_FIELDS, add, { prefix });
    warnColumnOrder(x, y, warn);
    compareOwned(x, y, ownedA, ownedB, add);
    compareList("constraint", x.constraints, y.constraints, CONSTRAINT_FIELDS, add, {
      prefix,
      contentKey: constraintKey,
    });
    compareIndexes(x.indexes, y.indexes, prefix, add);
  }
}

/** The indexes of materialized views present in both snapshots. */
export function compareViewIndexes(
  a: readonly ViewInfo[],
  b: readonly ViewInfo[],
  add: Collector,
): void {
  for (const [x, y] of pairObjects(a, b).both)
    compareIndexes(x.indexes ?? [], y.indexes ?? [], `${y.name}.`, add);
}

function compareIndexes(
  a: readonly IndexInfo[],
  b: readonly IndexInfo[],
  prefix: string,
  add: Collector,
): void {
  compareList("index", a, b, INDEX_FIELDS, add, { prefix, contentKey: indexKey });
}

/** What a constraint is, whatever its name: kind, columns, expression, references. */
export function constraintKey(c: ConstraintInfo): string {
  const expression = c.expression === undefined ? "" : normalizeBody(c.expression);
  return [c.kind, showValue(c.columns), expression, showValue(c.references) ?? ""].join("|");
}

/** What an index is, whatever its name. */
export function indexKey(i: IndexInfo): string {
  return [i.method, i.unique, showValue(i.columns), i.where ?? ""].join("|");
}

/** The definition without the index's own name, which pairing has already dealt with. */
function unnamedDefinition(i: IndexInfo): string | undefined {
  if (i.definition === undefined) return undefined;
  const bare = i.name.slice(i.name.lastIndexOf(".") + 1);
  return replaceName(replaceName(i.definition, i.name, "<name>"), bare, "<name>");
}

/** `text` with every whole-word `name` replaced by `by`. */
export function replaceName(text: string, name: string, by: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, "g"), by);
}

/** Sequences owned by a column, keyed by `table.column`. */
function ownedSequences(s: SchemaSnapshot): ReadonlyMap<string, SequenceInfo> {
  const owned = new Map<string, SequenceInfo>();
  for (const q of s.sequences) {
    if (q.ownedBy === undefined) continue;
    owned.set(q.ownedBy, q);
    if (q.schema !== undefined && !q.ownedBy.startsWith(`${q.schema}.`))
      owned.set(`${q.schema}.${q.ownedBy}`, q);
  }
  return owned;
}

/**
 * The column with its owned sequence's name taken out of its default: `serial` columns whose
 * sequence was recreated as `users_id_seq1` are still the same column.
 */
function withOwnedDefault(
  t: TableInfo,
  c: ColumnInfo,
  owned: ReadonlyMap<string, SequenceInfo>,
): ColumnInfo {
  const q = owned.get(`${t.name}.${c.name}`);
  if (q === undefined || c.default === undefined) return c;
  const bare = q.name.slice(q.name.lastIndexOf(".") + 1);
  const text = replaceName(
    replaceName(c.default, q.name, "<owned sequence>"),
    bare,
    "<owned sequence>",
  );
  return { ...c, default: text };
}

function compareOwned(
  x: TableInfo,
  y: TableInfo,
  ownedA: ReadonlyMap<string, SequenceInfo>,
  ownedB: ReadonlyMap<string, SequenceInfo>,
  add: Collector,
): void {
  const inB = new Set(y.columns.map((c) => c.name));
  for (const column of x.columns.filter((c) => inB.has(c.name))) {
    const key = `${x.name}.${column.name}`;
    const qa = ownedA.get(key);
    const qb = ownedB.get(key);
    if (qa && !qb) add({ kind: "sequence", name: qa.name, change: "missing" });
    else if (qb && !qa) add({ kind: "sequence", name: qb.name, change: "extra" });
    else if (qa && qb) {
      const details = diffFields(qa, qb, SEQUENCE_FIELDS);
      if (details.length > 0) add({ kind: "sequence", name: qb.name, change: "changed", details });
    }
  }
}

/** Column order that differs among the columns both have: a warning, since it changes no query. */
function warnColumnOrder(x: TableInfo, y: TableInfo, warn: (message: string) => void): void {
  const inB = new Set(y.columns.map((c) => c.name));
  const inA = new Set(x.columns.map((c) => c.name));
  const orderA = x.columns.map((c) => c.name).filter((n) => inB.has(n));
  const orderB = y.columns.map((c) => c.name).filter((n) => inA.has(n));
  if (orderA.join("\0") !== orderB.join("\0"))
    warn(
      `columns of ${y.name} are in another order: (${orderA.join(", ")}) then (${orderB.join(", ")})`,
    );
}

/** Sequence fields, owned ones compared here, the others in compare.ts. */
export const SEQUENCE_FIELDS: readonly FieldSpec<SequenceInfo>[] = [
  { field: "type", get: (q) => q.type },
  { field: "start", get: (q) => q.start },
  { field: "increment", get: (q) => q.increment },
  { field: "min", get: (q) => q.min },
  { field: "max", get: (q) => q.max },
  { field: "cycle", get: (q) => q.cycle },
  { field: "cache", get: (q) => q.cache },
  { field: "comment", get: (q) => q.comment },
];

const TABLE_FIELDS: readonly FieldSpec<TableInfo>[] = [
  { field: "comment", get: (t) => t.comment },
  { field: "engine", get: (t) => t.engine },
  { field: "options", get: (t) => t.options },
];

const COLUMN_FIELDS: readonly FieldSpec<ColumnInfo>[] = [
  { field: "type", get: (c) => c.type },
  { field: "nullable", get: (c) => c.nullable },
  { field: "default", get: (c) => c.default },
  { field: "identity", get: (c) => c.identity },
  { field: "generated", get: (c) => c.generated },
  { field: "collation", get: (c) => c.collation },
  { field: "onUpdate", get: (c) => c.onUpdate },
  { field: "comment", get: (c) => c.comment },
];

const CONSTRAINT_FIELDS: readonly FieldSpec<ConstraintInfo>[] = [
  { field: "kind", get: (c) => c.kind },
  { field: "columns", get: (c) => c.columns },
  { field: "expression", get: (c) => c.expression, text: true },
  { field: "references", get: (c) => c.references },
  { field: "deferrable", get: (c) => c.deferrable },
  { field: "initiallyDeferred", get: (c) => c.initiallyDeferred },
  { field: "notValid", get: (c) => c.notValid },
  { field: "definition", get: (c) => c.definition, text: true },
  { field: "comment", get: (c) => c.comment },
];

const INDEX_FIELDS: readonly FieldSpec<IndexInfo>[] = [
  { field: "method", get: (i) => i.method },
  { field: "unique", get: (i) => i.unique },
  { field: "columns", get: (i) => i.columns },
  { field: "where", get: (i) => i.where, text: true },
  { field: "definition", get: unnamedDefinition, text: true },
  { field: "comment", get: (i) => i.comment },
];
