/** PGlite-only behaviour: data directories persist, memory databases work, ?schema= applies. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { tempDir } from "../helpers/databases.js";
import { queryError, withHarness } from "./harness.js";

describe("pglite dialect", () => {
  test("data written before close() is there when the directory is opened again", () =>
    withHarness("pglite", async ({ dialect }) => {
      const first = await dialect.connect({ applicationName: "tidemark-test" });
      await first.batch(
        [
          { sql: "CREATE TABLE kept (v text)" },
          { sql: "INSERT INTO kept VALUES ($1)", params: ["yes"] },
        ],
        {
          transaction: true,
        },
      );
      await first.close();
      const second = await dialect.connect({ applicationName: "tidemark-test" });
      try {
        assert.deepEqual(await second.query("SELECT v FROM kept"), [{ v: "yes" }]);
      } finally {
        await second.close();
      }
    }));

  test("pglite:memory with ?schema= keeps the tracking table in that schema", async () => {
    const dialect = await resolveDialect("pglite:memory?schema=app");
    assert.equal(dialect.tableRef("tm"), '"app"."tm"');
    const conn = await dialect.connect({ applicationName: "tidemark 0.1.0 host:1" });
    try {
      await conn.exec(
        `CREATE TABLE ${dialect.tableRef("tm")} (v text); CREATE TABLE other (v text);`,
      );
      const rows = await conn.query(
        "SELECT table_schema AS s, table_name AS n FROM information_schema.tables WHERE table_schema = 'app' ORDER BY 2",
      );
      assert.deepEqual(rows, [
        { s: "app", n: "other" },
        { s: "app", n: "tm" },
      ]);
      assert.deepEqual(await conn.query("SELECT current_setting('application_name') AS a"), [
        { a: "tidemark 0.1.0 host:1" },
      ]);
    } finally {
      await conn.close();
    }
  });

  test("a failure without a server position inside a batch is located by statement", () =>
    withHarness("pglite", async ({ connect }) => {
      const conn = await connect();
      await conn.exec("CREATE TABLE u (id int PRIMARY KEY)");
      const script =
        "INSERT INTO u VALUES (1);\nDO $$ BEGIN RAISE EXCEPTION 'stop here'; END $$;\nINSERT INTO u VALUES (2);";
      const err = await queryError(
        conn.batch([{ sql: "SELECT 1" }, { sql: script }], { transaction: true }),
      );
      assert.equal(err.part, 1);
      assert.equal(err.position, script.indexOf("DO $$"));
      assert.equal(err.sqlState, "P0001");
      assert.match(err.detail ?? "", /Context: PL\/pgSQL/);
      assert.deepEqual(await conn.query("SELECT id FROM u"), []);
    }));

  test("a data directory that is not a PGlite database gives E_CONNECT with a hint", async () => {
    const dir = tempDir();
    try {
      const { writeFileSync } = await import("node:fs");
      writeFileSync(`${dir.path}/PG_VERSION`, "not a version\n");
      const dialect = await resolveDialect(`pglite:${dir.path}`);
      const err = await dialect.connect({ applicationName: "x" }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof TidemarkError);
      assert.equal(err.code, "E_CONNECT");
      assert.match(err.hint ?? "", /data directory/);
    } finally {
      dir.remove();
    }
  });
});
