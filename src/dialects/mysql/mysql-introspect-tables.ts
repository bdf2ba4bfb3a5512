/**
 * MySQL / MariaDB tables from the rows of information_schema (read by mysql-introspect.ts):
 * columns, the primary key, unique keys, foreign keys, CHECKs and the other indexes. Pure.
 */
import type { Row } from "../../core/migration.js";
import { sortByName } from "../../schema/introspect-helpers.js";
import type { ColumnInfo, ConstraintInfo, IndexInfo, TableInfo } from "../../schema/snapshot.js";
import { quoteMysqlIdent } from "./mysql-lexer.js";
import {
  charsetOf,
  isGeneratedCheckName,
  isGeneratedForeignKeyName,
  isGeneratedIndexName,
  type MysqlFlavor,
  normaliseDefault,
  onUpdateOf,
} from "./mysql-schema-text.js";

/** The rows of each information_schema query, for the whole database. */
export interface MysqlRows {
  readonly tables: Row[];
  readonly columns: Row[];
  readonly statistics: Row[];
  readonly foreignKeys: Row[];
  readonly checkTables: Row[];
  readonly checks: Row[];
  readonly views: Row[];
  readonly routines: Row[];
  readonly parameters: Row[];
  readonly triggers: Row[];
  readonly events: Row[];
}

function groupBy(rows: readonly Row[], key: (row: Row) => string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}

const text = (v: unknown) => (v == null ? "" : String(v));

function columnOf(c: Row, flavor: MysqlFlavor, tableCollation: string): ColumnInfo {
  const extra = text(c.extra);
  const generated = /\b(STORED|VIRTUAL|PERSISTENT) GENERATED\b/i.exec(extra);
  const dflt = generated
    ? undefined
    : normaliseDefault({
        columnDefault: c.dflt == null ? null : String(c.dflt),
        dataType: text(c.dataType),
        extra,
        flavor,
      });
  const onUpdate = onUpdateOf(extra);
  return {
    name: text(c.name),
    type: text(c.type),
    nullable: c.nullable === "YES",
    ...(dflt !== undefined && { default: dflt }),
    ...(/\bauto_increment\b/i.test(extra) && { identity: "auto_increment" as const }),
    ...(generated && {
      generated: {
        expression: text(c.generation),
        stored: generated[1]!.toUpperCase() !== "VIRTUAL",
      },
    }),
    ...(text(c.collation) !== "" &&
      c.collation !== tableCollation && { collation: text(c.collation) }),
    ...(onUpdate && { onUpdate }),
    ...(text(c.comment) !== "" && { comment: text(c.comment) }),
  };
}

/** A key part as SHOW CREATE TABLE prints it: `` `label`(10) ``, `` `qty` DESC ``, `(expr)`. */
function keyPart(s: Row): string {
  const base =
    s.COLUMN_NAME == null ? `(${text(s.EXPRESSION)})` : quoteMysqlIdent(text(s.COLUMN_NAME));
  const prefix = s.SUB_PART != null && s.INDEX_TYPE !== "SPATIAL" ? `(${s.SUB_PART})` : "";
  return `${base}${prefix}${s.COLLATION === "D" ? " DESC" : ""}`;
}

/** A unique key on whole columns, in ascending order: a UNIQUE constraint rather than an index. */
function isPlainUnique(parts: readonly Row[]): boolean {
  return parts.every(
    (s) =>
      Number(s.NON_UNIQUE) === 0 &&
      s.COLUMN_NAME != null &&
      s.SUB_PART == null &&
      s.COLLATION !== "D" &&
      (s.INDEX_TYPE === "BTREE" || s.INDEX_TYPE === "HASH"),
  );
}

function keysOf(stats: readonly Row[]) {
  const constraints: ConstraintInfo[] = [];
  const indexes: IndexInfo[] = [];
  for (const [name, parts] of groupBy(stats, (s) => text(s.INDEX_NAME))) {
    const first = parts[0]!.COLUMN_NAME == null ? undefined : text(parts[0]!.COLUMN_NAME);
    const generatedName = isGeneratedIndexName(name, first);
    if (name === "PRIMARY" || isPlainUnique(parts)) {
      constraints.push({
        name,
        ...((name === "PRIMARY" || generatedName) && { generatedName: true }),
        kind: name === "PRIMARY" ? "primary key" : "unique",
        columns: parts.map((s) => text(s.COLUMN_NAME)),
      });
      continue;
    }
    indexes.push({
      name,
      ...(generatedName && { generatedName: true }),
      method: text(parts[0]!.INDEX_TYPE).toLowerCase(),
      unique: Number(parts[0]!.NON_UNIQUE) === 0,
      columns: parts.map(keyPart),
    });
  }
  return { constraints, indexes: sortByName(indexes) };
}

function foreignKeysOf(table: string, rows: readonly Row[]): ConstraintInfo[] {
  return [...groupBy(rows, (r) => text(r.name))].map(([name, cols]) => {
    const r = cols[0]!;
    return {
      name,
      ...(isGeneratedForeignKeyName(table, name) && { generatedName: true }),
      kind: "foreign key" as const,
      columns: cols.map((c) => text(c.col)),
      references: {
        table: text(r.target),
        columns: cols.map((c) => text(c.refCol)),
        onUpdate: text(r.onUpdate),
        onDelete: text(r.onDelete),
        ...(text(r.matchOption) !== "" &&
          r.matchOption !== "NONE" && { match: text(r.matchOption) }),
      },
    };
  });
}

/** Checks by table: MariaDB names each check's table and level; MySQL 8 only names the check. */
function checksByTable(rows: MysqlRows): Map<string, ConstraintInfo[]> {
  const tableOf = new Map(rows.checkTables.map((r) => [text(r.name), text(r.tbl)]));
  const out = new Map<string, ConstraintInfo[]>();
  for (const c of rows.checks) {
    const name = text(c.CONSTRAINT_NAME);
    const table = c.TABLE_NAME != null ? text(c.TABLE_NAME) : (tableOf.get(name) ?? "");
    const column = c.LEVEL === "Column" ? name : undefined;
    const list = out.get(table) ?? [];
    list.push({
      name,
      ...(isGeneratedCheckName(table, name, column) && { generatedName: true }),
      kind: "check",
      columns: column === undefined ? [] : [column],
      expression: `CHECK (${text(c.CHECK_CLAUSE)})`,
    });
    out.set(table, list);
  }
  return out;
}

/** Every base table but the excluded ones, sorted, with its keys, checks and indexes. */
export function tablesOf(rows: MysqlRows, flavor: MysqlFlavor, excluded: Set<string>): TableInfo[] {
  const columns = groupBy(rows.columns, (c) => text(c.tbl));
  const stats = groupBy(rows.statistics, (s) => text(s.TABLE_NAME));
  const fks = groupBy(rows.foreignKeys, (f) => text(f.tbl));
  const checks = checksByTable(rows);
  const tables = rows.tables
    .filter((t) => t.type === "BASE TABLE" && !excluded.has(text(t.name)))
    .map((t): TableInfo => {
      const name = text(t.name);
      const collation = text(t.collation);
      const keys = keysOf(stats.get(name) ?? []);
      return {
        name,
        columns: (columns.get(name) ?? []).map((c) => columnOf(c, flavor, collation)),
        constraints: sortByName([
          ...keys.constraints,
          ...foreignKeysOf(name, fks.get(name) ?? []),
          ...(checks.get(name) ?? []),
        ]),
        indexes: keys.indexes,
        ...(text(t.comment) !== "" && { comment: text(t.comment) }),
        engine: text(t.engine),
        options: {
          charset: charsetOf(collation),
          collation,
          ...(text(t.createOptions) !== "" && { createOptions: text(t.createOptions) }),
        },
      };
    });
  return sortByName(tables);
}
