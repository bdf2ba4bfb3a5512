import { TidemarkError } from "../../core/errors.js";
import type { Statement } from "../dialect.js";
import { BlockTracker } from "./mysql-blocks.js";
import { countNewlines, wordEnd as lexWordEnd, skipAt, skipNoise } from "./mysql-lexer.js";

/** A statement of a MySQL script, and whether backslashes escape in its strings. */
export interface MysqlStatement extends Statement {
  /** True after the script set the NO_BACKSLASH_ESCAPES sql_mode (as the client tracks it). */
  readonly noBackslashEscapes?: true;
}

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
 * Throws E_PARSE for a DELIMITER line without a delimiter and for the client's other commands
 * (`use db` without a delimiter, `source f.sql`, `\d //`, `\g`): they are not SQL.
 */
export function splitMysqlStatements(script: string): MysqlStatement[] {
  const out: MysqlStatement[] = [];
  const lines = lineCounter(script);
  const tracker = new BlockTracker();
  let delimiter = ";";
  let escapes = true;
  let start = 0;
  let i = 0;
  const flush = (end: number, next: number) => {
    const begin = skipNoise(script, start, end);
    const sql = script.slice(begin, end).trimEnd();
    if (sql.length > 0) {
      out.push({
        sql,
        offset: begin,
        line: lines(begin),
        ...(escapes ? {} : { noBackslashEscapes: true as const }),
      });
      escapes = backslashEscapesAfter(sql, escapes);
    }
    start = next;
    tracker.reset();
  };
  while (i < script.length) {
    const skip = skipAt(script, i, escapes);
    if (skip?.kind !== "comment" && skip !== null) {
      tracker.token("x");
      i = skip.end;
      continue;
    }
    // A line at the start of a statement may be a client command (DELIMITER), even when it
    // starts with the delimiter itself (`delimiter delimiter` … `delimiter ;`).
    if (isCommandStart(script, start, i)) {
      const command = clientCommand(script, i, delimiter, lines);
      if (command) {
        delimiter = command.delimiter;
        start = i = command.next;
        tracker.reset();
        continue;
      }
    }
    // The client looks for the delimiter before it looks for a comment: with `DELIMITER #`,
    // `#` ends the statement.
    if (script.startsWith(delimiter, i) && (delimiter !== ";" || !tracker.inBody)) {
      flush(i, i + delimiter.length);
      i = start;
      continue;
    }
    if (skip) {
      i = skip.end;
      continue;
    }
    const ch = script[i]!;
    if (ch === "\\") {
      if (script[i + 1] !== "N") refuseBackslashCommand(script, i, lines);
      i += 2;
      tracker.token("x");
      continue;
    }
    const end = wordEnd(script, i, delimiter);
    if (end > i) {
      if (script[i - 1] === ".") tracker.token("x");
      else tracker.word(script.slice(i, end).toUpperCase());
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

/**
 * Whether backslashes escape after `sql` ran, as far as its text tells: the client follows the
 * server's NO_BACKSLASH_ESCAPES flag, which a `SET sql_mode = …` turns on or off. A value that
 * names the mode turns escapes off (on again inside REPLACE(…)); a literal value without it turns
 * them on; a value built from @@sql_mode or a variable keeps them as they were.
 */
function backslashEscapesAfter(sql: string, escapes: boolean): boolean {
  const text = sql.replace(/^\/\*!\d*\s*/, "");
  if (!/^SET\b/i.test(text)) return escapes;
  const assignment = /\bsql_mode\s*:?=\s*([\s\S]*)$/i.exec(text);
  if (!assignment) return escapes;
  const value = assignment[1]!;
  if (/NO_BACKSLASH_ESCAPES/i.test(value)) return /\bREPLACE\s*\(/i.test(value);
  if (/@@/.test(value)) return escapes;
  return /^['"]/.test(value) ? true : escapes;
}

/** The `mysql` client takes DELIMITER as a command only first on its line, before any statement text. */
function isCommandStart(script: string, start: number, i: number): boolean {
  if (skipNoise(script, start, i) !== i) return false;
  const lineStart = script.lastIndexOf("\n", i - 1) + 1;
  return script.slice(lineStart, i).trim() === "";
}

/**
 * The `mysql` client's own commands (its `commands[]` table): name → whether it takes an argument.
 * At the start of a statement, a line whose first word is one of these is run by the client,
 * never sent to the server.
 */
const CLIENT_COMMANDS: ReadonlyMap<string, boolean> = new Map([
  ["?", true],
  ["clear", false],
  ["connect", true],
  ["delimiter", true],
  ["edit", false],
  ["ego", false],
  ["exit", false],
  ["go", false],
  ["help", true],
  ["nopager", false],
  ["notee", false],
  ["pager", true],
  ["print", false],
  ["prompt", true],
  ["quit", false],
  ["rehash", false],
  ["source", true],
  ["status", false],
  ["system", true],
  ["tee", true],
  ["use", true],
  ["charset", true],
  ["warnings", false],
  ["nowarning", false],
]);

/** What to write instead of a client command that tidemark does not run. */
const INSTEAD: Readonly<Record<string, string>> = {
  use: "Name the database in the URL; a migration runs in the database it connects to.",
  connect: "Name the database in the URL; a migration runs in the database it connects to.",
  source: "Put the statements of that file in the migration itself.",
  go: "End the statement with the delimiter (`;`) instead.",
  ego: "End the statement with the delimiter (`;`) instead.",
};

/**
 * The client command on the line starting at `i` (the start of a statement), as the client's
 * `find_command()` reads it: the first word, any case, a known command; a line that holds the
 * current delimiter is SQL unless it is a DELIMITER command; arguments only where the command
 * takes them. Returns the new delimiter and where the next line starts, null when the line is
 * SQL, and throws E_PARSE for every other client command (tidemark runs SQL only).
 */
function clientCommand(
  script: string,
  i: number,
  delimiter: string,
  lines: (offset: number) => number,
): { delimiter: string; next: number } | null {
  const nl = script.indexOf("\n", i);
  const next = nl === -1 ? script.length : nl + 1;
  const line = script.slice(i, nl === -1 ? script.length : nl);
  const isDelimiterCommand = line.slice(0, 9).toLowerCase() === "delimiter";
  if (line.includes("\\g") || (line.includes(delimiter) && !isDelimiterCommand)) return null;
  const wordLength = line.search(/[ \t]/);
  const name = (wordLength === -1 ? line : line.slice(0, wordLength)).toLowerCase();
  const hasArgument = wordLength !== -1 && line.slice(wordLength).trim() !== "";
  const takesArgument = CLIENT_COMMANDS.get(name);
  if (takesArgument === undefined || (hasArgument && !takesArgument)) return null;
  if (name === "delimiter") return { delimiter: delimiterArgument(line, lines(i)), next };
  throw new TidemarkError(
    "E_PARSE",
    `line ${lines(i)}: \`${line.trim()}\` is a command of the mysql client, not SQL; tidemark sends SQL only`,
    { line: lines(i), hint: INSTEAD[name] ?? "Remove the line." },
  );
}

/**
 * The argument of a DELIMITER line, as the client's `get_arg()` reads it: after the command
 * word and white space, either a quoted string ('…', "…" or `…`, quotes stripped) or the text up
 * to the next space (a tab or a carriage return before it belongs to the delimiter, as in the
 * client). Throws E_PARSE when there is none, or when it holds a backslash (the client refuses both).
 */
function delimiterArgument(line: string, lineNumber: number): string {
  const rest = line.replace(/^\S*\s*/, "");
  const quote = rest[0] === "'" || rest[0] === '"' || rest[0] === "`" ? rest[0] : undefined;
  let value: string;
  if (quote) {
    const close = rest.indexOf(quote, 1);
    value = rest.slice(1, close === -1 ? rest.length : close);
  } else {
    const space = rest.indexOf(" ");
    value = space === -1 ? rest : rest.slice(0, space);
  }
  if (value === "" || value.includes("\\")) {
    throw new TidemarkError(
      "E_PARSE",
      value === ""
        ? `line ${lineNumber}: DELIMITER must be followed by a delimiter, such as DELIMITER $$`
        : `line ${lineNumber}: a delimiter cannot contain a backslash`,
      {
        line: lineNumber,
        hint: "Write `DELIMITER $$` before the routine and `DELIMITER ;` after it.",
      },
    );
  }
  return value;
}

/** A backslash command (`\d //`, `\g`, `\.` file …) outside quotes: the client runs it, tidemark refuses it. */
function refuseBackslashCommand(
  script: string,
  i: number,
  lines: (offset: number) => number,
): never {
  const line = lines(i);
  const command = script.slice(i, i + 2);
  throw new TidemarkError(
    "E_PARSE",
    `line ${line}: \`${command}\` is a command of the mysql client, not SQL; tidemark sends SQL only`,
    {
      line,
      hint:
        command === "\\d"
          ? "Write the delimiter command as `DELIMITER $$` on a line of its own."
          : "End each statement with the delimiter (`;`) and remove client commands.",
    },
  );
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
