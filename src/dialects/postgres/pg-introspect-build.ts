/**
 * Builders of the snapshot's per-object shapes from the PostgreSQL catalog rows: constraints
 * and indexes (with PostgreSQL's invented names marked), routines and triggers. Pure.
 */
import type {
  ConstraintInfo,
  ConstraintKind,
  IndexInfo,
  RoutineInfo,
  TriggerInfo,
} from "../../schema/snapshot.js";
import { type GeneratedNameKind, isPgGeneratedName } from "./pg-generated-names.js";
import type { ConstraintRow, IndexRow, RoutineRow, TriggerRow } from "./pg-introspect-rows.js";
import { quotePgIdent } from "./pg-sql.js";

const KINDS: Readonly<Record<string, readonly [ConstraintKind, GeneratedNameKind]>> = {
  p: ["primary key", "pkey"],
  u: ["unique", "key"],
  c: ["check", "check"],
  f: ["foreign key", "fkey"],
  x: ["exclude", "excl"],
};

const ACTIONS: Readonly<Record<string, string>> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

const MATCHES: Readonly<Record<string, string>> = { s: "SIMPLE", f: "FULL", p: "PARTIAL" };

/** One table constraint; `generatedName` when PostgreSQL would have invented its name. */
export function buildConstraint(row: ConstraintRow): ConstraintInfo {
  const [kind, label] = KINDS[row.type]!;
  const nameColumns = row.name_columns ?? row.columns;
  const generated = isPgGeneratedName(row.name, row.relname, label, nameColumns);
  return {
    name: row.name,
    ...(generated && { generatedName: true }),
    kind,
    columns: row.columns,
    ...((kind === "check" || kind === "exclude") && { expression: row.definition }),
    ...(kind === "foreign key" && {
      references: {
        table: row.ref_table ?? "",
        columns: row.ref_columns,
        onUpdate: ACTIONS[row.on_update] ?? row.on_update,
        onDelete: ACTIONS[row.on_delete] ?? row.on_delete,
        match: MATCHES[row.match] ?? row.match,
      },
    }),
    ...(row.deferrable && { deferrable: true }),
    ...(row.deferred && { initiallyDeferred: true }),
    ...(!row.validated && { notValid: true }),
    definition: row.definition,
    ...(row.comment !== null && { comment: row.comment }),
  };
}

/** One index that backs no constraint; `generatedName` when PostgreSQL would have invented its name. */
export function buildIndex(row: IndexRow): IndexInfo {
  const generated = isPgGeneratedName(row.name, row.relname, "idx", row.name_columns);
  return {
    name: row.name,
    ...(generated && { generatedName: true }),
    method: row.method,
    unique: row.unique,
    columns: row.columns,
    ...(row.where !== null && { where: row.where }),
    definition: row.definition,
    ...(row.comment !== null && { comment: row.comment }),
  };
}

/** CREATE AGGREGATE for an aggregate (pg_get_functiondef refuses them). */
function aggregateDefinition(row: RoutineRow): string {
  const options = [`SFUNC = ${row.sfunc}`, `STYPE = ${row.stype}`];
  if (row.finalfunc) options.push(`FINALFUNC = ${row.finalfunc}`);
  if (row.combinefunc) options.push(`COMBINEFUNC = ${row.combinefunc}`);
  if (row.initcond !== null) options.push(`INITCOND = '${row.initcond.replace(/'/g, "''")}'`);
  const name = `${quotePgIdent(row.schema)}.${quotePgIdent(row.name)}`;
  return `CREATE AGGREGATE ${name}(${row.arguments || "*"}) (\n    ${options.join(",\n    ")}\n)`;
}

const ROUTINE_KINDS: Readonly<Record<string, RoutineInfo["kind"]>> = {
  p: "procedure",
  a: "aggregate",
};

/** One function, procedure or aggregate, keyed `schema.name(argument types)`. */
export function buildRoutine(row: RoutineRow): RoutineInfo {
  const kind = ROUTINE_KINDS[row.kind] ?? "function";
  return {
    name: `${row.schema}.${row.name}(${row.identity})`,
    schema: row.schema,
    kind,
    arguments: row.arguments,
    ...(row.returns !== null && { returns: row.returns }),
    language: row.language,
    body: row.body,
    definition: kind === "aggregate" ? aggregateDefinition(row) : (row.definition ?? ""),
    ...(row.comment !== null && { comment: row.comment }),
  };
}

/** tgtype bits (src/include/catalog/pg_trigger.h). */
const TG_BEFORE = 2;
const TG_INSTEAD = 64;
const TG_EVENTS: readonly (readonly [number, string])[] = [
  [4, "INSERT"],
  [8, "DELETE"],
  [16, "UPDATE"],
  [32, "TRUNCATE"],
];

/** One trigger, keyed `schema.table.trigger`. */
export function buildTrigger(row: TriggerRow): TriggerInfo {
  const timing = row.type & TG_BEFORE ? "BEFORE" : row.type & TG_INSTEAD ? "INSTEAD OF" : "AFTER";
  return {
    name: `${row.rel}.${row.name}`,
    table: row.rel,
    timing,
    events: TG_EVENTS.filter(([bit]) => row.type & bit).map(([, event]) => event),
    definition: row.definition,
    enabled: row.enabled !== "D",
    ...(row.comment !== null && { comment: row.comment }),
  };
}
