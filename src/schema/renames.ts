/**
 * Renames of tables and columns: the ones the user accepted (`--rename old:new`),
 * applied to the current snapshot so the rest of the change sees the new names, and the
 * likely ones (one column dropped and one of the same type added), reported, never guessed.
 * Pure.
 */
import { TidemarkError } from "../core/errors.js";
import type { ChangePlan } from "./change-plan.js";
import { replaceName } from "./compare-tables.js";
import { ident, qualified } from "./pg-names.js";
import { type Rename, renamedKey } from "./schema-change.js";
import type { SchemaSnapshot, TableInfo } from "./snapshot.js";

export interface RenamedSnapshot {
  readonly snapshot: SchemaSnapshot;
  /** `ALTER TABLE … RENAME …`, to run before anything else. */
  readonly statements: readonly string[];
  /** Tables renamed or with a renamed column: the views over them are created again. */
  readonly forced: ReadonlySet<string>;
}

/** How an engine writes a rename. */
export interface RenameSql {
  table(t: TableInfo, to: string): string;
  column(t: TableInfo, from: string, to: string): string;
}

const PG_RENAMES: RenameSql = {
  table: (t, to) => `ALTER TABLE ${qualified(t.name, t.schema)} RENAME TO ${ident(to)};`,
  column: (t, from, to) =>
    `ALTER TABLE ${qualified(t.name, t.schema)} RENAME COLUMN ${ident(from)} TO ${ident(to)};`,
};

/** `snapshot` with `renames` applied; an unknown name is refused. */
export function applyRenames(
  snapshot: SchemaSnapshot,
  renames: readonly Rename[],
  sql: RenameSql = PG_RENAMES,
): RenamedSnapshot {
  let s = snapshot;
  const statements: string[] = [];
  const forced = new Set<string>();
  for (const r of renames) {
    const table = s.tables.find((t) => t.name === r.from);
    if (table) {
      const key = renamedKey(r);
      statements.push(sql.table(table, r.to));
      s = renameTable(s, table, key);
      forced.add(key);
      continue;
    }
    const dot = r.from.lastIndexOf(".");
    const owner = s.tables.find((t) => t.name === r.from.slice(0, dot));
    const column = r.from.slice(dot + 1);
    if (dot < 0 || !owner || !owner.columns.some((c) => c.name === column))
      throw new TidemarkError(
        "E_USAGE",
        `--rename ${r.from}:${r.to}: there is no table or column ${r.from} in the current schema`,
        { hint: "Name it as the rename warning does: schema.table or schema.table.column." },
      );
    statements.push(sql.column(owner, column, r.to));
    s = renameColumn(s, owner, column, r.to);
    forced.add(owner.name);
  }
  return { snapshot: s, statements, forced };
}

function renameTable(s: SchemaSnapshot, table: TableInfo, key: string): SchemaSnapshot {
  const text = (t: string) => replaceName(t, table.name, key);
  const moved = (name: string) => (name === table.name ? key : name);
  return {
    ...s,
    tables: s.tables.map((t) => ({
      ...(t === table
        ? {
            ...t,
            name: key,
            indexes: t.indexes.map((i) => ({
              ...i,
              definition: i.definition && text(i.definition),
            })),
          }
        : t),
      constraints: t.constraints.map((c) =>
        c.references
          ? { ...c, references: { ...c.references, table: moved(c.references.table) } }
          : c,
      ),
    })),
    triggers: s.triggers.map((tr) =>
      tr.table === table.name
        ? {
            ...tr,
            table: key,
            name: key + tr.name.slice(table.name.length),
            definition: text(tr.definition),
          }
        : tr,
    ),
    sequences: s.sequences.map((q) =>
      q.ownedBy?.startsWith(`${table.name}.`)
        ? { ...q, ownedBy: key + q.ownedBy.slice(table.name.length) }
        : q,
    ),
  };
}

function renameColumn(
  s: SchemaSnapshot,
  table: TableInfo,
  from: string,
  to: string,
): SchemaSnapshot {
  const text = (t: string | undefined) => (t === undefined ? t : replaceName(t, from, to));
  const list = (names: readonly string[]) => names.map((n) => (n === from ? to : n));
  return {
    ...s,
    tables: s.tables.map((t) => ({
      ...t,
      ...(t === table
        ? {
            columns: t.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
            indexes: t.indexes.map((i) => ({
              ...i,
              columns: i.columns.map((c) => text(c)!),
              where: text(i.where),
              definition: text(i.definition),
            })),
          }
        : {}),
      constraints: t.constraints.map((c) => ({
        ...c,
        ...(t === table
          ? {
              columns: list(c.columns),
              expression: text(c.expression),
              definition: text(c.definition),
            }
          : {}),
        ...(c.references?.table === table.name
          ? { references: { ...c.references, columns: list(c.references.columns) } }
          : {}),
      })),
    })),
    sequences: s.sequences.map((q) =>
      q.ownedBy === `${table.name}.${from}` ? { ...q, ownedBy: `${table.name}.${to}` } : q,
    ),
  };
}

/** A likely rename: written as drop + add, named so the user can accept it. */
export interface RenameCandidate {
  /** Key of the dropped table or column. */
  readonly from: string;
  /** Bare name of the added one. */
  readonly to: string;
  readonly kind: "table" | "column";
}

/** Columns dropped where one of the same type is added, and tables dropped where one of the same columns is added. */
export function renameCandidates(plan: ChangePlan): RenameCandidate[] {
  const columns = plan.tables.flatMap((t) =>
    t.droppedColumns.flatMap((d) =>
      t.addedColumns
        .filter((a) => a.type === d.type && !t.to.columns.some((c) => c.name === d.name))
        .map((a) => ({ from: `${t.from.name}.${d.name}`, to: a.name, kind: "column" as const })),
    ),
  );
  const shape = (t: TableInfo) => t.columns.map((c) => `${c.name} ${c.type}`).join(",");
  const tables = plan.droppedTables.flatMap((d) =>
    plan.addedTables
      .filter((a) => shape(a) === shape(d) && a.schema === d.schema)
      .map((a) => ({
        from: d.name,
        to: a.name.slice(a.name.lastIndexOf(".") + 1),
        kind: "table" as const,
      })),
  );
  return [...columns, ...tables];
}

/**
 * The notes of a DROP of `key`: a warning that its data goes, and the rename it may be; each
 * also recorded in `warnings`.
 */
export function dropWarner(
  candidates: readonly RenameCandidate[],
  warnings: string[],
): (key: string, what: string) => readonly string[] {
  return (key, what) => {
    const notes = [`warning: drops ${what} and the data in it`];
    for (const c of candidates.filter((c) => c.from === key)) {
      const line = `${key} may have been renamed to ${c.to}: written as drop + add, which loses its data; to rename it instead, pass --rename ${c.from}:${c.to}`;
      notes.push(`warning: ${line}`);
      warnings.push(line);
    }
    if (notes.length === 1) warnings.push(`drops ${what}`);
    return notes;
  };
}
