/**
 * COMMENT ON statements of a PostgreSQL change: a comment that is new or different, one on an
 * object created again (its comment went with it), and `IS NULL` for one removed from an
 * object that stays. Pure.
 */
import type { ChangePlan } from "./change-plan.js";
import { renderPostgresComments } from "./render-sql-postgres-comments.js";
import type { ChangeStatement } from "./schema-change.js";
import type { SchemaSnapshot } from "./snapshot.js";

/** `COMMENT ON <target> IS '<text>';` by target. */
function commentLines(snapshot: SchemaSnapshot): Map<string, string> {
  const lines = new Map<string, string>();
  for (const line of renderPostgresComments(snapshot)) {
    const m = /^COMMENT ON (.+?) IS '(?:[^']|'')*';$/s.exec(line);
    if (m) lines.set(m[1]!, line);
  }
  return lines;
}

/** Every object of `s` with a comment, so that its comment target can be named. */
function withAllComments(s: SchemaSnapshot): SchemaSnapshot {
  const c = <T extends object>(x: T): T => ({ ...x, comment: "" });
  return {
    ...s,
    schemas: s.schemas.map(c),
    tables: s.tables.map((t) => ({
      ...c(t),
      columns: t.columns.map(c),
      constraints: t.constraints.map(c),
      indexes: t.indexes.map(c),
    })),
    views: s.views.map((v) => ({ ...c(v), indexes: v.indexes?.map(c) })),
    routines: s.routines.map(c),
    triggers: s.triggers.map(c),
    sequences: s.sequences.map(c),
    enums: s.enums.map(c),
    domains: s.domains.map(c),
  };
}

/** What of `plan.from` is still there when the drops have run, comments and all. */
function keptSnapshot(plan: ChangePlan): SchemaSnapshot {
  const from = plan.from;
  const changes = new Map(plan.tables.map((t) => [t.from.name, t]));
  const not =
    <T>(dropped: readonly T[]) =>
    (x: T) =>
      !dropped.includes(x);
  const dropViewNames = new Set(plan.dropViews.map((v) => v.name));
  const droppedTables = new Set(plan.droppedTables.map((t) => t.name));
  const viewIndexes = new Set(plan.viewIndexes.dropped.map(([, i]) => i));
  return {
    ...from,
    schemas: from.schemas.filter(not(plan.schemas.dropped)),
    tables: from.tables.flatMap((t) => {
      const change = changes.get(t.name);
      if (!change) return [];
      return [
        {
          ...t,
          columns: t.columns.filter(not(change.droppedColumns)),
          constraints: t.constraints.filter(not(change.droppedConstraints)),
          indexes: t.indexes.filter(not(change.droppedIndexes)),
        },
      ];
    }),
    views: from.views
      .filter((v) => !dropViewNames.has(v.name))
      .map((v) => ({ ...v, indexes: v.indexes?.filter((i) => !viewIndexes.has(i)) })),
    routines: from.routines.filter(not(plan.dropRoutines)),
    triggers: from.triggers
      .filter(not(plan.dropTriggers))
      .filter((tr) => !dropViewNames.has(tr.table) && !droppedTables.has(tr.table)),
    sequences: from.sequences.filter(not(plan.sequences.dropped)),
    enums: from.enums
      .filter(not(plan.enums.dropped))
      .filter((e) => !plan.recreatedEnums.some(([x]) => x === e)),
    domains: from.domains.filter(not(plan.domains.dropped)),
  };
}

/** The comment statements that bring what is kept and created to `plan.to`'s comments. */
export function commentChanges(plan: ChangePlan): ChangeStatement[] {
  const kept = commentLines(keptSnapshot(plan));
  const wanted = commentLines(plan.to);
  const targets = commentLines(withAllComments(plan.to));
  const out: ChangeStatement[] = [];
  for (const [target, line] of wanted) if (kept.get(target) !== line) out.push({ sql: line });
  for (const target of kept.keys())
    if (!wanted.has(target) && targets.has(target))
      out.push({ sql: `COMMENT ON ${target} IS NULL;` });
  return out;
}
