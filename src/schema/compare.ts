/**
 * Compares two schema snapshots object by object (SPEC §8): pure, no database. `verify`
 * compares the schema before a migration with the schema after its up and down; `drift`
 * compares the schema the applied migrations build with the live one.
 *
 * Direction: `a` is the reference, `b` the schema looked at. An object only in `b` is
 * `extra` (left behind, added by hand), one only in `a` is `missing`, one in both that
 * differs is `changed` with each field's value `from` a `to` b.
 */
import {
  type Collector,
  compareList,
  type FieldSpec,
  type SchemaDifference,
} from "./compare-fields.js";
import { compareTables, compareViewIndexes, SEQUENCE_FIELDS } from "./compare-tables.js";
import type { DomainInfo, RoutineInfo, SchemaSnapshot, SequenceInfo } from "./snapshot.js";

export type { FieldChange, SchemaDifference, SchemaObjectKind } from "./compare-fields.js";

/** The outcome: equal when there is no difference (warnings do not count). */
export interface SchemaComparison {
  readonly equal: boolean;
  readonly differences: readonly SchemaDifference[];
  /** Differences that are not a schema change, e.g. the same columns in another order. */
  readonly warnings: readonly string[];
}

export interface CompareOptions {
  /** Kinds left out of the comparison (e.g. `["extension"]`). */
  readonly ignore?: readonly SchemaDifference["kind"][];
}

/** Compares `a` (reference) with `b`; see the module comment for the direction. */
export function compareSnapshots(
  a: SchemaSnapshot,
  b: SchemaSnapshot,
  options: CompareOptions = {},
): SchemaComparison {
  const ignored = new Set(options.ignore ?? []);
  const differences: SchemaDifference[] = [];
  const warnings: string[] = [];
  const add: Collector = (d) => {
    if (!ignored.has(d.kind)) differences.push(d);
  };
  compareList("schema", a.schemas, b.schemas, [{ field: "comment", get: (s) => s.comment }], add);
  compareList("extension", a.extensions, b.extensions, EXTENSION_FIELDS, add);
  compareList("enum", a.enums, b.enums, ENUM_FIELDS, add);
  compareList("domain", a.domains, b.domains, DOMAIN_FIELDS, add);
  compareList("sequence", freeSequences(a), freeSequences(b), SEQUENCE_FIELDS, add);
  compareTables(a, b, add, (w) => warnings.push(w));
  compareList("view", a.views, b.views, VIEW_FIELDS, add);
  compareViewIndexes(a.views, b.views, add);
  compareList("routine", a.routines, b.routines, ROUTINE_FIELDS, add);
  compareList("trigger", a.triggers, b.triggers, TRIGGER_FIELDS, add);
  compareList(
    "event",
    a.events,
    b.events,
    [{ field: "definition", get: (e) => e.definition, text: true }],
    add,
  );
  return { equal: differences.length === 0, differences, warnings };
}

/** Sequences that no column owns: owned ones are compared through their column (compare-tables). */
function freeSequences(s: SchemaSnapshot): readonly SequenceInfo[] {
  return s.sequences.filter((q) => q.ownedBy === undefined);
}

const EXTENSION_FIELDS: readonly FieldSpec<SchemaSnapshot["extensions"][number]>[] = [
  { field: "schema", get: (e) => e.schema },
  { field: "version", get: (e) => e.version },
];

const ENUM_FIELDS: readonly FieldSpec<SchemaSnapshot["enums"][number]>[] = [
  { field: "values", get: (e) => e.values },
  { field: "comment", get: (e) => e.comment },
];

const DOMAIN_FIELDS: readonly FieldSpec<DomainInfo>[] = [
  { field: "type", get: (d) => d.type },
  { field: "nullable", get: (d) => d.nullable },
  { field: "default", get: (d) => d.default },
  { field: "checks", get: (d) => [...d.checks].sort() },
];

const VIEW_FIELDS: readonly FieldSpec<SchemaSnapshot["views"][number]>[] = [
  { field: "materialized", get: (v) => v.materialized },
  { field: "definition", get: (v) => v.definition, text: true },
  { field: "columns", get: (v) => v.columns },
  { field: "comment", get: (v) => v.comment },
];

const ROUTINE_FIELDS: readonly FieldSpec<RoutineInfo>[] = [
  { field: "kind", get: (r) => r.kind },
  { field: "arguments", get: (r) => r.arguments },
  { field: "returns", get: (r) => r.returns },
  { field: "language", get: (r) => r.language },
  { field: "body", get: (r) => r.body, text: true },
  { field: "definition", get: (r) => r.definition, text: true, unlessChanged: "body" },
  { field: "comment", get: (r) => r.comment },
];

const TRIGGER_FIELDS: readonly FieldSpec<SchemaSnapshot["triggers"][number]>[] = [
  { field: "table", get: (t) => t.table },
  { field: "timing", get: (t) => t.timing },
  { field: "events", get: (t) => t.events },
  { field: "definition", get: (t) => t.definition, text: true },
  { field: "enabled", get: (t) => t.enabled },
];
