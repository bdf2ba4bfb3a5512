/**
 * The names PostgreSQL invents for constraints and indexes created without one
 * (`users_pkey`, `users_email_key`, `orders_user_id_fkey`, `items_price_check`,
 * `users_lower_idx`…), rebuilt exactly as the server builds them (makeObjectName in
 * src/backend/commands/indexcmds.c): parts truncated to fit 63 bytes, the longer part first,
 * and a number appended to the label when the name was taken.
 */

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
const MAX_NAME_BYTES = 63;

const utf8 = new TextEncoder();

function bytes(text: string): number {
  return utf8.encode(text).length;
}

/** The longest prefix of `text` that fits in `max` bytes, cut on a character boundary. */
function clip(text: string, max: number): string {
  let out = "";
  for (const ch of text) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** `name1_name2_label`, truncated as PostgreSQL's makeObjectName truncates it. */
export function makeObjectName(name1: string, name2: string | null, label: string): string {
  const overhead = bytes(label) + 1 + (name2 === null ? 0 : 1);
  const avail = MAX_NAME_BYTES - overhead;
  let n1 = bytes(name1);
  let n2 = name2 === null ? 0 : bytes(name2);
  while (n1 + n2 > avail) {
    if (n1 > n2) n1--;
    else n2--;
  }
  const first = clip(name1, n1);
  return name2 === null ? `${first}_${label}` : `${first}_${clip(name2, n2)}_${label}`;
}

/**
 * The column part of an index name (ChooseIndexColumnNames): each column's name, `expr` for an
 * expression (given as null), numbered when repeated, joined by `_` up to the name limit.
 */
export function indexColumnPart(columns: readonly (string | null)[]): string {
  const used: string[] = [];
  for (const column of columns) {
    const base = column ?? "expr";
    let name = base;
    for (let i = 1; used.includes(name); i++) name = makeObjectName(base, null, String(i));
    used.push(name);
  }
  let part = "";
  for (const name of used) {
    if (part !== "") part += "_";
    part += name;
    if (bytes(part) >= MAX_NAME_BYTES) break;
  }
  return part;
}

/** What kind of object the server named, and so which label it used. */
export type GeneratedNameKind = "pkey" | "key" | "fkey" | "check" | "excl" | "idx";

/**
 * True when `name` is the one PostgreSQL would invent for an object of `kind` on `table` over
 * `columns` (null = expression), with or without the number it appends on a clash.
 * A check on exactly one column is named after it; on none or several, after the table only.
 */
export function isPgGeneratedName(
  name: string,
  table: string,
  kind: GeneratedNameKind,
  columns: readonly (string | null)[],
): boolean {
  let name2: string | null;
  if (kind === "pkey") name2 = null;
  else if (kind === "check") name2 = columns.length === 1 ? (columns[0] ?? null) : null;
  else name2 = clip(indexColumnPart(columns), MAX_NAME_BYTES);
  if (name === makeObjectName(table, name2, kind)) return true;
  const m = /^(.*?)(\d+)$/.exec(name);
  if (!m || m[2]!.startsWith("0")) return false;
  return name === makeObjectName(table, name2, `${kind}${m[2]}`);
}
