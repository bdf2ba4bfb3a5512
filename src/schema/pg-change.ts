/**
 * The DDL that turns one PostgreSQL snapshot into another (SPEC §8), in dependency order:
 * accepted renames first; then drops, dependents before what they stand on (triggers, views
 * and table-typed routines, foreign keys, indexes, constraints, columns, tables, sequences,
 * routines, types, extensions, schemas); then creates through the schema renderer's own
 * order with the ALTERs of kept objects slotted in after the tables; comments last. Pure.
 */

import { type ChangePlan, planChange, type TableChange } from "./change-plan.js";
import { dependencyOrder } from "./order.js";
import { alterStatements, enumStatements } from "./pg-change-alter.js";
import { commentChanges } from "./pg-change-comments.js";
import { ident, qualified, routineSignature } from "./pg-names.js";
import { applyRenames, dropWarner, type RenameCandidate, renameCandidates } from "./renames.js";
import { needsTables, renderPostgresSections } from "./render-sql-postgres.js";
import type { ChangeOptions, ChangeStatement, DirectedChange } from "./schema-change.js";
import { emptySnapshot, type SchemaSnapshot, type ViewInfo } from "./snapshot.js";
import { type TableDropSql, tablesToDrop } from "./table-drops.js";

/** The statements that turn `current` into `desired`; see the module comment. */
export function postgresChange(
  current: SchemaSnapshot,
  desired: SchemaSnapshot,
  options: ChangeOptions,
): DirectedChange {
  const renamed = applyRenames(current, options.renames ?? []);
  const plan = planChange(renamed.snapshot, desired, renamed.forced);
  const candidates = renameCandidates(plan);
  const warnings: string[] = [];
  const statements = [
    ...(plan.createRoutines.length > 0
      ? [{ sql: "SET LOCAL check_function_bodies = false;" }]
      : []),
    ...renamed.statements.map((sql) => ({ sql })),
    ...dropStatements(plan, options, candidates, warnings),
    ...enumStatements(plan),
    ...createStatements(plan, options, "early"),
    ...alterStatements(plan, options, warnings),
    ...createStatements(plan, options, "late"),
    ...commentChanges(plan),
  ];
  return { statements, warnings };
}

/** `DROP …` statements, each dependent before what it stands on. */
function dropStatements(
  plan: ChangePlan,
  options: ChangeOptions,
  candidates: readonly RenameCandidate[],
  warnings: string[],
): ChangeStatement[] {
  const { from } = plan;
  const relation = relationNames(from);
  const tableRoutines = plan.dropRoutines.filter((r) =>
    needsTables(r, [...from.tables, ...from.views]),
  );
  const warn = dropWarner(candidates, warnings);
  const concurrently = options.concurrentIndexes ? "CONCURRENTLY " : "";
  const index = (schema: string | undefined, name: string): ChangeStatement => ({
    sql: `DROP INDEX ${concurrently}${qualified(name, schema)};`,
    ...(concurrently ? { noTransaction: true } : {}),
  });
  const kept = (pick: (t: TableChange) => ChangeStatement[]) => plan.tables.flatMap(pick);
  const constraint = (t: TableChange, foreign: boolean) =>
    t.droppedConstraints
      .filter((c) => (c.kind === "foreign key") === foreign)
      .map((c) => ({
        sql: `ALTER TABLE ${qualified(t.from.name, t.from.schema)} DROP CONSTRAINT ${ident(c.name)};`,
      }));
  return [
    ...plan.dropTriggers.map((tr) => ({
      sql: `DROP TRIGGER ${ident(tr.name.slice(tr.table.length + 1))} ON ${relation(tr.table)};`,
    })),
    ...viewsAndRoutinesToDrop(plan.dropViews, tableRoutines),
    ...plan.viewIndexes.dropped.map(([v, i]) => index(v.schema, i.name)),
    ...kept((t) => constraint(t, true)),
    ...kept((t) => t.droppedIndexes.map((i) => index(t.from.schema, i.name))),
    ...kept((t) => constraint(t, false)),
    ...kept((t) =>
      t.droppedColumns.map((c) => ({
        sql: `ALTER TABLE ${qualified(t.from.name, t.from.schema)} DROP COLUMN ${ident(c.name)};`,
        notes: warn(`${t.from.name}.${c.name}`, `column ${t.from.name}.${c.name}`),
      })),
    ),
    ...tablesToDrop(plan.droppedTables, (t) => warn(t.name, `table ${t.name}`), PG_TABLE_DROPS),
    ...freeSequencesToDrop(plan).map((q) => ({
      sql: `DROP SEQUENCE ${qualified(q.name, q.schema)};`,
    })),
    ...viewsAndRoutinesToDrop(
      [],
      plan.dropRoutines.filter((r) => !tableRoutines.includes(r)),
    ),
    ...plan.domains.dropped.map((d) => ({ sql: `DROP DOMAIN ${qualified(d.name, d.schema)};` })),
    ...plan.enums.dropped.map((e) => ({ sql: `DROP TYPE ${qualified(e.name, e.schema)};` })),
    ...plan.extensions.dropped.map((e) => ({ sql: `DROP EXTENSION ${ident(e.name)};` })),
    ...plan.schemas.dropped.map((s) => ({ sql: `DROP SCHEMA ${ident(s.name)};` })),
  ];
}

const ROUTINE_WORDS = { function: "FUNCTION", procedure: "PROCEDURE", aggregate: "AGGREGATE" };

function dropRoutine(r: ChangePlan["dropRoutines"][number]): ChangeStatement {
  return { sql: `DROP ${ROUTINE_WORDS[r.kind]} ${routineSignature(r.name, r.schema)};` };
}

/** A relation's key (`app.guests`) as SQL, given the snapshot that holds it. */
function relationNames(s: SchemaSnapshot): (key: string) => string {
  const names = new Map(
    [...s.tables, ...s.views].map((r) => [r.name, qualified(r.name, r.schema)]),
  );
  return (key) => names.get(key) ?? key;
}

/** Views and table-typed routines, each before what it reads: creation order, reversed. */
function viewsAndRoutinesToDrop(
  views: readonly ViewInfo[],
  routines: ChangePlan["dropRoutines"],
): ChangeStatement[] {
  type Node = { name: string; text: string; sql: ChangeStatement };
  const nodes: Node[] = [
    ...views.map((v) => ({
      name: v.name,
      text: v.definition,
      sql: {
        sql: `DROP ${v.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${qualified(v.name, v.schema)};`,
      },
    })),
    ...routines.map((r) => ({ name: r.name, text: r.definition ?? "", sql: dropRoutine(r) })),
  ];
  const ordered = dependencyOrder(
    nodes,
    (n) => n.name,
    (n) => nodes.filter((m) => m !== n && mentionsNode(n.text, m.name)).map((m) => m.name),
  );
  return ordered.reverse().map((n) => n.sql);
}

function mentionsNode(text: string, key: string): boolean {
  const bare = key.replace(/\(.*$/, "");
  const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w$"])${escaped}(?![\\w$"])`).test(text);
}

const PG_TABLE_DROPS: TableDropSql = {
  dropTable: (t) => `DROP TABLE ${qualified(t.name, t.schema)};`,
  dropForeignKey: (t, c) =>
    `ALTER TABLE ${qualified(t.name, t.schema)} DROP CONSTRAINT ${ident(c.name)};`,
};

/** Dropped sequences that no dropped column or table takes with it, and no identity owns. */
function freeSequencesToDrop(plan: ChangePlan): ChangePlan["sequences"]["dropped"] {
  const goneWith = new Set([
    ...plan.droppedTables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)),
    ...plan.tables.flatMap((t) => t.droppedColumns.map((c) => `${t.from.name}.${c.name}`)),
    ...plan.from.tables.flatMap((t) =>
      t.columns.filter((c) => c.identity !== undefined).map((c) => `${t.name}.${c.name}`),
    ),
  ]);
  return plan.sequences.dropped.filter((q) => q.ownedBy === undefined || !goneWith.has(q.ownedBy));
}

/**
 * What is created, through the schema renderer: `early` (schemas … new tables) or `late`
 * (owned-by, constraints, indexes, views and table-typed routines, triggers).
 */
function createStatements(
  plan: ChangePlan,
  options: ChangeOptions,
  part: "early" | "late",
): ChangeStatement[] {
  const existing = new Set(plan.tables.map((t) => t.to.name));
  const created: SchemaSnapshot = {
    ...emptySnapshot("postgres"),
    schemas: plan.schemas.added,
    extensions: plan.extensions.added,
    enums: plan.enums.added,
    domains: plan.domains.added,
    sequences: plan.sequences.added,
    routines: plan.createRoutines,
    tables: [
      ...plan.addedTables,
      ...plan.tables.map((t) => ({
        ...t.to,
        constraints: t.addedConstraints,
        indexes: t.addedIndexes,
      })),
    ],
    views: plan.createViews,
    triggers: plan.createTriggers,
  };
  const sections = renderPostgresSections(created, {
    existingTables: existing,
    concurrentIndexes: options.concurrentIndexes,
  });
  const viewIndexes =
    part === "late"
      ? plan.viewIndexes.added.flatMap((v) => (v.indexes ?? []).map((i) => i.definition ?? ""))
      : [];
  return [...sections[part], ...viewIndexes].map((sql) => ({
    sql: sql.endsWith(";") ? sql : `${sql};`,
    ...(/^CREATE (UNIQUE )?INDEX CONCURRENTLY /.test(sql) ? { noTransaction: true } : {}),
  }));
}
