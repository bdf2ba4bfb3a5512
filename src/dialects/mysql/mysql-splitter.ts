import { TidemarkError } from "../../core/errors.js";
import type { Statement } from "../dialect.js";
import { BlockTracker } from "./mysql-blocks.js";
import { countNewlines, wordEnd as lexWordEnd, skipAt, skipNoise } from "./mysql-lexer.js";

/**
 * Cuts a MySQL / MariaDB script into the statements the server runs one at a time.
 *
 * - '…', "…" and `…` quoting; `-- `, `#` and `/* *\/` comments. Executable comments
 *   (`/*! … *\/`, `/*M! … *\/`) are statement text and are kept.
 * - `DELIMITER $$` lines, as in the `mysql` client: recognised at the start of a statement, never
 *   sent to the server. Until `DELIMITER ;`, only the new delimiter ends a statement, and
 *   each statement is sent whole.
 * - Bodies of CREATE PROCEDURE / FUNCTION / TRIGGER / EVENT written without DELIMITER: the `;`
 *   inside BEGIN … END (and IF … END IF, CASE … END CASE, loops) does not end the statement.
 *   `BEGIN;` and `BEGIN WORK` stay transaction statements.
 *
 * Each statement's `sql` excludes its delimiter and leading comments; `offset` and `line` point
 * at its first character. Statements holding only comments are dropped.
 * Throws E_PARSE for a DELIMITER line without a delimiter.
 */
export function splitMysqlStatements(script: string): Statement[] {
  const out: Statement[] = [];
  const lines = lineCounter(script);
  const tracker = new BlockTracker();
  let delimiter = ";";
  let start = 0;
  let i = 0;
  const flush = (end: number, next: number) => {
    const begin = skipNoise(script, start, end);
    const sql = script.slice(begin, end).trimEnd();
    if (sql.length > 0) out.push({ sql, offset: begin, line: lines(begin) });
    start = next;
    tracker.reset();
  };
  while (i < script.length) {
    const skip = skipAt(script, i);
    if (skip) {
      if (skip.kind !== "comment") tracker.token("x");
      i = skip.end;
      continue;
    }
    if (script.startsWith(delimiter, i) && (delimiter !== ";" || !tracker.inBody)) {
      flush(i, i + delimiter.length);
      i = start;
      continue;
    }
    const ch = script[i]!;
    const end = wordEnd(script, i, delimiter);
    if (end > i) {
      const word = script.slice(i, end).toUpperCase();
      if (word === "DELIMITER" && isCommandStart(script, start, i)) {
        const command = delimiterCommand(script, i, end, lines);
        delimiter = command.delimiter;
        start = i = command.next;
        tracker.reset();
        continue;
      }
      if (script[i - 1] === ".") tracker.token("x");
      else tracker.word(word);
      i = end;
    } else if (ch === "@") {
      i = variableEnd(script, i);
      tracker.token("x");
    } else if (ch === ":" && script[i + 1] === "=") {
      tracker.token(":=");
      i += 2;
    } else {
      if (ch.charCodeAt(0) > 32) tracker.token(ch);
      i++;
    }
  }
  flush(script.length, script.length);
  return out;
}

/** The `mysql` client takes DELIMITER as a command only first on its line, before any statement text. */
function isCommandStart(script: string, start: number, i: number): boolean {
  if (skipNoise(script, start, i) !== i) return false;
  const lineStart = script.lastIndexOf("\n", i - 1) + 1;
  return script.slice(lineStart, i).trim() === "";
}

/** Parses `DELIMITER <text>` from the word's end to the end of its line. */
function delimiterCommand(
  script: string,
  wordStart: number,
  wordEnd: number,
  lines: (offset: number) => number,
): { delimiter: string; next: number } {
  const nl = script.indexOf("\n", wordEnd);
  const next = nl === -1 ? script.length : nl + 1;
  const rest = script.slice(wordEnd, nl === -1 ? script.length : nl);
  const delimiter = rest.trim().split(/\s+/)[0] ?? "";
  if (delimiter === "" || !/^\s/.test(rest)) {
    const line = lines(wordStart);
    throw new TidemarkError(
      "E_PARSE",
      `line ${line}: DELIMITER must be followed by a delimiter, such as DELIMITER $$`,
      {
        line,
        hint: "Write `DELIMITER $$` before the routine and `DELIMITER ;` after it.",
      },
    );
  }
  return { delimiter, next };
}

/** End of `@var`, `@@session.var` or `@'quoted'` (user and system variables are never keywords). */
function variableEnd(script: string, i: number): number {
  let j = i + 1;
  if (script[j] === "@") j++;
  const quoted = skipAt(script, j);
  if (quoted?.kind === "string") return quoted.end;
  return Math.max(wordEnd(script, j), j);
}

/** A word ends where a custom delimiter starts: `END$$` is END then `$$`. */
function wordEnd(script: string, i: number, delimiter = ";"): number {
  const end = lexWordEnd(script, i);
  const cut = delimiter === ";" ? -1 : script.indexOf(delimiter, i + 1);
  return cut !== -1 && cut < end ? cut : end;
}

/** Line numbers for increasing offsets, counted once over the script. */
function lineCounter(script: string): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    if (offset < at) {
      at = 0;
      line = 1;
    }
    line += countNewlines(script, at, offset);
    at = offset;
    return line;
  };
}
