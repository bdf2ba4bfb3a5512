/**
 * What SQLite's pragmas leave out, read from the CREATE text in `sqlite_schema.sql`: CHECK
 * clauses, constraint names, a column's COLLATE, AUTOINCREMENT, generated expressions and
 * deferrable foreign keys; an index's column list and predicate; a trigger's timing and event.
 * Pure functions over {@link tokenize}.
 */
import {
  closingParen,
  nameOf,
  splitAtCommas,
  type Token,
  textOf,
  tokenize,
} from "./sqlite-tokens.js";

export interface ParsedCheck {
  readonly name?: string;
  /** `CHECK (<expression as written>)`. */
  readonly expression: string;
}

export interface ParsedKey {
  readonly name?: string;
  readonly columns: readonly string[];
}

export interface ParsedForeignKey extends ParsedKey {
  readonly table: string;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
}

export interface ParsedColumn {
  readonly collation?: string;
  readonly generated?: { readonly expression: string; readonly stored: boolean };
  readonly autoincrement: boolean;
}

export interface ParsedTable {
  readonly primaryKey?: ParsedKey;
  readonly uniques: readonly ParsedKey[];
  readonly checks: readonly ParsedCheck[];
  readonly foreignKeys: readonly ParsedForeignKey[];
  readonly columns: ReadonlyMap<string, ParsedColumn>;
}

const TABLE_CONSTRAINT = new Set(["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"]);

function at(tokens: readonly Token[], i: number, ...words: string[]): boolean {
  return words.every((w, k) => tokens[i + k]?.kind === "word" && tokens[i + k]!.value === w);
}

/** Names in a parenthesised column list starting at `open` (each piece's first token). */
function columnList(tokens: readonly Token[], open: number): { names: string[]; next: number } {
  const close = closingParen(tokens, open);
  const names = splitAtCommas(tokens, open + 1, close, tokens[open]!.depth + 1).map((p) =>
    nameOf(p[0]),
  );
  return { names, next: close + 1 };
}

/** `CHECK ( … )` at `i`: the clause as written and the index after it. */
function checkClause(sql: string, tokens: readonly Token[], i: number) {
  const close = closingParen(tokens, i + 1);
  const inner = textOf(sql, tokens.slice(i + 2, close));
  return { expression: `CHECK (${inner})`, next: close + 1 };
}

/** `REFERENCES t [(cols)] …` at `i`: the table, deferrability and the index after the clause. */
function referencesClause(tokens: readonly Token[], i: number) {
  const table = nameOf(tokens[i + 1]);
  let j = i + 2;
  if (tokens[j]?.raw === "(") j = closingParen(tokens, j) + 1;
  let deferrable = false;
  let initiallyDeferred = false;
  const depth = tokens[i]!.depth;
  while (j < tokens.length && tokens[j]!.depth === depth && !startsConstraint(tokens, j)) {
    if (at(tokens, j, "NOT", "DEFERRABLE")) {
      j += 2;
      continue;
    }
    if (at(tokens, j, "DEFERRABLE")) deferrable = true;
    if (at(tokens, j, "INITIALLY", "DEFERRED")) initiallyDeferred = true;
    j++;
  }
  return { table, deferrable, initiallyDeferred, next: j };
}

function startsConstraint(tokens: readonly Token[], j: number): boolean {
  return (
    at(tokens, j, "CONSTRAINT") ||
    at(tokens, j, "PRIMARY") ||
    at(tokens, j, "UNIQUE") ||
    at(tokens, j, "CHECK") ||
    at(tokens, j, "REFERENCES") ||
    at(tokens, j, "COLLATE") ||
    (at(tokens, j, "DEFAULT") && !at(tokens, j - 1, "SET")) ||
    at(tokens, j, "GENERATED") ||
    at(tokens, j, "AS") ||
    at(tokens, j, "NOT", "NULL")
  );
}

interface Collector {
  primaryKey?: ParsedKey;
  uniques: ParsedKey[];
  checks: ParsedCheck[];
  foreignKeys: ParsedForeignKey[];
}

/** One column definition: its own constraints go to `out`, its column facts are returned. */
function parseColumn(sql: string, item: readonly Token[], out: Collector): [string, ParsedColumn] {
  const column = nameOf(item[0]);
  let name: string | undefined;
  let collation: string | undefined;
  let generated: ParsedColumn["generated"];
  let autoincrement = false;
  let i = 1;
  while (i < item.length) {
    if (at(item, i, "CONSTRAINT")) {
      name = nameOf(item[i + 1]);
      i += 2;
      continue;
    }
    if (at(item, i, "PRIMARY", "KEY")) {
      out.primaryKey = { name, columns: [column] };
      i += 2;
      while (i < item.length && !startsConstraint(item, i)) {
        if (at(item, i, "AUTOINCREMENT")) autoincrement = true;
        i++;
      }
    } else if (at(item, i, "UNIQUE")) {
      out.uniques.push({ name, columns: [column] });
      i++;
    } else if (at(item, i, "CHECK")) {
      const c = checkClause(sql, item, i);
      out.checks.push({ name, expression: c.expression });
      i = c.next;
    } else if (at(item, i, "REFERENCES")) {
      const r = referencesClause(item, i);
      out.foreignKeys.push({ name, columns: [column], ...r });
      i = r.next;
    } else if (at(item, i, "COLLATE")) {
      collation = nameOf(item[i + 1]);
      i += 2;
    } else if (at(item, i, "AS") && item[i + 1]?.raw === "(") {
      const close = closingParen(item, i + 1);
      const stored = at(item, close + 1, "STORED");
      generated = { expression: textOf(sql, item.slice(i + 2, close)), stored };
      i = close + 1;
    } else {
      i = item[i]!.raw === "(" ? closingParen(item, i) + 1 : i + 1;
      continue;
    }
    name = undefined;
  }
  return [column, { collation, generated, autoincrement }];
}

/** One table constraint (`[CONSTRAINT n] PRIMARY KEY (…)`, UNIQUE, CHECK, FOREIGN KEY). */
function parseTableConstraint(sql: string, item: readonly Token[], out: Collector): void {
  let i = 0;
  let name: string | undefined;
  if (at(item, 0, "CONSTRAINT")) {
    name = nameOf(item[1]);
    i = 2;
  }
  if (at(item, i, "PRIMARY", "KEY")) {
    out.primaryKey = { name, columns: columnList(item, i + 2).names };
  } else if (at(item, i, "UNIQUE")) {
    out.uniques.push({ name, columns: columnList(item, i + 1).names });
  } else if (at(item, i, "CHECK")) {
    out.checks.push({ name, expression: checkClause(sql, item, i).expression });
  } else if (at(item, i, "FOREIGN", "KEY")) {
    const cols = columnList(item, i + 2);
    const r = referencesClause(item, cols.next);
    out.foreignKeys.push({ name, columns: cols.names, ...r });
  }
}

/** The facts of a `CREATE TABLE … ( … )` that the pragmas do not report. */
export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => t.raw === "(" && t.depth === 0);
  const out: Collector = { uniques: [], checks: [], foreignKeys: [] };
  const columns = new Map<string, ParsedColumn>();
  if (open === -1) return { ...out, columns };
  const close = closingParen(tokens, open);
  for (const item of splitAtCommas(tokens, open + 1, close, 1)) {
    if (item[0]?.kind === "word" && TABLE_CONSTRAINT.has(item[0].value)) {
      parseTableConstraint(sql, item, out);
    } else if (item.length > 0) {
      const [column, facts] = parseColumn(sql, item, out);
      columns.set(column, facts);
    }
  }
  return { ...out, columns };
}

/** An index's key parts as written (`lower(a)`, `b DESC`) and its WHERE predicate. */
export function parseCreateIndex(sql: string): { columns: string[]; where?: string } {
  const tokens = tokenize(sql);
  const on = tokens.findIndex((t) => t.kind === "word" && t.value === "ON" && t.depth === 0);
  const open = tokens.findIndex((t, i) => i > on && t.raw === "(" && t.depth === 0);
  if (on === -1 || open === -1) return { columns: [] };
  const close = closingParen(tokens, open);
  const columns = splitAtCommas(tokens, open + 1, close, 1).map((p) => textOf(sql, p));
  const where = tokens.findIndex((t, i) => i > close && t.kind === "word" && t.value === "WHERE");
  return where === -1 ? { columns } : { columns, where: textOf(sql, tokens.slice(where + 1)) };
}

/** A trigger's timing (`BEFORE`, `AFTER`, `INSTEAD OF`; SQLite's default is BEFORE) and event. */
export function parseCreateTrigger(sql: string): { timing: string; events: string[] } {
  const tokens = tokenize(sql);
  for (let i = 0; i < tokens.length; i++) {
    const v = tokens[i]!.kind === "word" ? tokens[i]!.value : "";
    if (v === "DELETE" || v === "INSERT" || v === "UPDATE") {
      const before = tokens[i - 1]?.kind === "word" ? tokens[i - 1]!.value : "";
      const timing = before === "OF" ? "INSTEAD OF" : before === "AFTER" ? "AFTER" : "BEFORE";
      return { timing, events: [v] };
    }
  }
  return { timing: "", events: [] };
}
