/** The PostgreSQL/PGlite introspector on a schema holding every object kind, and its SQL rendering. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderSchemaSql, type SchemaSnapshot } from "../../src/index.js";
import { engineSkip, freshDatabase } from "../helpers/databases.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";
import {
  comparable,
  introspectUrl,
  pgDumpNames,
  schemaFixture,
  snapshotNames,
} from "../helpers/pg-schema.js";

const EVERY_KIND = schemaFixture("pg-every-kind.sql");
const EXTENSIONS = schemaFixture("pg-extensions.sql");

function migration(sql: string): Record<string, string> {
  return { "001_every_kind.sql": `-- migrate:up\n${sql}\n-- migrate:down\nSELECT 1;\n` };
}

function table(s: SchemaSnapshot, name: string) {
  const t = s.tables.find((x) => x.name === name);
  assert.ok(t, `table ${name} in the snapshot`);
  return t;
}

/** Every kind of the fixture, as the snapshot must hold it. */
function assertEveryKind(s: SchemaSnapshot): void {
  assert.equal(s.engine, "postgres");
  assert.deepEqual(
    s.schemas.find((x) => x.name === "app"),
    { name: "app", comment: "the application" },
  );
  const guests = table(s, "app.guests");
  const col = (name: string) => guests.columns.find((c) => c.name === name);
  assert.deepEqual(
    guests.columns.map((c) => c.name),
    ["id", "email", "name", "mood", "visits", "name_upper", "ticket", "updated_at"],
  );
  assert.deepEqual(col("id"), { name: "id", type: "integer", nullable: false, identity: "always" });
  assert.deepEqual(col("name"), {
    name: "name",
    type: "text",
    nullable: false,
    collation: '"C"',
    comment: "full name",
  });
  assert.equal(col("mood")?.default, "'ok'::app.mood");
  assert.deepEqual(col("name_upper")?.generated, { expression: "upper(name)", stored: true });
  assert.equal(guests.comment, "people who stay");
  const constraints = Object.fromEntries(guests.constraints.map((c) => [c.name, c]));
  assert.equal(constraints.guests_pkey?.kind, "primary key");
  assert.equal(constraints.guests_pkey?.generatedName, true);
  assert.deepEqual(constraints.guests_email_key?.columns, ["email"]);
  assert.equal(constraints.guests_visits_check?.expression, "CHECK ((visits >= 0))");
  const rooms = table(s, "app.rooms");
  const range = rooms.constraints.find((c) => c.name === "floor_range");
  assert.equal(range?.notValid, true);
  assert.equal(range?.generatedName, undefined, "a name the user chose is not marked generated");
  assert.equal(range?.comment, "hotel height");
  const bookings = table(s, "public.bookings");
  const fk = bookings.constraints.find((c) => c.name === "booking_room");
  assert.deepEqual(fk?.references, {
    table: "app.rooms",
    columns: ["code"],
    onUpdate: "SET NULL",
    onDelete: "NO ACTION",
    match: "FULL",
  });
  assert.equal(fk?.deferrable, true);
  assert.equal(fk?.initiallyDeferred, true);
  assert.equal(
    bookings.constraints.find((c) => c.name === "bookings_guest_id_fkey")?.references?.onDelete,
    "CASCADE",
  );
  assert.equal(
    bookings.constraints.find((c) => c.kind === "exclude")?.name,
    "bookings_during_excl",
  );
  const indexes = Object.fromEntries(guests.indexes.map((i) => [i.name, i]));
  assert.deepEqual(Object.keys(indexes), [
    "guests_active_name",
    "guests_lower_idx",
    "guests_to_tsvector_idx",
  ]);
  assert.deepEqual(indexes.guests_active_name?.columns, ["name DESC NULLS LAST", "id"]);
  assert.equal(indexes.guests_active_name?.where, "(visits > 0)");
  assert.equal(indexes.guests_active_name?.unique, true);
  assert.equal(indexes.guests_lower_idx?.generatedName, true);
  assert.equal(indexes.guests_to_tsvector_idx?.method, "gin");
  assert.equal(bookings.indexes[0]?.method, "hash");
  assert.deepEqual(
    s.views.map((v) => [v.name, v.materialized]),
    [
      ["app.a_busy", false],
      ["app.room_stats", true],
      ["app.z_names", false],
    ],
  );
  assert.match(s.views[0]!.definition, /app\.z_names/);
  assert.deepEqual(
    s.views[1]!.indexes?.map((i) => i.name),
    ["room_stats_code"],
  );
  assert.deepEqual(
    s.routines.map((r) => [r.name, r.kind]),
    [
      ["app.add(integer, integer)", "function"],
      ["app.reset_visits()", "procedure"],
      ["app.sum_step(integer, integer)", "function"],
      ["app.total(integer)", "aggregate"],
      ["app.touch()", "function"],
    ],
  );
  const add = s.routines[0]!;
  assert.equal(add.arguments, "a integer, b integer DEFAULT 1");
  assert.equal(add.returns, "integer");
  assert.equal(add.body, "SELECT a + b");
  assert.equal(add.comment, "adds");
  assert.deepEqual(
    s.triggers.map((t) => [t.name, t.timing, t.events, t.enabled]),
    [
      ["app.guests.guests_gone", "AFTER", ["DELETE"], false],
      ["app.guests.guests_touch", "BEFORE", ["INSERT", "UPDATE"], true],
    ],
  );
  assert.deepEqual(
    s.sequences.map((q) => [q.name, q.ownedBy]),
    [
      ["app.guests_id_seq", "app.guests.id"],
      ["app.ticket_seq", "app.guests.ticket"],
      ["public.bookings_id_seq", "public.bookings.id"],
      ["public.invoice_no", undefined],
    ],
  );
  const ticket = s.sequences[1]!;
  assert.deepEqual(
    [ticket.start, ticket.increment, ticket.min, ticket.max, ticket.cycle, ticket.cache],
    ["100", "5", "10", "100000", true, "2"],
  );
  assert.deepEqual(s.enums, [
    {
      name: "app.mood",
      schema: "app",
      values: ["sad", "ok", "happy"],
      comment: "how a guest feels",
    },
  ]);
  assert.deepEqual(s.domains, [
    {
      name: "app.email",
      schema: "app",
      type: "text",
      nullable: false,
      default: "'x@example.com'::text",
      checks: ["CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text))"],
      comment: "an address",
    },
  ]);
}

/** Applies the rendered SQL of `s` to a fresh database of `engine` and reads it back. */
async function roundTrip(
  engine: "postgres" | "pglite",
  s: SchemaSnapshot,
): Promise<SchemaSnapshot> {
  const db = await freshDatabase(engine);
  try {
    return await introspectUrl(db.url, renderSchemaSql(s));
  } finally {
    await db.drop();
  }
}

for (const engine of ["postgres", "pglite"] as const) {
  describe(`${engine} introspection`, async () => {
    const skip = await engineSkip(engine);
    const fixture = engine === "postgres" ? `${EVERY_KIND}\n${EXTENSIONS}` : EVERY_KIND;

    test(
      "reads every object kind, leaves out tracking tables, and its SQL recreates it exactly",
      { skip },
      () =>
        withMigratorSetup(engine, migration(fixture), async (setup) => {
          const migrator = await setup.migrator();
          await migrator.up();
          const snapshot = await migrator.schema();
          assertEveryKind(snapshot);
          const tracking = [
            ...snapshot.tables.map((t) => t.name),
            ...snapshot.sequences.map((q) => q.name),
          ];
          assert.deepEqual(
            tracking.filter((n) => n.includes("tidemark")),
            [],
          );
          assert.equal(
            (await setup.query("SELECT count(*)::int AS n FROM tidemark_migrations"))[0]?.n,
            1,
          );
          assert.deepEqual(comparable(await roundTrip(engine, snapshot)), comparable(snapshot));
        }),
    );
  });
}

describe("postgres introspection against pg_dump", async () => {
  const skip = await engineSkip("postgres");

  test("extension objects are left out; the names match pg_dump --schema-only's", { skip }, () =>
    withMigratorSetup("postgres", migration(`${EVERY_KIND}\n${EXTENSIONS}`), async (setup) => {
      await (await setup.migrator()).up();
      const snapshot = await introspectUrl(setup.db.url);
      assert.deepEqual(
        snapshot.extensions.map((e) => [e.name, e.schema]),
        [
          ["citext", "ext"],
          ["pgcrypto", "ext"],
          ["plpgsql", "pg_catalog"],
        ],
      );
      assert.deepEqual(
        snapshot.routines.filter((r) => r.schema === "ext"),
        [],
      );
      assert.equal(table(snapshot, "public.handles").columns[0]?.type, "ext.citext");
      assert.deepEqual(snapshotNames(snapshot), await pgDumpNames(setup.db.url));
    }),
  );

  test("PGlite reads the same schema as the PostgreSQL server for the same DDL", {
    skip,
  }, async () => {
    const server = await freshDatabase("postgres");
    const embedded = await freshDatabase("pglite");
    try {
      const a = comparable(await introspectUrl(server.url, EVERY_KIND));
      const b = comparable(await introspectUrl(embedded.url, EVERY_KIND));
      assert.deepEqual(snapshotNames(b), snapshotNames(a));
      // View bodies are printed differently by PostgreSQL 15 and PGlite's 17+; all else is equal.
      const noBodies = (s: SchemaSnapshot) => ({
        ...s,
        views: s.views.map((v) => ({ ...v, definition: "" })),
      });
      assert.deepEqual(noBodies(b), noBodies(a));
    } finally {
      await server.drop();
      await embedded.drop();
    }
  });
});
