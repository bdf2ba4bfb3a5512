/**
 * Small readers of libpg-query's parse tree, for the PostgreSQL rules: which statement a node
 * is, the table it names, the commands of an ALTER TABLE, a column's type, and the objects a
 * statement creates or drops (by name, for "is this table new" and "does the down undo it").
 */
import type { PgNode } from "./types.js";

type Rec = Readonly<Record<string, unknown>>;

/** A created or dropped object, by kind and lower-case name (`table.column` for a column). */
export interface NamedObject {
  readonly kind: "table" | "index" | "view" | "type" | "sequence" | "column" | "schema";
  readonly name: string;
  /** The table an index is on, or a column belongs to. */
  readonly table?: string;
}

/** The statement's type (`AlterTableStmt`) and body. */
export function stmtOf(node: PgNode | null): [string, Rec] {
  // A node has one key, its type: read it without listing the entries (rules ask per statement).
  for (const type in node) return [type, ((node as Rec)[type] ?? {}) as Rec];
  return ["", {}];
}

/** The body of `node` when it is a `type` statement, else null. */
export function stmt(node: PgNode | null, type: string): Rec | null {
  const body = node !== null && Object.hasOwn(node, type) ? (node as Rec)[type] : undefined;
  return body === undefined ? null : ((body ?? {}) as Rec);
}

/** A RangeVar's table name (the parser already folded unquoted names to lower case). */
export function relName(rangeVar: unknown): string {
  return String((rangeVar as Rec | undefined)?.relname ?? "");
}

/** The `AlterTableCmd`s of an ALTER TABLE, with the table they alter. */
export function alterCommands(node: PgNode | null): { table: string; cmds: Rec[] } | null {
  const body = stmt(node, "AlterTableStmt");
  if (body === null || body.objtype !== "OBJECT_TABLE") return null;
  const cmds = (Array.isArray(body.cmds) ? body.cmds : []).map(
    (c) => ((c as Rec).AlterTableCmd ?? {}) as Rec,
  );
  return { table: relName(body.relation), cmds };
}

/** A type as written: its last name part (`varchar`, `int4`, `serial`) and numeric modifiers. */
export interface TypeInfo {
  readonly name: string;
  readonly mods: readonly number[];
  readonly array: boolean;
}

export function typeInfo(typeName: unknown): TypeInfo | null {
  const t = typeName as Rec | undefined;
  if (!t || !Array.isArray(t.names)) return null;
  const names = t.names.map((n) => String(((n as Rec).String as Rec | undefined)?.sval ?? ""));
  const mods = (Array.isArray(t.typmods) ? t.typmods : []).map((m) =>
    Number((((m as Rec).A_Const as Rec | undefined)?.ival as Rec | undefined)?.ival ?? -1),
  );
  return { name: names[names.length - 1] ?? "", mods, array: Array.isArray(t.arrayBounds) };
}

/** The column definitions of a CREATE TABLE or ADD COLUMN, each with its constraints. */
export function columnConstraints(def: Rec): Rec[] {
  return (Array.isArray(def.constraints) ? def.constraints : []).map(
    (c) => ((c as Rec).Constraint ?? {}) as Rec,
  );
}

/** Every value of `root` (depth first) for which `visit` is called with the node and its key. */
export function walk(root: unknown, visit: (node: Rec, key: string) => void, key = ""): void {
  if (Array.isArray(root)) {
    for (const item of root) walk(item, visit, key);
    return;
  }
  if (root === null || typeof root !== "object") return;
  const rec = root as Rec;
  visit(rec, key);
  for (const [k, v] of Object.entries(rec)) walk(v, visit, k);
}

function names(list: unknown): string[] {
  return (Array.isArray(list) ? list : []).map((item) => {
    const parts = (((item as Rec).List as Rec | undefined)?.items ?? [item]) as Rec[];
    const last = parts[parts.length - 1] as Rec | undefined;
    return String(
      (last?.String as Rec | undefined)?.sval ??
        (last?.TypeName ? typeInfo(last.TypeName)?.name : ""),
    );
  });
}

const DROP_KINDS: Readonly<Record<string, NamedObject["kind"]>> = {
  OBJECT_TABLE: "table",
  OBJECT_INDEX: "index",
  OBJECT_VIEW: "view",
  OBJECT_MATVIEW: "view",
  OBJECT_TYPE: "type",
  OBJECT_SEQUENCE: "sequence",
  OBJECT_SCHEMA: "schema",
};

/** The objects a statement creates. */
export function createdBy(node: PgNode | null): NamedObject[] {
  const [type, body] = stmtOf(node);
  switch (type) {
    case "CreateStmt":
      return [{ kind: "table", name: relName(body.relation) }];
    case "CreateTableAsStmt": {
      const kind = body.objtype === "OBJECT_MATVIEW" ? "view" : "table";
      return [{ kind, name: relName((body.into as Rec | undefined)?.rel) }];
    }
    case "IndexStmt":
      return body.idxname
        ? [{ kind: "index", name: String(body.idxname), table: relName(body.relation) }]
        : [];
    case "ViewStmt":
      return [{ kind: "view", name: relName(body.view) }];
    case "CreateEnumStmt":
    case "CompositeTypeStmt":
      return [{ kind: "type", name: names([{ List: { items: body.typeName } }])[0] ?? "" }];
    case "CreateSeqStmt":
      return [{ kind: "sequence", name: relName(body.sequence) }];
    case "CreateSchemaStmt":
      return [{ kind: "schema", name: String(body.schemaname ?? "") }];
    default:
      return addedColumns(node);
  }
}

function addedColumns(node: PgNode | null): NamedObject[] {
  const alter = alterCommands(node);
  if (!alter) return [];
  return alter.cmds
    .filter((c) => c.subtype === "AT_AddColumn")
    .map((c) => ({
      kind: "column" as const,
      name: `${alter.table}.${String(((c.def as Rec).ColumnDef as Rec).colname)}`,
      table: alter.table,
    }));
}

/** The objects a statement drops (a dropped table takes its columns and indexes with it). */
export function droppedBy(node: PgNode | null): NamedObject[] {
  const [type, body] = stmtOf(node);
  if (type === "DropStmt") {
    const kind = DROP_KINDS[String(body.removeType)];
    return kind ? names(body.objects).map((name) => ({ kind, name })) : [];
  }
  const alter = alterCommands(node);
  if (!alter) return [];
  return alter.cmds
    .filter((c) => c.subtype === "AT_DropColumn")
    .map((c) => ({ kind: "column" as const, name: `${alter.table}.${String(c.name)}` }));
}
