import type { Statement } from "../dialect.js";

/**
 * Cuts a SQLite script into statements. Understands '…', "…", `…` and […] quoting,
 * `--` and `/* *\/` comments, and CREATE TRIGGER bodies (`BEGIN … END;`), whose inner
 * semicolons do not end the statement. Statements holding only comments are dropped.
 */
export function splitSqliteStatements(script: string): Statement[] {
  const out: Statement[] = [];
  let start = 0;
  let i = 0;
  let line = 1;
  let startLine = 1;
  let inTrigger = false;
  let words: string[] = [];
  const flush = (end: number) => {
    const raw = script.slice(start, end);
    const lead = leadingNoise(raw);
    const body = raw.slice(lead).trim();
    if (body.length > 0 && !isOnlyComments(body)) {
      const before = raw.slice(0, lead);
      const newlines = before.split("\n").length - 1;
      out.push({ sql: body, offset: start + lead, line: startLine + newlines });
    }
  };
  while (i < script.length) {
    const ch = script[i]!;
    if (ch === "\n") {
      line++;
      i++;
      continue;
    }
    const skipTo = skipQuotedOrComment(script, i);
    if (skipTo > i) {
      line += countNewlines(script, i, skipTo);
      i = skipTo;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < script.length && /[A-Za-z0-9_$]/.test(script[j]!)) j++;
      const word = script.slice(i, j).toUpperCase();
      words.push(word);
      if (words.length <= 4 && word === "TRIGGER" && words[0] === "CREATE") inTrigger = true;
      i = j;
      continue;
    }
    if (ch === ";") {
      const last = words[words.length - 1];
      if (!inTrigger || last === "END") {
        flush(i);
        start = i + 1;
        startLine = line;
        words = [];
        inTrigger = false;
      }
    }
    i++;
  }
  flush(script.length);
  return out;
}

/** Index after a quoted string or comment starting at `i`, or `i` when none starts there. */
function skipQuotedOrComment(s: string, i: number): number {
  const ch = s[i]!;
  if (ch === "-" && s[i + 1] === "-") {
    const nl = s.indexOf("\n", i);
    return nl === -1 ? s.length : nl;
  }
  if (ch === "/" && s[i + 1] === "*") {
    const end = s.indexOf("*/", i + 2);
    return end === -1 ? s.length : end + 2;
  }
  const close = ch === "[" ? "]" : ch === "'" || ch === '"' || ch === "`" ? ch : null;
  if (close === null) return i;
  let j = i + 1;
  while (j < s.length) {
    if (s[j] === close) {
      if (close !== "]" && s[j + 1] === close) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return s.length;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let k = from; k < to; k++) if (s.charCodeAt(k) === 10) n++;
  return n;
}

/** Length of the white space and comments before the first token. */
function leadingNoise(s: string): number {
  let i = 0;
  while (i < s.length) {
    if (/\s/.test(s[i]!)) {
      i++;
      continue;
    }
    if ((s[i] === "-" && s[i + 1] === "-") || (s[i] === "/" && s[i + 1] === "*")) {
      i = skipQuotedOrComment(s, i);
      continue;
    }
    break;
  }
  return i;
}

function isOnlyComments(s: string): boolean {
  return leadingNoise(s) >= s.length;
}
