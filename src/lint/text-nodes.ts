/**
 * Statement classification for MySQL/MariaDB and SQLite, where lint has no parser: the objects
 * a statement creates or drops and the parts of an ALTER TABLE, read from its code (strings and
 * comments blanked, see {@link blankLiterals}). Pure.
 */
import type { NamedObject } from "./pg-nodes.js";

const NAME = String.raw`(?:\x60[^\x60]+\x60|"[^"]+"|\[[^\]]+\]|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`(${NAME}(?:\s*\.\s*${NAME})?)`;
const IF_EXISTS = String.raw`(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`;

/** A written name without its quotes and qualifier, lower case. */
export function bareName(written: string): string {
  const last = written.split(/\s*\.\s*(?=[\x60"[A-Za-z_])/).pop() ?? written;
  return last.replace(/^[\x60"[]|[\x60"\]]$/g, "").toLowerCase();
}

const CREATE_TABLE = new RegExp(
  String.raw`^\s*CREATE\s+(?:TEMP(?:ORARY)?\s+)?TABLE\s+${IF_EXISTS}${QUALIFIED}`,
  "i",
);
const CREATE_INDEX = new RegExp(
  String.raw`^\s*CREATE\s+(?:UNIQUE\s+|FULLTEXT\s+|SPATIAL\s+)?INDEX\s+${IF_EXISTS}${QUALIFIED}`,
  "i",
);
const CREATE_VIEW = new RegExp(
  String.raw`^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP(?:ORARY)?\s+)?VIEW\s+${IF_EXISTS}${QUALIFIED}`,
  "i",
);
const DROP = new RegExp(
  String.raw`^\s*DROP\s+(?:TEMPORARY\s+)?(TABLE|INDEX|VIEW)\s+${IF_EXISTS}([\s\S]*)$`,
  "i",
);
const ALTER = new RegExp(
  String.raw`^\s*ALTER\s+(?:ONLINE\s+|IGNORE\s+)*TABLE\s+${IF_EXISTS}${QUALIFIED}\s*([\s\S]*)$`,
  "i",
);

/** An ALTER TABLE: its table and its comma-separated clauses (top level only). */
export function alterTable(code: string): { table: string; clauses: string[] } | null {
  const m = ALTER.exec(code);
  if (!m) return null;
  return { table: bareName(m[1]!), clauses: topLevel(m[2]!) };
}

/** `text` cut at commas outside parentheses. */
function topLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(text.slice(start).trim());
  return out.filter((c) => c !== "");
}

const NOT_A_COLUMN =
  /^(CONSTRAINT|INDEX|KEY|PRIMARY|UNIQUE|FOREIGN|CHECK|FULLTEXT|SPATIAL|PARTITION)\b/i;

/** The column an `ADD [COLUMN] c …` clause adds, with its definition; null for other clauses. */
export function addedColumn(clause: string): { name: string; definition: string } | null {
  const m = new RegExp(
    String.raw`^ADD\s+(?:COLUMN\s+)?${IF_EXISTS}(${NAME})\s*([\s\S]*)$`,
    "i",
  ).exec(clause);
  if (!m || NOT_A_COLUMN.test(m[1]!)) return null;
  return { name: bareName(m[1]!), definition: m[2]! };
}

/** The column a `DROP [COLUMN] c` clause drops; null for other clauses. */
export function droppedColumn(clause: string): string | null {
  const m = new RegExp(
    String.raw`^DROP\s+(?:COLUMN\s+)?${IF_EXISTS}(${NAME})\s*(?:CASCADE|RESTRICT)?$`,
    "i",
  ).exec(clause);
  if (!m || NOT_A_COLUMN.test(m[1]!)) return null;
  return bareName(m[1]!);
}

/** The objects a statement creates. */
export function createdByText(code: string): NamedObject[] {
  const table = CREATE_TABLE.exec(code);
  if (table) return [{ kind: "table", name: bareName(table[1]!) }];
  const index = CREATE_INDEX.exec(code);
  if (index) {
    const on = new RegExp(String.raw`\bON\s+${QUALIFIED}`, "i").exec(code);
    return [{ kind: "index", name: bareName(index[1]!), table: on ? bareName(on[1]!) : undefined }];
  }
  const view = CREATE_VIEW.exec(code);
  if (view) return [{ kind: "view", name: bareName(view[1]!) }];
  const alter = alterTable(code);
  if (!alter) return [];
  return alter.clauses.flatMap((c) => {
    const column = addedColumn(c);
    return column
      ? [{ kind: "column" as const, name: `${alter.table}.${column.name}`, table: alter.table }]
      : [];
  });
}

/** The objects a statement drops. */
export function droppedByText(code: string): NamedObject[] {
  const drop = DROP.exec(code);
  if (drop) {
    const kind = drop[1]!.toLowerCase() as "table" | "index" | "view";
    const list = drop[2]!.replace(/\s+(ON\s+[\s\S]*|CASCADE|RESTRICT)$/i, "");
    return topLevel(list).map((name) => ({ kind, name: bareName(name) }));
  }
  const alter = alterTable(code);
  if (!alter) return [];
  return alter.clauses.flatMap((c) => {
    const column = droppedColumn(c);
    return column ? [{ kind: "column" as const, name: `${alter.table}.${column}` }] : [];
  });
}
