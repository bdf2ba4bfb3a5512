/**
 * The lexical pieces of MySQL text that the splitter and the parameter binder must step over:
 * quoted text and comments. Pure functions over a string and an index.
 */

/** What starts at an index: a quoted run, a comment, an executable comment, or nothing. */
export type SkipKind = "string" | "comment" | "executable";

/** The end (exclusive) of a quoted run or comment starting at `i`, and its kind. */
export interface Skip {
  readonly end: number;
  readonly kind: SkipKind;
}

/**
 * MySQL only takes `--` as a comment when white space (or a control character, or the end of
 * the text) follows it: `1--1` is arithmetic.
 */
function isDashComment(s: string, i: number): boolean {
  if (s[i] !== "-" || s[i + 1] !== "-") return false;
  const next = s.charCodeAt(i + 2);
  return Number.isNaN(next) || next <= 32;
}

function lineEnd(s: string, i: number): number {
  const nl = s.indexOf("\n", i);
  return nl === -1 ? s.length : nl;
}

/**
 * Quotes: '…' and "…" take backslash escapes (unless NO_BACKSLASH_ESCAPES) and doubled quotes; `…` takes doubled backticks only
 * (a backslash is an ordinary character in an identifier). An unterminated run ends the text.
 */
function quotedEnd(s: string, i: number, quote: string, backslashEscapes: boolean): number {
  const escapes = backslashEscapes && quote !== "`";
  let j = i + 1;
  while (j < s.length) {
    const ch = s[j];
    if (escapes && ch === "\\") {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (s[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

/**
 * A quoted run or comment starting at `i`, or null when ordinary text starts there.
 * `backslashEscapes` is false under the NO_BACKSLASH_ESCAPES sql_mode, where `\` is a plain character.
 */
export function skipAt(s: string, i: number, backslashEscapes = true): Skip | null {
  const ch = s[i];
  if (ch === "'" || ch === '"' || ch === "`") {
    return { end: quotedEnd(s, i, ch, backslashEscapes), kind: "string" };
  }
  if (ch === "#" || isDashComment(s, i)) return { end: lineEnd(s, i), kind: "comment" };
  if (ch === "/" && s[i + 1] === "*") {
    const close = s.indexOf("*/", i + 2);
    const end = close === -1 ? s.length : close + 2;
    // `/*! … */` and MariaDB's `/*M! … */` are run by the server: they are statement text.
    const executable = s[i + 2] === "!" || (s[i + 2] === "M" && s[i + 3] === "!");
    return { end, kind: executable ? "executable" : "comment" };
  }
  return null;
}

/** Index of the first character at or after `from` (before `to`) that is not white space or a plain comment. */
export function skipNoise(s: string, from: number, to = s.length): number {
  let i = from;
  while (i < to) {
    const ch = s.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    const skip = skipAt(s, i);
    if (skip?.kind !== "comment") break;
    i = skip.end;
  }
  return Math.min(i, to);
}

/** Number of `\n` in `s` between `from` and `to`. */
export function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 10) n++;
  return n;
}

/** True for characters that may appear in an unquoted identifier or keyword. */
export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

/** End (exclusive) of the unquoted word starting at `i`. */
export function wordEnd(s: string, i: number): number {
  let j = i;
  while (isWordChar(s[j])) j++;
  return j;
}

/**
 * Replaces each `?` placeholder outside quotes and comments with `render(index)` (0-based).
 * Returns the text and how many placeholders it held.
 */
export function bindPlaceholders(
  sql: string,
  render: (index: number) => string,
): { sql: string; count: number } {
  let out = "";
  let count = 0;
  let from = 0;
  let i = 0;
  while (i < sql.length) {
    const skip = skipAt(sql, i);
    if (skip) {
      i = skip.end;
      continue;
    }
    if (sql[i] === "?") {
      out += sql.slice(from, i) + render(count++);
      from = i + 1;
    }
    i++;
  }
  return { sql: out + sql.slice(from), count };
}

/**
 * The statement as the `mysql` client sends it: the client reads its input line by line and
 * drops the CR of a CRLF line end, except inside a quoted string, where the text is kept as is.
 */
export function clientLineEnds(sql: string, backslashEscapes = true): string {
  if (!sql.includes("\r\n")) return sql;
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const skip = skipAt(sql, i, backslashEscapes);
    const end = skip ? skip.end : i + 1;
    if (skip?.kind === "string") {
      out += sql.slice(i, end);
    } else {
      // A comment ends before its LF, so its CR is its last character.
      out += sql.slice(i, end).replace(/\r(?=\n)/g, "");
      if (sql[end - 1] === "\r" && sql[end] === "\n") out = out.slice(0, -1);
    }
    i = end;
  }
  return out;
}

/** `name` as a backtick-quoted identifier. */
export function quoteMysqlIdent(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}
