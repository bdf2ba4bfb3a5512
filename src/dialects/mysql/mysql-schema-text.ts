/**
 * Pure normalisation of what MySQL and MariaDB print about a schema, so that one schema reads
 * the same on both and on two databases: column defaults in one form, DEFINER clauses and the
 * database qualifier left out, and the names the server invents recognised.
 */

export type MysqlFlavor = "mysql" | "mariadb";

const NUMERIC_TYPES = new Set([
  "tinyint",
  "smallint",
  "mediumint",
  "int",
  "integer",
  "bigint",
  "decimal",
  "numeric",
  "float",
  "double",
  "real",
]);

/** A string as a SQL literal in MariaDB's form (`'it''s'`, backslashes doubled). */
function literal(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** `CURRENT_TIMESTAMP`, `current_timestamp(3)`, `now()` → MariaDB's `current_timestamp()` form. */
function currentTimestamp(text: string): string | null {
  const m = /^(?:current_timestamp|now|localtimestamp|localtime)(?:\((\d*)\))?$/i.exec(text.trim());
  return m ? `current_timestamp(${m[1] ?? ""})` : null;
}

export interface DefaultInput {
  /** information_schema.COLUMNS.COLUMN_DEFAULT, null when SQL NULL. */
  readonly columnDefault: string | null;
  readonly dataType: string;
  readonly extra: string;
  readonly flavor: MysqlFlavor;
}

/**
 * A column default in one form for both servers, or undefined when the column has none (or
 * defaults to NULL). MariaDB prints literals quoted (`'it''s'`) and a missing default as the text
 * `NULL`; MySQL 8 prints literals bare (`it's`), no default as SQL NULL, and marks expressions
 * with `DEFAULT_GENERATED` in EXTRA. The result is MariaDB's form: strings quoted, numbers bare,
 * expressions as printed, `current_timestamp()` for the current time.
 */
export function normaliseDefault(input: DefaultInput): string | undefined {
  const raw = input.columnDefault;
  if (raw === null) return undefined;
  if (input.flavor === "mariadb") {
    if (raw === "NULL") return undefined;
    return currentTimestamp(raw) ?? raw;
  }
  const now = currentTimestamp(raw);
  if (now) return now;
  if (/DEFAULT_GENERATED/i.test(input.extra)) return raw;
  if (NUMERIC_TYPES.has(input.dataType.toLowerCase())) return raw;
  if (/^b'[01]*'$/i.test(raw) || /^0x[0-9a-f]*$/i.test(raw)) return raw;
  return literal(raw);
}

/** `on update CURRENT_TIMESTAMP(3)` in EXTRA → `current_timestamp(3)`; undefined when absent. */
export function onUpdateOf(extra: string): string | undefined {
  const m = /on update (\S+)/i.exec(extra);
  if (!m) return undefined;
  return currentTimestamp(m[1]!) ?? m[1]!;
}

/** `CREATE DEFINER=`u`@`h` TRIGGER …` → `CREATE TRIGGER …` (any definer form, quoted or not). */
export function stripDefiner(sql: string): string {
  const part = "(?:`(?:[^`]|``)*`|'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[^\\s@`'\"]+)";
  return sql.replace(new RegExp(`\\s+DEFINER\\s*=\\s*${part}(?:@${part})?`, "i"), "");
}

/** A view definition with the `` `db`. `` qualifier taken out, so that two databases compare equal. */
export function stripDatabase(sql: string, database: string): string {
  return sql.split(`\`${database.replace(/`/g, "``")}\`.`).join("");
}

/** A name the server invented for a foreign key: `<table>_ibfk_N`. */
export function isGeneratedForeignKeyName(table: string, name: string): boolean {
  return name.startsWith(`${table}_ibfk_`) && /^\d+$/.test(name.slice(table.length + 6));
}

/**
 * A name the server invented for a CHECK: MariaDB's `CONSTRAINT_N` or, for a column's own check,
 * the column's name; MySQL's `<table>_chk_N`.
 */
export function isGeneratedCheckName(table: string, name: string, column?: string): boolean {
  if (column !== undefined && name === column) return true;
  if (/^CONSTRAINT_\d+$/.test(name)) return true;
  return name.startsWith(`${table}_chk_`) && /^\d+$/.test(name.slice(table.length + 5));
}

/** An index or unique key named after its first column (`email`, `email_2`): the server's default. */
export function isGeneratedIndexName(name: string, firstColumn: string | undefined): boolean {
  if (firstColumn === undefined) return false;
  return name === firstColumn || new RegExp(`^${escapeRegExp(firstColumn)}_\\d+$`).test(name);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A table collation's character set (`utf8mb4_general_ci` → `utf8mb4`). */
export function charsetOf(collation: string): string {
  const i = collation.indexOf("_");
  return i === -1 ? collation : collation.slice(0, i);
}
