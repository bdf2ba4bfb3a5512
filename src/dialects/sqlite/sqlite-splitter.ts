import { TidemarkError } from "../../core/errors.js";
import type { Statement } from "../dialect.js";

/**
 * Cuts a SQLite script into statements exactly where the `sqlite3` shell does: a statement ends
 * at a `;` that `sqlite3_complete()` accepts. That function's state machine is copied here
 * (src/complete.c): inside `CREATE [TEMP] TRIGGER` only `; END ;` ends the statement, so
 * `CASE … END;` in a trigger body does not.
 *
 * Each statement is sent as written: from its first token up to its `;` (white space and
 * comments before the `;` included, the `;` itself left out like every dialect's delimiter), as
 * the shell hands it to `sqlite3_prepare()`. Statements
 * holding only white space and comments are dropped. A shell dot-command (`.read f.sql`) at the
 * start of a statement is refused with E_PARSE: it is not SQL.
 */
export function splitSqliteStatements(script: string): Statement[] {
  const out: Statement[] = [];
  let state: State = State.Start;
  let first = -1;
  let line = 1;
  let firstLine = 1;
  let i = 0;
  while (i < script.length) {
    const { token, end } = nextToken(script, i);
    if (token !== Token.Ws && first === -1) {
      if (script[i] === "." && atLineStart(script, i)) refuseDotCommand(script, i, line);
      first = i;
      firstLine = line;
    }
    line += countNewlines(script, i, end);
    state = TRANSITIONS[state]![token]!;
    if (state === State.Start && token === Token.Semi) {
      if (first !== -1 && first < i) {
        out.push({ sql: script.slice(first, i), offset: first, line: firstLine });
      }
      first = -1;
    }
    i = end;
  }
  if (first !== -1) {
    out.push({ sql: script.slice(first).trimEnd(), offset: first, line: firstLine });
  }
  return out;
}

const State = {
  Invalid: 0,
  Start: 1,
  Normal: 2,
  Explain: 3,
  Create: 4,
  Trigger: 5,
  Semi: 6,
  End: 7,
} as const;
type State = (typeof State)[keyof typeof State];

const Token = {
  Semi: 0,
  Ws: 1,
  Other: 2,
  Explain: 3,
  Create: 4,
  Temp: 5,
  Trigger: 6,
  End: 7,
} as const;
type Token = (typeof Token)[keyof typeof Token];

/** `sqlite3_complete()`'s table: TRANSITIONS[state][token] → next state. */
const TRANSITIONS: readonly (readonly State[])[] = [
  /* Invalid */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* Start   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* Normal  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* Explain */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* Create  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* Trigger */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* Semi    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* End     */ [1, 7, 5, 5, 5, 5, 5, 5],
];

const KEYWORDS: Readonly<Record<string, Token>> = {
  CREATE: Token.Create,
  TRIGGER: Token.Trigger,
  TEMP: Token.Temp,
  TEMPORARY: Token.Temp,
  END: Token.End,
  EXPLAIN: Token.Explain,
};

/** The token at `i` as `sqlite3_complete()` classifies it, and where it ends. */
function nextToken(s: string, i: number): { token: Token; end: number } {
  const ch = s[i]!;
  if (ch === ";") return { token: Token.Semi, end: i + 1 };
  if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r" || ch === "\f") {
    return { token: Token.Ws, end: i + 1 };
  }
  if (ch === "/" && s[i + 1] === "*") {
    const close = s.indexOf("*/", i + 2);
    return { token: Token.Ws, end: close === -1 ? s.length : close + 2 };
  }
  if (ch === "-" && s[i + 1] === "-") {
    const nl = s.indexOf("\n", i);
    return { token: Token.Ws, end: nl === -1 ? s.length : nl };
  }
  if (ch === "[" || ch === "`" || ch === '"' || ch === "'") {
    const close = s.indexOf(ch === "[" ? "]" : ch, i + 1);
    // A doubled quote is two quoted runs back to back: both OTHER, as in sqlite3_complete().
    return { token: Token.Other, end: close === -1 ? s.length : close + 1 };
  }
  if (isIdChar(ch)) {
    let j = i + 1;
    while (j < s.length && isIdChar(s[j]!)) j++;
    const keyword = KEYWORDS[s.slice(i, j).toUpperCase()];
    return { token: keyword ?? Token.Other, end: j };
  }
  return { token: Token.Other, end: i + 1 };
}

function isIdChar(ch: string): boolean {
  return /[A-Za-z0-9_$]/.test(ch) || ch.charCodeAt(0) >= 0x80;
}

function atLineStart(s: string, i: number): boolean {
  return s.slice(s.lastIndexOf("\n", i - 1) + 1, i).trim() === "";
}

function refuseDotCommand(s: string, i: number, line: number): never {
  const nl = s.indexOf("\n", i);
  const command = s.slice(i, nl === -1 ? s.length : nl).trim();
  throw new TidemarkError(
    "E_PARSE",
    `line ${line}: \`${command}\` is a command of the sqlite3 shell, not SQL; tidemark sends SQL only`,
    { line, hint: "Remove the line, or put the SQL it stands for in the migration." },
  );
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 10) n++;
  return n;
}
