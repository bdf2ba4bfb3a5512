/**
 * A MySQL / MariaDB {@link SchemaSnapshot} as the DDL that recreates it (`tidemark schema`):
 * tables with their keys, checks and indexes, then foreign keys (so table order never matters),
 * routines, views (each after the views it names), triggers and events. Routine, trigger and
 * event bodies sit between `DELIMITER ;;` lines, as `mariadb-dump` writes them, so the file runs
 * in the `mysql`/`mariadb` client and through tidemark alike. Every name is written out, also
 * the ones the server invented, so the copy reads back equal. Pure.
 */
import { viewsInOrder } from "./render-order.js";
import type {
  ColumnInfo,
  ConstraintInfo,
  IndexInfo,
  SchemaSnapshot,
  TableInfo,
} from "./snapshot.js";

/** A MySQL identifier in backquotes. */
export const q = (name: string) => `\`${name.replace(/`/g, "``")}\``;
const list = (names: readonly string[]) => names.map(q).join(", ");
const literal = (text: string) => `'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** A MariaDB column CHECK (named after its column) is written in the column, where it was. */
export const isColumnCheck = (c: ConstraintInfo) =>
  c.kind === "check" && c.columns.length === 1 && c.columns[0] === c.name;

/** A column as written in CREATE TABLE / ADD COLUMN / MODIFY COLUMN. */
export function columnSql(table: TableInfo, column: ColumnInfo): string {
  const parts = [q(column.name), column.type];
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.generated) {
    const kind = column.generated.stored ? "STORED" : "VIRTUAL";
    parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${kind}`);
  } else {
    parts.push(column.nullable ? "NULL" : "NOT NULL");
  }
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.onUpdate) parts.push(`ON UPDATE ${column.onUpdate}`);
  if (column.identity === "auto_increment") parts.push("AUTO_INCREMENT");
  if (column.comment) parts.push(`COMMENT ${literal(column.comment)}`);
  const check = table.constraints.find((c) => isColumnCheck(c) && c.name === column.name);
  if (check?.expression) parts.push(check.expression);
  return parts.join(" ");
}

/** A primary key, unique key or table CHECK as written in CREATE TABLE (null: none there). */
export function keySql(c: ConstraintInfo): string | null {
  if (c.kind === "primary key") return `PRIMARY KEY (${list(c.columns)})`;
  if (c.kind === "unique") return `UNIQUE KEY ${q(c.name)} (${list(c.columns)})`;
  if (c.kind === "check" && !isColumnCheck(c)) return `CONSTRAINT ${q(c.name)} ${c.expression}`;
  return null;
}

/** An index as written in CREATE TABLE / ALTER TABLE … ADD. */
export function indexSql(index: IndexInfo): string {
  const kind =
    index.method === "fulltext"
      ? "FULLTEXT KEY"
      : index.method === "spatial"
        ? "SPATIAL KEY"
        : index.unique
          ? "UNIQUE KEY"
          : "KEY";
  const using = index.method === "hash" ? " USING HASH" : "";
  return `${kind} ${q(index.name)} (${index.columns.join(",")})${using}`;
}

function tableOptions(table: TableInfo): string {
  const o = table.options ?? {};
  const parts = [
    table.engine ? `ENGINE=${table.engine}` : "",
    o.charset ? `DEFAULT CHARSET=${o.charset}` : "",
    o.collation ? `COLLATE=${o.collation}` : "",
    o.createOptions && /^(\w+=\S+\s*)+$/.test(o.createOptions) ? o.createOptions : "",
    table.comment ? `COMMENT=${literal(table.comment)}` : "",
  ];
  return parts.filter(Boolean).join(" ");
}

/** `CREATE TABLE` with its columns, keys, checks and indexes (foreign keys apart). */
export function tableSql(table: TableInfo): string {
  const body = [
    ...table.columns.map((c) => columnSql(table, c)),
    ...table.constraints.flatMap((c) => keySql(c) ?? []),
    ...table.indexes.map(indexSql),
  ];
  return `CREATE TABLE ${q(table.name)} (\n  ${body.join(",\n  ")}\n) ${tableOptions(table)};`;
}

/** `ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY …`. */
export function foreignKeySql(table: TableInfo, c: ConstraintInfo): string {
  const r = c.references!;
  const match = r.match ? ` MATCH ${r.match}` : "";
  return `ALTER TABLE ${q(table.name)} ADD CONSTRAINT ${q(c.name)} FOREIGN KEY (${list(c.columns)}) REFERENCES ${q(r.table)} (${list(r.columns)})${match} ON DELETE ${r.onDelete} ON UPDATE ${r.onUpdate};`;
}

/** Statements whose bodies hold `;`, between DELIMITER lines. */
export function delimited(definitions: readonly string[]): string[] {
  if (definitions.length === 0) return [];
  return [`DELIMITER ;;\n${definitions.map((d) => `${d};;`).join("\n")}\nDELIMITER ;`];
}

/** The DDL that recreates `snapshot` in an empty MySQL / MariaDB database, in dependency order. */
export function renderMysqlSchema(snapshot: SchemaSnapshot): string {
  const views = viewsInOrder(snapshot.views);
  const sections = [
    snapshot.tables.map(tableSql),
    snapshot.tables.flatMap((t) =>
      t.constraints.filter((c) => c.kind === "foreign key").map((c) => foreignKeySql(t, c)),
    ),
    delimited(snapshot.routines.map((r) => r.definition ?? "")),
    views.map((v) => `CREATE VIEW ${q(v.name)} AS ${v.definition};`),
    delimited(snapshot.triggers.map((t) => t.definition)),
    delimited(snapshot.events.map((e) => e.definition)),
  ];
  return sections
    .filter((s) => s.length > 0)
    .map((s) => `${s.join("\n\n")}\n`)
    .join("\n");
}
