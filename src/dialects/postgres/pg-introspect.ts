/**
 * The schema of a PostgreSQL or PGlite database as a {@link SchemaSnapshot}, read from
 * pg_catalog by one statement (see pg-introspect-sql.ts) in a READ ONLY transaction, assembled
 * here. The transaction is rolled back, so the session's search_path (set to pg_catalog for the
 * reading, so that names print qualified) is untouched.
 */

import { compareNames } from "../../schema/order.js";
import type {
  ColumnInfo,
  IndexInfo,
  IntrospectScope,
  SchemaSnapshot,
  SequenceInfo,
  TableInfo,
  ViewInfo,
} from "../../schema/snapshot.js";
import type { Connection } from "../dialect.js";
import { buildConstraint, buildIndex, buildRoutine, buildTrigger } from "./pg-introspect-build.js";
import type { ColumnRow, IndexRow, Rows, TableRow, TypeRow } from "./pg-introspect-rows.js";
import { PG_INTROSPECT_SQL } from "./pg-introspect-sql.js";

/** The tracking tables' companions: the log (every engine) and the lock table (SQLite, table-row locks). */
const COMPANIONS = ["", "_log", "_lock"];

/** $2 and $3 of every query: the tracking tables by bare and by qualified name. */
export function trackingNames(exclude: readonly string[]): { bare: string[]; qualified: string[] } {
  const bare: string[] = [];
  const qualified: string[] = [];
  for (const table of exclude) {
    for (const suffix of COMPANIONS) (table.includes(".") ? qualified : bare).push(table + suffix);
  }
  return { bare, qualified };
}

async function readAll(conn: Connection, scope: IntrospectScope): Promise<Rows> {
  const { bare, qualified } = trackingNames(scope.exclude);
  const params = [
    scope.schemas ? JSON.stringify(scope.schemas) : null,
    JSON.stringify(bare),
    JSON.stringify(qualified),
  ];
  // Three round trips: the transaction that scopes search_path, the read, its end.
  await conn.exec(
    "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL search_path = pg_catalog",
  );
  try {
    const [row] = await conn.query<{ j: string }>(PG_INTROSPECT_SQL, params);
    return JSON.parse(row!.j) as Rows;
  } finally {
    await conn.query("ROLLBACK");
  }
}

function byName<T extends { readonly name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareNames(a.name, b.name));
}

/** Groups rows by their relation key. */
function groupBy<R extends { readonly rel: string }, T>(
  rows: readonly R[],
  make: (row: R) => T,
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.rel) ?? [];
    list.push(make(row));
    map.set(row.rel, list);
  }
  return map;
}

function buildColumn(row: ColumnRow): ColumnInfo {
  const generated = row.generated === "s";
  return {
    name: row.name,
    type: row.type,
    nullable: !row.not_null,
    ...(row.expr !== null && !generated && { default: row.expr }),
    ...(row.identity === "a" && { identity: "always" as const }),
    ...(row.identity === "d" && { identity: "by default" as const }),
    ...(generated && { generated: { expression: row.expr ?? "", stored: true } }),
    ...(row.collation !== null && { collation: row.collation }),
    ...(row.comment !== null && { comment: row.comment }),
  };
}

function tableOptions(row: TableRow): Record<string, string> | undefined {
  const options: Record<string, string> = {};
  if (row.persistence === "u") options.persistence = "unlogged";
  if (row.partition_by !== null) options.partitionBy = row.partition_by;
  if (row.is_partition && row.parents !== null) options.partitionOf = row.parents;
  if (row.partition_bound !== null) options.partitionBound = row.partition_bound;
  if (!row.is_partition && row.parents !== null) options.inherits = row.parents;
  return Object.keys(options).length > 0 ? options : undefined;
}

function assembleTables(rows: Rows, indexes: Map<string, IndexInfo[]>): TableInfo[] {
  const columns = groupBy(
    [...rows.columns].sort((a, b) => a.num - b.num),
    buildColumn,
  );
  const constraints = groupBy(rows.constraints, buildConstraint);
  return byName(
    rows.tables.map((t) => {
      const options = tableOptions(t);
      return {
        name: t.name,
        schema: t.schema,
        columns: columns.get(t.name) ?? [],
        constraints: byName(constraints.get(t.name) ?? []),
        indexes: indexes.get(t.name) ?? [],
        ...(t.comment !== null && { comment: t.comment }),
        ...(options && { options }),
      };
    }),
  );
}

function assembleViews(rows: Rows, indexes: Map<string, IndexInfo[]>): ViewInfo[] {
  const columns = groupBy(
    [...rows.columns].sort((a, b) => a.num - b.num),
    (c) => c.name,
  );
  return byName(
    rows.views.map((v) => ({
      name: v.name,
      schema: v.schema,
      materialized: v.materialized,
      definition: v.definition,
      columns: columns.get(v.name) ?? [],
      ...(v.materialized && { indexes: indexes.get(v.name) ?? [] }),
      ...(v.comment !== null && { comment: v.comment }),
    })),
  );
}

function assembleSequences(rows: Rows): SequenceInfo[] {
  return byName(
    rows.sequences.map(({ owned_by, comment, ...s }) => ({
      ...s,
      ...(owned_by !== null && { ownedBy: owned_by }),
      ...(comment !== null && { comment }),
    })),
  );
}

function assembleTypes(types: readonly TypeRow[]): Pick<SchemaSnapshot, "enums" | "domains"> {
  const enums = types
    .filter((t) => t.kind === "e")
    .map((t) => ({
      name: t.name,
      schema: t.schema,
      values: t.labels,
      ...(t.comment !== null && { comment: t.comment }),
    }));
  const domains = types
    .filter((t) => t.kind === "d")
    .map((t) => ({
      name: t.name,
      schema: t.schema,
      type: t.base_type,
      nullable: !t.not_null,
      ...(t.default !== null && { default: t.default }),
      checks: t.checks,
      ...(t.comment !== null && { comment: t.comment }),
    }));
  return { enums: byName(enums), domains: byName(domains) };
}

/** Turns the catalog rows into a snapshot. Pure. */
export function assembleSnapshot(rows: Rows): SchemaSnapshot {
  const indexes = new Map<string, IndexInfo[]>();
  for (const [rel, list] of groupBy<IndexRow, IndexInfo>(rows.indexes, buildIndex)) {
    indexes.set(rel, byName(list));
  }
  return {
    engine: "postgres",
    serverVersion: rows.serverVersion,
    schemas: byName(
      rows.schemas.map((s) => ({
        name: s.name,
        ...(s.comment !== null && { comment: s.comment }),
      })),
    ),
    tables: assembleTables(rows, indexes),
    views: assembleViews(rows, indexes),
    routines: byName(rows.routines.map(buildRoutine)),
    triggers: byName(rows.triggers.map(buildTrigger)),
    sequences: assembleSequences(rows),
    ...assembleTypes(rows.types),
    extensions: byName(rows.extensions.map((e) => ({ ...e }))),
    events: [],
  };
}

/**
 * The schema on `conn` (PostgreSQL or PGlite); see snapshot.ts for the contract. Call it
 * outside a transaction: it opens (and rolls back) its own.
 */
export async function introspectPostgres(
  conn: Connection,
  scope: IntrospectScope,
): Promise<SchemaSnapshot> {
  return assembleSnapshot(await readAll(conn, scope));
}
