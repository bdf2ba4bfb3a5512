/**
 * Parameters inlined as SQL literals, so that a whole batch travels as one simple-query
 * string (one round trip). Every value becomes an untyped quoted literal, exactly what the
 * extended protocol does with a parameter of unspecified type: the server infers the type
 * from context (`version = '5'` compares as text, `execution_ms = '5'` as integer).
 */

/** A value as the drivers expect it: Dates as ISO strings, bigints as text, undefined as null. */
export function toDriverParam(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Quotes `text` as a string literal that means the same under any `standard_conforming_strings`. */
export function quoteLiteral(text: string): string {
  if (text.includes("\0")) {
    // The simple-query protocol ends the query string at a NUL byte: refuse rather than truncate.
    throw new TypeError("A parameter contains a NUL character, which PostgreSQL text cannot hold");
  }
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes("\\") ? `E${quoted.replace(/\\/g, "\\\\")}` : quoted;
}

function arrayText(items: readonly unknown[]): string {
  const elements = items.map((item) => {
    if (item === null || item === undefined) return "NULL";
    if (Array.isArray(item)) return arrayText(item);
    return `"${literalText(item).replace(/[\\"]/g, "\\$&")}"`;
  });
  return `{${elements.join(",")}}`;
}

function literalText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  if (Array.isArray(value)) return arrayText(value);
  if (typeof value === "number" && !Number.isFinite(value)) {
    return Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The SQL literal for one parameter value: NULL or an untyped quoted literal. */
export function pgLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return quoteLiteral(literalText(value));
}

// Quoted strings, quoted identifiers and comments are matched (and kept) so that a `$1`
// inside them is never replaced; `(?<![\w$])` keeps identifiers such as `a$1` intact.
const PLACEHOLDER = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|(?<![\w$])\$(\d+)/g;

/**
 * Replaces `$1`, `$2`, … in a statement tidemark built with the literals of `params`.
 * Meant for tidemark's own statements (tracking rows), not for arbitrary user SQL.
 */
export function inlineParams(sql: string, params: readonly unknown[]): string {
  return sql.replace(PLACEHOLDER, (match, index: string | undefined) => {
    if (index === undefined) return match;
    const i = Number(index) - 1;
    if (i < 0 || i >= params.length) {
      throw new RangeError(`$${index} has no parameter (${params.length} given) in: ${sql}`);
    }
    return pgLiteral(params[i]);
  });
}
