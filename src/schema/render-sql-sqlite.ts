/**
 * A SQLite {@link SchemaSnapshot} as the DDL that recreates it (`tidemark schema`): tables from
 * their columns and constraints, then indexes, views (each after the views it names) and
 * triggers, as SQLite stored their text. Pure.
 */

import { viewsInOrder } from "./render-order.js";
import type {
  ColumnInfo,
  ConstraintInfo,
  IndexInfo,
  SchemaSnapshot,
  TableInfo,
} from "./snapshot.js";

/** A SQLite identifier in double quotes. */
export const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const list = (names: readonly string[]) => names.map(q).join(", ");

/** A default SQLite accepts bare: a number, a string or blob literal, NULL, TRUE/FALSE, CURRENT_*. */
const BARE_DEFAULT =
  /^([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|0x[0-9a-fA-F]+|'([^']|'')*'|[xX]'[0-9a-fA-F]*'|NULL|TRUE|FALSE|CURRENT_(TIME|DATE|TIMESTAMP))$/i;

function columnSql(table: TableInfo, column: ColumnInfo): string {
  const parts = [q(column.name)];
  if (column.type) parts.push(column.type);
  if (column.identity === "auto_increment") {
    const pk = table.constraints.find((c) => c.kind === "primary key");
    if (pk?.generatedName !== true && pk) parts.push(`CONSTRAINT ${q(pk.name)}`);
    parts.push("PRIMARY KEY AUTOINCREMENT");
  }
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default !== undefined) {
    const d = column.default;
    parts.push(`DEFAULT ${BARE_DEFAULT.test(d) ? d : `(${d})`}`);
  }
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.generated) {
    const kind = column.generated.stored ? "STORED" : "VIRTUAL";
    parts.push(`GENERATED ALWAYS AS (${column.generated.expression}) ${kind}`);
  }
  return parts.join(" ");
}

function constraintSql(c: ConstraintInfo): string {
  const name = c.generatedName ? "" : `CONSTRAINT ${q(c.name)} `;
  switch (c.kind) {
    case "primary key":
      return `${name}PRIMARY KEY (${list(c.columns)})`;
    case "unique":
      return `${name}UNIQUE (${list(c.columns)})`;
    case "foreign key": {
      const r = c.references!;
      const target = r.columns.length > 0 ? `${q(r.table)} (${list(r.columns)})` : q(r.table);
      const actions = [
        r.onUpdate !== "NO ACTION" ? ` ON UPDATE ${r.onUpdate}` : "",
        r.onDelete !== "NO ACTION" ? ` ON DELETE ${r.onDelete}` : "",
        r.match ? ` MATCH ${r.match}` : "",
        c.deferrable
          ? ` DEFERRABLE INITIALLY ${c.initiallyDeferred ? "DEFERRED" : "IMMEDIATE"}`
          : "",
      ];
      return `${name}FOREIGN KEY (${list(c.columns)}) REFERENCES ${target}${actions.join("")}`;
    }
    default:
      return `${name}${c.expression ?? ""}`;
  }
}

/** Unnamed checks in the order their generated names number them (`t_check2` before `t_check10`). */
function constraintOrder(a: ConstraintInfo, b: ConstraintInfo): number {
  const n = (c: ConstraintInfo) =>
    c.kind === "check" && c.generatedName ? Number(/(\d+)$/.exec(c.name)?.[1] ?? 0) : 0;
  return n(a) - n(b);
}

/** `CREATE TABLE` with its columns and constraints, as SQLite would store it. */
export function tableSql(table: TableInfo): string {
  const autoPk = table.columns.some((c) => c.identity === "auto_increment");
  const constraints = [...table.constraints]
    .filter((c) => !(autoPk && c.kind === "primary key"))
    .sort(constraintOrder);
  const body = [
    ...table.columns.map((c) => columnSql(table, c)),
    ...constraints.map(constraintSql),
  ];
  const options = [
    table.options?.withoutRowid === "true" ? "WITHOUT ROWID" : "",
    table.options?.strict === "true" ? "STRICT" : "",
  ].filter(Boolean);
  return `CREATE TABLE ${q(table.name)} (\n  ${body.join(",\n  ")}\n)${options.length > 0 ? ` ${options.join(", ")}` : ""};`;
}

/** `CREATE INDEX` as SQLite stored it (or built from its parts). */
export function indexSql(table: TableInfo, index: IndexInfo): string {
  if (index.definition) return `${index.definition};`;
  const where = index.where ? ` WHERE ${index.where}` : "";
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${q(index.name)} ON ${q(table.name)} (${index.columns.join(", ")})${where};`;
}

/** The DDL that recreates `snapshot` on an empty SQLite database, in dependency order. */
export function renderSqliteSchema(snapshot: SchemaSnapshot): string {
  const views = viewsInOrder(snapshot.views);
  const sections = [
    snapshot.tables.map(tableSql),
    snapshot.tables.flatMap((t) => t.indexes.map((i) => indexSql(t, i))),
    views.map((v) => `${v.definition};`),
    snapshot.triggers.map((t) => `${t.definition};`),
  ];
  return sections
    .filter((s) => s.length > 0)
    .map((s) => `${s.join("\n\n")}\n`)
    .join("\n");
}
