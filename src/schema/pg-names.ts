/**
 * PostgreSQL names and literals for rendered DDL: identifiers quoted only where PostgreSQL's
 * quote_ident would quote them (so the output reads like pg_dump's), snapshot keys split back
 * into schema and name. Pure.
 */

/** Reserved and type/function-name keywords: quote_ident quotes these (PostgreSQL 15–18). */
const KEYWORDS = new Set(
  `all analyse analyze and any array as asc asymmetric authorization binary both case cast check
  collate collation column concurrently constraint create cross current_catalog current_date
  current_role current_schema current_time current_timestamp current_user default deferrable desc
  distinct do else end except false fetch for foreign freeze from full grant group having ilike in
  initially inner intersect into is isnull join lateral leading left like limit localtime
  localtimestamp natural not notnull null offset on only or order outer overlaps placing primary
  references returning right select session_user similar some symmetric system_user table
  tablesample then to trailing true union unique user using variadic verbose when where window with`
    .split(/\s+/)
    .filter((word) => word !== ""),
);

/** An identifier as SQL: bare when PostgreSQL would print it bare, else in double quotes. */
export function ident(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS.has(name)) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** A string literal. */
export function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** The bare name of an object keyed `schema.name` (or `schema.name(args)` for routines). */
export function bareName(key: string, schema: string | undefined): string {
  const rest =
    schema !== undefined && key.startsWith(`${schema}.`) ? key.slice(schema.length + 1) : key;
  const paren = rest.indexOf("(");
  return paren >= 0 ? rest.slice(0, paren) : rest;
}

/** `schema.name` as SQL for an object keyed `schema.name`. */
export function qualified(key: string, schema: string | undefined): string {
  const name = ident(bareName(key, schema));
  return schema === undefined ? name : `${ident(schema)}.${name}`;
}

/** A routine's signature as SQL (`app.add(integer, integer)`), from its key. */
export function routineSignature(key: string, schema: string | undefined): string {
  const paren = key.indexOf("(");
  return qualified(key, schema) + (paren >= 0 ? key.slice(paren) : "()");
}

/** Splits `schema.table.column` (an owned-by reference) given the table keys that exist. */
export function splitColumnRef(
  ref: string,
  tables: ReadonlyMap<string, { readonly schema?: string }>,
): { table: string; schema: string | undefined; column: string } | null {
  for (let dot = ref.lastIndexOf("."); dot > 0; dot = ref.lastIndexOf(".", dot - 1)) {
    const table = ref.slice(0, dot);
    const found = tables.get(table);
    if (found) return { table, schema: found.schema, column: ref.slice(dot + 1) };
  }
  return null;
}
