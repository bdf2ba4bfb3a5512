/**
 * A PostgreSQL snapshot as the DDL that recreates it in an empty database, in dependency
 * order: schemas, extensions, enums and domains, sequences, functions, tables, their
 * constraints (foreign keys after every table), indexes, views and the routines that need
 * tables (ordered by what they name), triggers, comments. Pure.
 */
import { dependencyOrder, mentions } from "./order.js";
import { bareName, ident, literal, qualified, splitColumnRef } from "./pg-names.js";
import { renderPostgresComments } from "./render-sql-postgres-comments.js";
import type {
  ColumnInfo,
  RoutineInfo,
  SchemaSnapshot,
  SequenceInfo,
  TableInfo,
  ViewInfo,
} from "./snapshot.js";

/** A statement without its trailing semicolon and blank space. */
export function stmt(sql: string): string {
  return `${sql.trimEnd().replace(/;$/, "")};`;
}

export function sequenceOptions(s: SequenceInfo): string {
  return [
    `START WITH ${s.start}`,
    `INCREMENT BY ${s.increment}`,
    `MINVALUE ${s.min}`,
    `MAXVALUE ${s.max}`,
    `CACHE ${s.cache ?? "1"}`,
    s.cycle ? "CYCLE" : "NO CYCLE",
  ].join(" ");
}

/** Sequences created by an identity column: the table creates them. */
export function identitySequences(snapshot: SchemaSnapshot): Map<string, SequenceInfo> {
  const identity = new Set(
    snapshot.tables.flatMap((t) =>
      t.columns.filter((c) => c.identity !== undefined).map((c) => `${t.name}.${c.name}`),
    ),
  );
  return new Map(
    snapshot.sequences
      .filter((s) => s.ownedBy !== undefined && identity.has(s.ownedBy))
      .map((s) => [s.ownedBy!, s]),
  );
}

export function columnSql(
  table: TableInfo,
  c: ColumnInfo,
  identity: Map<string, SequenceInfo>,
): string {
  let sql = `${ident(c.name)} ${c.type}`;
  if (c.collation !== undefined) sql += ` COLLATE ${c.collation}`;
  if (c.default !== undefined) sql += ` DEFAULT ${c.default}`;
  if (c.generated) sql += ` GENERATED ALWAYS AS (${c.generated.expression}) STORED`;
  if (c.identity === "always" || c.identity === "by default") {
    const seq = identity.get(`${table.name}.${c.name}`);
    const options = seq
      ? ` (SEQUENCE NAME ${qualified(seq.name, seq.schema)} ${sequenceOptions(seq)})`
      : "";
    sql += ` GENERATED ${c.identity.toUpperCase()} AS IDENTITY${options}`;
  }
  if (!c.nullable) sql += " NOT NULL";
  return sql;
}

function tableSql(t: TableInfo, identity: Map<string, SequenceInfo>): string {
  const o = t.options ?? {};
  const name = qualified(t.name, t.schema);
  const unlogged = o.persistence === "unlogged" ? "UNLOGGED " : "";
  if (o.partitionOf !== undefined) {
    return stmt(
      `CREATE ${unlogged}TABLE ${name} PARTITION OF ${o.partitionOf} ${o.partitionBound}`,
    );
  }
  const columns = t.columns.map((c) => `    ${columnSql(t, c, identity)}`).join(",\n");
  let sql = `CREATE ${unlogged}TABLE ${name} (\n${columns}\n)`;
  if (o.inherits !== undefined) sql += ` INHERITS (${o.inherits})`;
  if (o.partitionBy !== undefined) sql += ` PARTITION BY ${o.partitionBy}`;
  return stmt(sql);
}

function constraintsSql(tables: readonly TableInfo[], foreign: boolean): string[] {
  return tables.flatMap((t) =>
    t.constraints
      .filter((c) => (c.kind === "foreign key") === foreign)
      .map((c) =>
        stmt(
          `ALTER TABLE ${qualified(t.name, t.schema)} ADD CONSTRAINT ${ident(c.name)} ${c.definition ?? c.expression ?? ""}`,
        ),
      ),
  );
}

function viewSql(v: ViewInfo): string[] {
  const kind = v.materialized ? "MATERIALIZED VIEW" : "VIEW";
  const definition = v.definition.trimEnd().replace(/;$/, "");
  return [
    stmt(`CREATE ${kind} ${qualified(v.name, v.schema)} AS\n${definition}`),
    ...(v.indexes ?? []).map((i) => stmt(i.definition ?? "")),
  ];
}

/** A routine whose signature or SQL-standard body needs tables or views to exist first. */
export function needsTables(
  r: RoutineInfo,
  relations: readonly { name: string; schema?: string }[],
): boolean {
  if (/\bBEGIN\s+ATOMIC\b/i.test(r.definition ?? "")) return true;
  const signature = `${r.arguments} ${r.returns ?? ""}`;
  return relations.some((t) => mentions(signature, t.schema ?? "", bareName(t.name, t.schema)));
}

interface Late {
  readonly name: string;
  readonly schema: string | undefined;
  readonly sql: readonly string[];
  readonly text: string;
}

/** Views and table-dependent routines, each after the ones its text names. */
function lateObjects(views: readonly ViewInfo[], routines: readonly RoutineInfo[]): string[] {
  const nodes: Late[] = [
    ...views.map((v) => ({ name: v.name, sql: viewSql(v), text: v.definition, schema: v.schema })),
    ...routines.map((r) => ({
      name: r.name,
      sql: [stmt(r.definition ?? "")],
      text: r.definition ?? "",
      schema: r.schema,
    })),
  ];
  const ordered = dependencyOrder(
    nodes,
    (n) => n.name,
    (n) =>
      nodes
        .filter((m) => m !== n && mentions(n.text, m.schema ?? "", bareName(m.name, m.schema)))
        .map((m) => m.name),
  );
  return ordered.flatMap((n) => n.sql);
}

function sequencesSql(snapshot: SchemaSnapshot, identity: Map<string, SequenceInfo>): string[] {
  const identityNames = new Set([...identity.values()].map((s) => s.name));
  return snapshot.sequences
    .filter((s) => !identityNames.has(s.name))
    .map((s) =>
      stmt(`CREATE SEQUENCE ${qualified(s.name, s.schema)} AS ${s.type} ${sequenceOptions(s)}`),
    );
}

function ownedBySql(snapshot: SchemaSnapshot, identity: Map<string, SequenceInfo>): string[] {
  const tables = new Map(snapshot.tables.map((t) => [t.name, t]));
  return snapshot.sequences.flatMap((s) => {
    if (s.ownedBy === undefined || identity.has(s.ownedBy)) return [];
    const ref = splitColumnRef(s.ownedBy, tables);
    if (!ref) return [];
    const column = `${qualified(ref.table, ref.schema)}.${ident(ref.column)}`;
    return [stmt(`ALTER SEQUENCE ${qualified(s.name, s.schema)} OWNED BY ${column}`)];
  });
}

function typesSql(snapshot: SchemaSnapshot): string[] {
  const enums = snapshot.enums.map((e) =>
    stmt(
      `CREATE TYPE ${qualified(e.name, e.schema)} AS ENUM (${e.values.map(literal).join(", ")})`,
    ),
  );
  const domains = snapshot.domains.map((d) => {
    let sql = `CREATE DOMAIN ${qualified(d.name, d.schema)} AS ${d.type}`;
    if (d.default !== undefined) sql += ` DEFAULT ${d.default}`;
    if (!d.nullable) sql += " NOT NULL";
    for (const check of d.checks) sql += ` ${check}`;
    return stmt(sql);
  });
  return [...enums, ...domains];
}

function triggersSql(snapshot: SchemaSnapshot): string[] {
  const relations = new Map(
    [...snapshot.tables, ...snapshot.views].map((r) => [r.name, qualified(r.name, r.schema)]),
  );
  return snapshot.triggers.flatMap((tr) => {
    if (tr.enabled !== false) return [stmt(tr.definition)];
    const table = relations.get(tr.table) ?? tr.table;
    const name = ident(tr.name.slice(tr.table.length + 1));
    return [stmt(tr.definition), stmt(`ALTER TABLE ${table} DISABLE TRIGGER ${name}`)];
  });
}

function tablesInCreateOrder(tables: readonly TableInfo[]): TableInfo[] {
  return dependencyOrder(
    tables,
    (t) => t.name,
    (t) =>
      [t.options?.partitionOf, t.options?.inherits].filter((p): p is string => p !== undefined),
  );
}

/** The DDL of a PostgreSQL snapshot cut where `diff` slots its ALTERs in between. */
export interface PostgresSections {
  /** Schemas, extensions, types, sequences, early routines and aggregates, tables. */
  readonly early: readonly string[];
  /** Owned-by, constraints, foreign keys, indexes, views and late routines, triggers. */
  readonly late: readonly string[];
  readonly comments: readonly string[];
}

export interface SectionOptions {
  /** Tables that exist already: no CREATE TABLE, but their constraints and indexes are rendered. */
  readonly existingTables?: ReadonlySet<string>;
  /** Write CREATE INDEX on an existing table as CREATE INDEX CONCURRENTLY. */
  readonly concurrentIndexes?: boolean;
}

/** `snapshot`'s DDL in the order it is created, cut in sections (see {@link PostgresSections}). */
export function renderPostgresSections(
  snapshot: SchemaSnapshot,
  options: SectionOptions = {},
): PostgresSections {
  const existing = options.existingTables ?? new Set<string>();
  const identity = identitySequences(snapshot);
  const relations = [...snapshot.tables, ...snapshot.views];
  const late = snapshot.routines.filter((r) => r.kind !== "aggregate" && needsTables(r, relations));
  const early = snapshot.routines.filter((r) => r.kind !== "aggregate" && !late.includes(r));
  const tables = tablesInCreateOrder(snapshot.tables);
  const indexSql = (t: TableInfo) =>
    t.indexes.map((i) => {
      const sql = stmt(i.definition ?? "");
      return options.concurrentIndexes && existing.has(t.name) ? concurrently(sql) : sql;
    });
  return {
    early: [
      snapshot.schemas.map((s) => stmt(`CREATE SCHEMA IF NOT EXISTS ${ident(s.name)}`)),
      snapshot.extensions.map((e) =>
        stmt(
          `CREATE EXTENSION IF NOT EXISTS ${ident(e.name)}${e.schema ? ` WITH SCHEMA ${ident(e.schema)}` : ""}`,
        ),
      ),
      typesSql(snapshot),
      sequencesSql(snapshot, identity),
      early.map((r) => stmt(r.definition ?? "")),
      snapshot.routines.filter((r) => r.kind === "aggregate").map((r) => stmt(r.definition ?? "")),
      tables.filter((t) => !existing.has(t.name)).map((t) => tableSql(t, identity)),
    ].flat(),
    late: [
      ownedBySql(snapshot, identity),
      constraintsSql(tables, false),
      constraintsSql(tables, true),
      tables.flatMap(indexSql),
      lateObjects(snapshot.views, late),
      triggersSql(snapshot),
    ].flat(),
    comments: renderPostgresComments(snapshot),
  };
}

/** `CREATE [UNIQUE] INDEX …` as `CREATE [UNIQUE] INDEX CONCURRENTLY …`. */
export function concurrently(sql: string): string {
  return sql.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX CONCURRENTLY ");
}

/** The DDL that recreates `snapshot` (engine `postgres`) in an empty database. */
export function renderPostgresSchema(snapshot: SchemaSnapshot): string {
  const { early, late, comments } = renderPostgresSections(snapshot);
  const sections = [["SET check_function_bodies = false;"], early, late, comments];
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join("\n\n"))
    .join("\n\n")}\n`;
}
