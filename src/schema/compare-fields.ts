/**
 * The small tools `compare.ts` is built from: how a value is normalised and shown, how two
 * objects' fields are diffed, and how two lists of objects are paired (by name, or by content
 * when the server invented the name).
 */

/** The kinds of object a difference is about. */
export type SchemaObjectKind =
  | "schema"
  | "extension"
  | "enum"
  | "domain"
  | "sequence"
  | "table"
  | "column"
  | "constraint"
  | "index"
  | "view"
  | "routine"
  | "trigger"
  | "event";

/** One object that differs between two snapshots. */
export interface SchemaDifference {
  readonly kind: SchemaObjectKind;
  /** Qualified: `public.users`, `public.users.email` (a column), `public.users.users_email_key`. */
  readonly name: string;
  /** `missing`: only in the first snapshot; `extra`: only in the second; `changed`: in both, different. */
  readonly change: "missing" | "extra" | "changed";
  /** For `changed`: each field that differs. */
  readonly details?: readonly FieldChange[];
}

/** Records the differences of one kind of object: what both lists hold, matched and diffed. */
export type Collector = (difference: SchemaDifference) => void;

/** One field that differs: its value in the first snapshot and in the second, as text. */
export interface FieldChange {
  readonly field: string;
  /** Absent when the first snapshot has no value (e.g. no default). */
  readonly from?: string;
  /** Absent when the second snapshot has no value. */
  readonly to?: string;
}

/** A field to compare: its name, how to read it, and whether whitespace is insignificant in it. */
export interface FieldSpec<T> {
  readonly field: string;
  readonly get: (item: T) => unknown;
  /** User text the server keeps as written (bodies, definitions): compared whitespace-insensitively. */
  readonly text?: boolean;
  /** Reported only when this other field did not differ (a definition that repeats the body). */
  readonly unlessChanged?: string;
}

/**
 * A value as one line of text: lists as `(a, b)`, booleans as `true`/`false`, records as
 * `key=value` pairs; undefined/null stay undefined.
 */
export function showValue(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return `(${value.map((v) => showValue(v) ?? "null").join(", ")})`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return entries.map(([k, v]) => `${k}=${showValue(v) ?? "null"}`).join(" ");
  }
  return String(value);
}

/**
 * User text with insignificant whitespace removed: runs of whitespace become one space, none
 * is kept next to brackets, commas and semicolons, and trailing semicolons go. Servers that
 * keep the body as written (MySQL routines, SQLite views, PL/pgSQL) then compare equal when
 * only the layout differs.
 */
export function normalizeBody(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .replace(/ ?([(),;]) ?/g, "$1")
    .replace(/;+$/, "")
    .trim();
}

/** The fields of `a` and `b` that differ, in the order of `specs`; empty when none does. */
export function diffFields<T>(a: T, b: T, specs: readonly FieldSpec<T>[]): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const spec of specs) {
    const from = showValue(spec.get(a));
    const to = showValue(spec.get(b));
    const same =
      spec.text && from !== undefined && to !== undefined
        ? normalizeBody(from) === normalizeBody(to)
        : from === to;
    if (same || changes.some((c) => c.field === spec.unlessChanged)) continue;
    changes.push({
      field: spec.field,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  }
  return changes;
}

/** Something with a name that may have been invented by the server. */
export interface Named {
  readonly name: string;
  readonly generatedName?: boolean;
}

/** Two lists paired: objects on both sides, only in the first, only in the second. */
export interface Pairing<T> {
  readonly both: readonly (readonly [T, T])[];
  readonly onlyA: readonly T[];
  readonly onlyB: readonly T[];
}

/**
 * Pairs two lists of objects. Objects whose name the server invented are paired first by
 * their content (`contentKey`), so `t_check` and `t_check1` holding the same check are
 * one object; what is left is paired by name.
 */
export function pairObjects<T extends Named>(
  a: readonly T[],
  b: readonly T[],
  contentKey?: (item: T) => string,
): Pairing<T> {
  const both: (readonly [T, T])[] = [];
  let restA = [...a];
  let restB = [...b];
  if (contentKey) {
    const waiting = new Map<string, T[]>();
    for (const item of restB.filter((x) => x.generatedName)) {
      const key = contentKey(item);
      waiting.set(key, [...(waiting.get(key) ?? []), item]);
    }
    const pairedB = new Set<T>();
    restA = restA.filter((item) => {
      if (!item.generatedName) return true;
      const match = waiting.get(contentKey(item))?.shift();
      if (match === undefined) return true;
      both.push([item, match]);
      pairedB.add(match);
      return false;
    });
    restB = restB.filter((item) => !pairedB.has(item));
  }
  const byName = new Map(restB.map((item) => [item.name, item]));
  const onlyA: T[] = [];
  for (const item of restA) {
    const match = byName.get(item.name);
    if (match === undefined) onlyA.push(item);
    else {
      both.push([item, match]);
      byName.delete(item.name);
    }
  }
  return { both, onlyA, onlyB: [...byName.values()] };
}

/**
 * Pairs two lists of one kind by name (by content first where names were invented) and
 * reports what is missing, extra and changed.
 */
export function compareList<T extends { readonly name: string; readonly generatedName?: boolean }>(
  kind: SchemaObjectKind,
  a: readonly T[],
  b: readonly T[],
  fields: readonly FieldSpec<T>[],
  add: Collector,
  options: { readonly prefix?: string; readonly contentKey?: (item: T) => string } = {},
): void {
  const prefix = options.prefix ?? "";
  const { both, onlyA, onlyB } = pairObjects(a, b, options.contentKey);
  for (const item of onlyA) add({ kind, name: prefix + item.name, change: "missing" });
  for (const item of onlyB) add({ kind, name: prefix + item.name, change: "extra" });
  for (const [x, y] of both) {
    const details = diffFields(x, y, fields);
    if (details.length > 0) add({ kind, name: prefix + y.name, change: "changed", details });
  }
}
