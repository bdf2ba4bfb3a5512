/**
 * SQLite's schema as one {@link SchemaSnapshot}: `sqlite_schema` and the table-valued pragmas
 * (`pragma_table_list`, `pragma_table_xinfo`, `pragma_index_list`, `pragma_index_xinfo`,
 * `pragma_foreign_key_list`), each read once for the whole database, plus what only the CREATE
 * text holds (CHECK clauses, constraint names, COLLATE, generated expressions, AUTOINCREMENT),
 * read by sqlite-ddl.ts. SQLite keeps no names for unnamed constraints: they get stable names
 * (`<table>_pkey`, `<table>_<cols>_key`, `<table>_<cols>_fkey`, `<table>_check<N>`) marked
 * `generatedName`. Internal `sqlite_%` tables and the tracking tables are left out.
 */
import type { Row } from "../../core/migration.js";
import { excludedTables, sortByName } from "../../schema/introspect-helpers.js";
import {
  type ColumnInfo,
  type ConstraintInfo,
  emptySnapshot,
  type IndexInfo,
  type IntrospectScope,
  type SchemaSnapshot,
  type TableInfo,
  type TriggerInfo,
  type ViewInfo,
} from "../../schema/snapshot.js";
import type { Connection } from "../dialect.js";
import {
  type ParsedTable,
  parseCreateIndex,
  parseCreateTable,
  parseCreateTrigger,
} from "./sqlite-ddl.js";

const USER_OBJECTS = `m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`;
const TABLES = `FROM sqlite_schema m WHERE m.type = 'table' AND ${USER_OBJECTS}`;

/** Every query the snapshot needs: one per kind, for the whole database. */
const QUERIES = {
  objects: `SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m WHERE ${USER_OBJECTS} AND m.sql IS NOT NULL`,
  tables: `SELECT l.name, l.wr, l.strict FROM pragma_table_list l WHERE l.schema = 'main' AND l.type = 'table'`,
  columns: `SELECT m.name AS tbl, p.cid, p.name, p.type, p."notnull", p.dflt_value, p.pk, p.hidden ${TABLES.replace("FROM sqlite_schema m", "FROM sqlite_schema m, pragma_table_xinfo(m.name) p")} ORDER BY m.name, p.cid`,
  indexes: `SELECT m.name AS tbl, il.name, il."unique", il.origin, il.partial ${TABLES.replace("FROM sqlite_schema m", "FROM sqlite_schema m, pragma_index_list(m.name) il")}`,
  indexColumns: `SELECT il.name AS idx, ii.seqno, ii.name ${TABLES.replace("FROM sqlite_schema m", "FROM sqlite_schema m, pragma_index_list(m.name) il, pragma_index_xinfo(il.name) ii")} AND ii."key" = 1 ORDER BY il.name, ii.seqno`,
  foreignKeys: `SELECT m.name AS tbl, f.id, f.seq, f."table", f."from", f."to", f.on_update, f.on_delete, f."match" ${TABLES.replace("FROM sqlite_schema m", "FROM sqlite_schema m, pragma_foreign_key_list(m.name) f")} ORDER BY m.name, f.id, f.seq`,
} as const;

type Rows = Record<keyof typeof QUERIES, Row[]>;

function groupBy(rows: readonly Row[], key: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const k = String(row[key]);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

const sameColumns = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((c, i) => c.toLowerCase() === b[i]!.toLowerCase());

function columnsOf(rows: readonly Row[], parsed: ParsedTable): ColumnInfo[] {
  return rows.map((r) => {
    const name = String(r.name);
    const facts = parsed.columns.get(name);
    const hidden = Number(r.hidden);
    return {
      name,
      type: String(r.type ?? ""),
      nullable: Number(r.notnull) === 0,
      ...(r.dflt_value != null && { default: String(r.dflt_value) }),
      ...(facts?.autoincrement && { identity: "auto_increment" as const }),
      ...(facts?.collation && { collation: facts.collation }),
      ...((hidden === 2 || hidden === 3) && {
        generated: { expression: facts?.generated?.expression ?? "", stored: hidden === 3 },
      }),
    } satisfies ColumnInfo;
  });
}

function constraintsOf(
  table: string,
  rows: Rows,
  columns: readonly Row[],
  parsed: ParsedTable,
  indexCols: ReadonlyMap<string, string[]>,
): ConstraintInfo[] {
  const out: ConstraintInfo[] = [];
  const pk = columns
    .filter((c) => Number(c.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((c) => String(c.name));
  if (pk.length > 0) {
    const name = parsed.primaryKey?.name;
    out.push({
      name: name ?? `${table}_pkey`,
      ...(!name && { generatedName: true }),
      kind: "primary key",
      columns: pk,
    });
  }
  for (const idx of rows.indexes) {
    if (idx.tbl !== table || idx.origin !== "u") continue;
    const cols = indexCols.get(String(idx.name)) ?? [];
    const name = parsed.uniques.find((u) => sameColumns(u.columns, cols))?.name;
    out.push({
      name: name ?? `${table}_${cols.join("_")}_key`,
      ...(!name && { generatedName: true }),
      kind: "unique",
      columns: cols,
    });
  }
  for (const [, fk] of groupBy(
    rows.foreignKeys.filter((f) => f.tbl === table),
    "id",
  )) {
    const from = fk.map((f) => String(f.from));
    const target = String(fk[0]!.table);
    const to = fk.flatMap((f) => (f.to == null ? [] : [String(f.to)]));
    const clause = parsed.foreignKeys.find(
      (f) => sameColumns(f.columns, from) && f.table.toLowerCase() === target.toLowerCase(),
    );
    out.push({
      name: clause?.name ?? `${table}_${from.join("_")}_fkey`,
      ...(!clause?.name && { generatedName: true }),
      kind: "foreign key",
      columns: from,
      references: {
        table: target,
        columns: to,
        onUpdate: String(fk[0]!.on_update),
        onDelete: String(fk[0]!.on_delete),
        ...(fk[0]!.match !== "NONE" && { match: String(fk[0]!.match) }),
      },
      ...(clause?.deferrable && { deferrable: true }),
      ...(clause?.initiallyDeferred && { initiallyDeferred: true }),
    });
  }
  let unnamed = 0;
  for (const check of parsed.checks) {
    out.push({
      name: check.name ?? `${table}_check${++unnamed}`,
      ...(!check.name && { generatedName: true }),
      kind: "check",
      columns: [],
      expression: check.expression,
    });
  }
  return sortByName(out);
}

function indexesOf(table: string, rows: Rows, sqlByName: ReadonlyMap<string, string>): IndexInfo[] {
  const out: IndexInfo[] = [];
  for (const idx of rows.indexes) {
    if (idx.tbl !== table || idx.origin !== "c") continue;
    const definition = sqlByName.get(String(idx.name)) ?? "";
    const { columns, where } = parseCreateIndex(definition);
    out.push({
      name: String(idx.name),
      method: "btree",
      unique: Number(idx.unique) === 1,
      columns,
      ...(where !== undefined && { where }),
      definition,
    });
  }
  return sortByName(out);
}

/** Reads the whole schema of the SQLite database on `conn`. */
export async function introspectSqlite(
  conn: Connection,
  scope: IntrospectScope,
): Promise<SchemaSnapshot> {
  const rows = {} as Rows;
  for (const key of Object.keys(QUERIES) as (keyof typeof QUERIES)[]) {
    rows[key] = await conn.query(QUERIES[key]);
  }
  const [version] = await conn.query<{ v: string }>("SELECT sqlite_version() AS v");
  const excluded = excludedTables(scope);
  const objects = rows.objects.filter((o) => !excluded.has(String(o.tbl_name)));
  const sqlByName = new Map(objects.map((o) => [String(o.name), String(o.sql)]));
  const columnsByTable = groupBy(rows.columns, "tbl");
  const indexCols = new Map(
    [...groupBy(rows.indexColumns, "idx")].map(([idx, cols]) => [
      idx,
      cols.map((c) => String(c.name)),
    ]),
  );
  const flags = new Map(rows.tables.map((t) => [String(t.name), t]));
  const tables: TableInfo[] = objects
    .filter((o) => o.type === "table")
    .map((o) => {
      const name = String(o.name);
      const parsed = parseCreateTable(String(o.sql));
      const cols = columnsByTable.get(name) ?? [];
      const flag = flags.get(name);
      const options = {
        ...(Number(flag?.strict) === 1 && { strict: "true" }),
        ...(Number(flag?.wr) === 1 && { withoutRowid: "true" }),
      };
      return {
        name,
        columns: columnsOf(cols, parsed),
        constraints: constraintsOf(name, rows, cols, parsed, indexCols),
        indexes: indexesOf(name, rows, sqlByName),
        ...(Object.keys(options).length > 0 && { options }),
      };
    });
  const views: ViewInfo[] = objects
    .filter((o) => o.type === "view")
    .map((o) => ({ name: String(o.name), materialized: false, definition: String(o.sql) }));
  const triggers: TriggerInfo[] = objects
    .filter((o) => o.type === "trigger")
    .map((o) => ({
      name: `${o.tbl_name}.${o.name}`,
      table: String(o.tbl_name),
      ...parseCreateTrigger(String(o.sql)),
      definition: String(o.sql),
    }));
  return {
    ...emptySnapshot("sqlite"),
    serverVersion: version?.v,
    tables: sortByName(tables),
    views: sortByName(views),
    triggers: sortByName(triggers),
  };
}
