/**
 * A small tokenizer for the DDL that SQLite keeps in `sqlite_schema.sql`: enough to find the
 * parts the pragmas do not report (CHECK clauses, constraint names, COLLATE, generated
 * expressions, an index's column list and predicate). It respects quotes, comments and
 * parentheses; it is not a parser of SQL.
 */

export interface Token {
  /** The token as written (quotes included). */
  readonly raw: string;
  /** Identifiers unquoted; keywords and other words upper-cased; other tokens as written. */
  readonly value: string;
  readonly kind: "word" | "ident" | "string" | "number" | "punct";
  readonly start: number;
  readonly end: number;
  /** Parenthesis depth the token sits at (an opening parenthesis at its outer depth). */
  readonly depth: number;
}

const CLOSERS: Readonly<Record<string, string>> = { '"': '"', "`": "`", "[": "]", "'": "'" };

function skipSpaceAndComments(sql: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith("--", i)) {
      const nl = sql.indexOf("\n", i);
      i = nl === -1 ? sql.length : nl + 1;
    } else if (sql.startsWith("/*", i)) {
      const close = sql.indexOf("*/", i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else {
      return i;
    }
  }
}

/** The end (exclusive) of a quoted token starting at `from`; a doubled closer is an escaped one. */
function quotedEnd(sql: string, from: number, closer: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === closer) {
      if (closer !== "]" && sql[i + 1] === closer) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

function unquote(raw: string): string {
  const open = raw[0]!;
  const close = CLOSERS[open]!;
  const inner = raw.slice(1, raw.endsWith(close) && raw.length > 1 ? -1 : undefined);
  return close === "]" ? inner : inner.split(close + close).join(close);
}

/** Splits `sql` into tokens, white space and comments left out. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let depth = 0;
  let i = skipSpaceAndComments(sql, 0);
  while (i < sql.length) {
    const c = sql[i]!;
    let end: number;
    let kind: Token["kind"];
    if (c in CLOSERS) {
      end = quotedEnd(sql, i, CLOSERS[c]!);
      kind = c === "'" ? "string" : "ident";
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      end = i + 1;
      while (end < sql.length && /[\w$\u0080-\uffff]/.test(sql[end]!)) end++;
      kind = "word";
    } else if (/[0-9.]/.test(c) && /[0-9]/.test(sql[i + 1] ?? c)) {
      end = i + 1;
      while (end < sql.length && /[\w.]/.test(sql[end]!)) end++;
      kind = "number";
    } else {
      end = i + 1;
      kind = "punct";
    }
    const raw = sql.slice(i, end);
    if (raw === ")") depth--;
    const value = kind === "ident" ? unquote(raw) : kind === "word" ? raw.toUpperCase() : raw;
    out.push({ raw, value, kind, start: i, end, depth });
    if (raw === "(") depth++;
    i = skipSpaceAndComments(sql, end);
  }
  return out;
}

/** The index of the `)` closing the `(` at `open`, or the last token when unclosed. */
export function closingParen(tokens: readonly Token[], open: number): number {
  const depth = tokens[open]!.depth;
  for (let i = open + 1; i < tokens.length; i++) {
    if (tokens[i]!.raw === ")" && tokens[i]!.depth === depth) return i;
  }
  return tokens.length - 1;
}

/** Splits `tokens[from, to)` at the commas at `depth`. */
export function splitAtCommas(
  tokens: readonly Token[],
  from: number,
  to: number,
  depth: number,
): Token[][] {
  const parts: Token[][] = [];
  let current: Token[] = [];
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.raw === "," && t.depth === depth) {
      parts.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/** The source text that `tokens` span, as written. */
export function textOf(sql: string, tokens: readonly Token[]): string {
  if (tokens.length === 0) return "";
  return sql.slice(tokens[0]!.start, tokens[tokens.length - 1]!.end);
}

/** The name of a word or identifier token (unquoted); the raw text of anything else. */
export function nameOf(token: Token | undefined): string {
  if (!token) return "";
  return token.kind === "ident" ? token.value : token.raw;
}
