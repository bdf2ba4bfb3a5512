/**
 * A section's SQL as {@link LintStatement}s: PostgreSQL through its real parser (nodes),
 * MySQL and SQLite through the dialect's own splitter (leading words, strings and comments
 * blanked for keyword searches). Lines and columns are the file's.
 */
import type { Dialect, Statement } from "../dialects/dialect.js";
import { parseStatements } from "../dialects/postgres/pg-parser.js";
import type { LintStatement, LintSyntax, PgNode } from "./types.js";

/** `sql` with quoted strings, quoted identifiers' insides and comments replaced by spaces. */
export function blankLiterals(sql: string, hashComments = false): string {
  return sql.replace(hashComments ? WITH_HASH : LITERALS, (m) =>
    /^["`]/.test(m) ? m : " ".repeat(m.length),
  );
}

const LITERALS = /'(?:[^'\\]|''|\\.)*'|"(?:[^"]|"")*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\//g;
const WITH_HASH = new RegExp(`${LITERALS.source}|#[^\\n]*`, "g");

/** Up to `max` leading words of blanked code, upper case. */
function leadingWords(code: string, max = 8): string[] {
  return (code.match(/[A-Za-z_][A-Za-z0-9_$]*/g) ?? []).slice(0, max).map((w) => w.toUpperCase());
}

/** The statements of `sql`, a section that starts on file line `firstLine`. */
export async function lintStatements(
  sql: string,
  firstLine: number,
  syntax: LintSyntax,
  dialect: Dialect,
): Promise<LintStatement[]> {
  const cut: (Statement & { node?: PgNode })[] =
    syntax === "postgres" ? await parseStatements(sql) : [...(await dialect.splitStatements(sql))];
  return cut.map((s, index) => {
    const lineStart = sql.lastIndexOf("\n", s.offset - 1) + 1;
    const code = blankLiterals(s.sql, syntax === "mysql");
    return {
      index,
      sql: s.sql,
      line: firstLine + s.line - 1,
      column: s.offset - lineStart + 1,
      node: s.node ?? null,
      words: syntax === "postgres" ? [] : leadingWords(code),
      code,
    };
  });
}

/** The file's line on which `statement` starts, as written (for the caret). */
export function sourceLine(sql: string, statement: LintStatement, firstLine: number): string {
  const lines = sql.split("\n");
  return (lines[statement.line - firstLine] ?? statement.sql.split("\n")[0] ?? "").replace(
    /\r$/,
    "",
  );
}
