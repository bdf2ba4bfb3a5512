/**
 * COMMENT ON statements for every commented object of a PostgreSQL snapshot, in snapshot
 * order (schemas, tables and their columns, constraints and indexes, views, routines,
 * triggers, sequences, types). Pure.
 */
import { ident, literal, qualified, routineSignature } from "./pg-names.js";
import type { IndexInfo, SchemaSnapshot } from "./snapshot.js";

function on(what: string, comment: string | undefined): string[] {
  return comment === undefined ? [] : [`COMMENT ON ${what} IS ${literal(comment)};`];
}

function indexComments(indexes: readonly IndexInfo[] | undefined, schema: string | undefined) {
  return (indexes ?? []).flatMap((i) =>
    on(
      `INDEX ${schema === undefined ? ident(i.name) : `${ident(schema)}.${ident(i.name)}`}`,
      i.comment,
    ),
  );
}

const ROUTINE_WORDS = { function: "FUNCTION", procedure: "PROCEDURE", aggregate: "AGGREGATE" };

/** The COMMENT ON statements of `snapshot`. */
export function renderPostgresComments(snapshot: SchemaSnapshot): string[] {
  const relations = new Map(
    [...snapshot.tables, ...snapshot.views].map((r) => [r.name, qualified(r.name, r.schema)]),
  );
  return [
    ...snapshot.schemas.flatMap((s) => on(`SCHEMA ${ident(s.name)}`, s.comment)),
    ...snapshot.tables.flatMap((t) => {
      const name = qualified(t.name, t.schema);
      return [
        ...on(`TABLE ${name}`, t.comment),
        ...t.columns.flatMap((c) => on(`COLUMN ${name}.${ident(c.name)}`, c.comment)),
        ...t.constraints.flatMap((c) => on(`CONSTRAINT ${ident(c.name)} ON ${name}`, c.comment)),
        ...indexComments(t.indexes, t.schema),
      ];
    }),
    ...snapshot.views.flatMap((v) => [
      ...on(
        `${v.materialized ? "MATERIALIZED VIEW" : "VIEW"} ${qualified(v.name, v.schema)}`,
        v.comment,
      ),
      ...indexComments(v.indexes, v.schema),
    ]),
    ...snapshot.routines.flatMap((r) =>
      on(`${ROUTINE_WORDS[r.kind]} ${routineSignature(r.name, r.schema)}`, r.comment),
    ),
    ...snapshot.triggers.flatMap((tr) =>
      on(
        `TRIGGER ${ident(tr.name.slice(tr.table.length + 1))} ON ${relations.get(tr.table) ?? tr.table}`,
        tr.comment,
      ),
    ),
    ...snapshot.sequences.flatMap((s) => on(`SEQUENCE ${qualified(s.name, s.schema)}`, s.comment)),
    ...snapshot.enums.flatMap((e) => on(`TYPE ${qualified(e.name, e.schema)}`, e.comment)),
    ...snapshot.domains.flatMap((d) => on(`DOMAIN ${qualified(d.name, d.schema)}`, d.comment)),
  ];
}
