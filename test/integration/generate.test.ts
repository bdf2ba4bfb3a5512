/**
 * generate on PostgreSQL and PGlite: from an empty folder to a schema holding every object
 * kind, then one change at a time. Each generated migration is proved by generate itself, is
 * applied to a real database (the change checked there), and the whole folder passes `verify`.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { compareSnapshots, createMigrator } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { type Engine, engineSkip, freshDatabase, tempDir } from "../helpers/databases.js";
import { generateSteps, replace, type SchemaStep } from "../helpers/generate-steps.js";
import { generateHistory } from "../helpers/history.js";
import { introspectUrl, pgSchemaDump, schemaFixture } from "../helpers/pg-schema.js";
import { dialectQuery } from "../helpers/sql.js";

const one = async (url: string, sql: string) => (await dialectQuery(url, sql))[0] ?? {};

const CHANGES: readonly SchemaStep[] = [
  {
    name: "not_null_column",
    edit: replace(
      "CREATE TABLE app.rooms (code text PRIMARY KEY,",
      "CREATE TABLE app.rooms (code text PRIMARY KEY, wing text NOT NULL,",
    ),
    expect: [
      /ADD COLUMN wing text;/,
      /-- TODO: fill app\.rooms\.wing/,
      /SET NOT NULL;/,
      /DROP COLUMN wing;/,
    ],
    check: async (url) =>
      assert.equal(
        (
          await one(
            url,
            "SELECT is_nullable FROM information_schema.columns WHERE column_name = 'wing'",
          )
        ).is_nullable,
        "NO",
      ),
  },
  {
    name: "index_on_existing_table",
    edit: (s) => `${s}\nCREATE INDEX rooms_floor_idx ON app.rooms (floor);\n`,
    expect: [
      /tidemark:no-transaction/,
      /CREATE INDEX CONCURRENTLY rooms_floor_idx/,
      /DROP INDEX CONCURRENTLY app\.rooms_floor_idx/,
    ],
    check: async (url) =>
      assert.equal(
        (
          await one(
            url,
            "SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'rooms_floor_idx'",
          )
        ).n,
        1,
      ),
  },
  {
    name: "enum_value",
    edit: replace("('sad', 'ok', 'happy')", "('sad', 'ok', 'content', 'happy')"),
    expect: [
      /tidemark:no-transaction/,
      /ALTER TYPE app\.mood ADD VALUE 'content' AFTER 'ok';/,
      /RENAME TO mood__old/,
    ],
    check: async (url) =>
      assert.equal(
        (
          await one(
            url,
            "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) AS v FROM pg_enum",
          )
        ).v,
        "sad,ok,content,happy",
      ),
  },
  {
    name: "type_under_view",
    edit: replace("  room_code text,", "  room_code varchar(20),"),
    expect: [
      /DROP MATERIALIZED VIEW app\.room_stats;/,
      /TYPE character varying\(20\)/,
      /CREATE MATERIALIZED VIEW app\.room_stats/,
      /warning: changes the type/,
    ],
    check: async (url) =>
      assert.equal(
        (
          await one(
            url,
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'bookings' AND column_name = 'room_code'",
          )
        ).data_type,
        "character varying",
      ),
  },
  {
    name: "rename_column",
    edit: replace("  updated_at timestamptz", "  changed_at timestamptz"),
    renames: [{ from: "app.guests.updated_at", to: "changed_at" }],
    expect: [/RENAME COLUMN updated_at TO changed_at;/, /RENAME COLUMN changed_at TO updated_at;/],
    check: async (url) =>
      assert.equal(
        (
          await one(
            url,
            "SELECT count(*)::int AS n FROM information_schema.columns WHERE column_name = 'changed_at'",
          )
        ).n,
        1,
      ),
  },
  {
    name: "routine_and_check",
    edit: (s) =>
      replace(
        "'SELECT a + b'",
        "'SELECT a + b + 0'",
      )(replace("CHECK (visits >= 0)", "CHECK (visits >= -1)")(s)),
    expect: [/CREATE OR REPLACE FUNCTION app\.add/, /DROP CONSTRAINT guests_visits_check;/],
    check: async (url) => assert.equal((await one(url, "SELECT app.add(2, 3) AS n")).n, 5),
  },
  {
    name: "drop_view",
    edit: (s) =>
      s
        .replace(/CREATE VIEW app\.a_busy AS[\s\S]*?GROUP BY g\.id, g\.name;\n/, "")
        .replace("COMMENT ON VIEW app.a_busy IS 'guests with bookings';\n", ""),
    expect: [/DROP VIEW app\.a_busy;/, /CREATE VIEW app\.a_busy AS/, /COMMENT ON VIEW app\.a_busy/],
    check: async (url) =>
      assert.equal(
        (await one(url, "SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'a_busy'")).n,
        0,
      ),
  },
  {
    name: "enum_value_removed",
    edit: replace("('sad', 'ok', 'content', 'happy')", "('sad', 'ok', 'happy')"),
    expect: [
      /warning: enum app\.mood loses values content/,
      /USING mood::text::app\.mood/,
      /ADD VALUE 'content'/,
    ],
    check: async (url) =>
      assert.equal(
        (await one(url, "SELECT count(*)::int AS n FROM pg_enum WHERE enumlabel = 'content'")).n,
        0,
      ),
  },
  {
    name: "comment_domain_sequence",
    edit: (s) =>
      replace(
        "CREATE SEQUENCE public.invoice_no;",
        "CREATE SEQUENCE public.invoice_no INCREMENT 2;",
      )(
        replace(
          "DEFAULT 'x@example.com'",
          "DEFAULT 'y@example.com'",
        )(replace("'people who stay'", "'people who stay the night'")(s)),
      ),
    expect: [
      /ALTER SEQUENCE public\.invoice_no AS bigint START WITH 1 INCREMENT BY 2/,
      /ALTER DOMAIN app\.email SET DEFAULT 'y@example\.com'/,
      /COMMENT ON TABLE app\.guests IS 'people who stay the night';/,
    ],
    check: async (url) =>
      assert.equal(
        (await one(url, "SELECT obj_description('app.guests'::regclass) AS c")).c,
        "people who stay the night",
      ),
  },
  {
    name: "new_table_with_trigger",
    edit: (s) =>
      `${s}\nCREATE TABLE app.stays (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, guest_id integer REFERENCES app.guests, changed_at timestamptz);\nCREATE TRIGGER stays_touch BEFORE UPDATE ON app.stays FOR EACH ROW EXECUTE FUNCTION app.touch();\n`,
    expect: [
      /CREATE TABLE app\.stays/,
      /FOREIGN KEY \(guest_id\) REFERENCES app\.guests\(id\)/,
      /CREATE TRIGGER stays_touch/,
      /DROP TABLE app\.stays;/,
    ],
    check: async (url) =>
      assert.equal(
        (await one(url, "SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'stays_touch'"))
          .n,
        1,
      ),
  },
];

async function generateStepByStep(engine: Engine): Promise<void> {
  // PGlite builds each throw-away database in process, slowly: a few changes there, all on PostgreSQL.
  const steps = CHANGES.slice(0, engine === "pglite" ? 3 : undefined);
  await generateSteps(engine, schemaFixture("pg-every-kind.sql"), steps, async (url) => {
    const app = await one(url, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'app'");
    assert.equal(app.n, 0);
  });
}

for (const engine of ["pglite", "postgres"] as const) {
  describe(`generate on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    test(
      "empty folder → every object kind, then one change at a time; each passes verify",
      { skip },
      () => generateStepByStep(engine),
    );
  });
}

/**
 * `build` makes a schema in a fresh database; its `pg_dump --schema-only` is the schema file;
 * generate from an empty folder, applied to another database, must give the same dump, and
 * its down must leave that database as empty as a new one.
 */
async function dumpRoundTrip(build: (url: string, folder: string) => Promise<void>): Promise<void> {
  const source = await freshDatabase("postgres");
  const target = await freshDatabase("postgres");
  const empty = await freshDatabase("postgres");
  const folder = tempDir();
  const schemaFile = join(folder.path, "schema.sql");
  try {
    await build(source.url, folder.path);
    const dump = await pgSchemaDump(source.url);
    writeFileSync(schemaFile, dump);
    const m = await createMigrator({ url: target.url, dir: join(folder.path, "generated") });
    try {
      const report = await m.generate("from_dump", { schema: schemaFile });
      assert.deepEqual(report.proof, { up: [], down: [] });
      await m.up();
      assert.equal(await pgSchemaDump(target.url), dump);
      await m.down({ to: "zero" });
    } finally {
      await m.close();
    }
    const left = compareSnapshots(await introspectUrl(empty.url), await introspectUrl(target.url));
    assert.deepEqual(left.differences, []);
  } finally {
    folder.remove();
    await Promise.all([source.drop(), target.drop(), empty.drop()]);
  }
}

describe("generate from a pg_dump --schema-only", async () => {
  const skip = await engineSkip("postgres");
  test("of every object kind: the same dump after up, empty after down", { skip }, () =>
    dumpRoundTrip(async (url) => {
      await introspectUrl(
        url,
        `${schemaFixture("pg-extensions.sql")}\n${schemaFixture("pg-every-kind.sql")}`,
      );
    }),
  );
  test("of a 250-migration project: the same dump after up, empty after down", { skip }, () =>
    dumpRoundTrip(async (url, folder) => {
      const dir = join(folder, "history");
      writeFiles(dir, generateHistory("postgres", 250).files);
      const m = await createMigrator({ url, dir });
      try {
        assert.equal((await m.up()).steps.length, 250);
      } finally {
        await m.close();
      }
    }),
  );
});
