/** PostgreSQL-only: how the `pg` dialect sends a batch as one query string and maps failures back. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engineSkip } from "../helpers/databases.js";
import { queryError, withHarness } from "./harness.js";

const skip = await engineSkip("postgres");

describe("postgres dialect batches", { skip }, () => {
  test("batch parameters of every type are inlined as the server reads them", () =>
    withHarness("postgres", async ({ dialect, connect }) => {
      const conn = await connect();
      await conn.exec(
        "CREATE TABLE p (s text, n int, b bigint, f boolean, d timestamptz, z text, a text[], j jsonb)",
      );
      const when = new Date("2026-11-21T12:00:00.123Z");
      const params = [
        "it's \\ 'q'",
        -7,
        9007199254740993n,
        true,
        when,
        null,
        ["x", 'y"z'],
        { k: [1] },
      ];
      await conn.batch(
        [
          ...dialect
            .migrationSettings({ lockTimeoutMs: 5000, statementTimeoutMs: 0 })
            .map((sql) => ({ sql })),
          { sql: "INSERT INTO p VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", params },
        ],
        { transaction: true },
      );
      const rows = await conn.query("SELECT s, n, b::text AS b, f, d, z, a, j FROM p");
      assert.deepEqual(rows, [
        {
          s: "it's \\ 'q'",
          n: -7,
          b: "9007199254740993",
          f: true,
          d: when,
          z: null,
          a: ["x", 'y"z'],
          j: { k: [1] },
        },
      ]);
    }));

  test("the whole transactional batch reaches the server as one query string", () =>
    withHarness("postgres", async ({ dialect, connect }) => {
      const conn = await dialect.connect({ applicationName: "tm-one-string" });
      const watcher = await connect();
      await conn.exec("CREATE TABLE t (v text)");
      await conn.batch(
        [
          { sql: "INSERT INTO t VALUES ('file')" },
          { sql: "INSERT INTO t VALUES ($1)", params: ["tracking"] },
        ],
        {
          transaction: true,
        },
      );
      const seen = await watcher.query(
        "SELECT query FROM pg_stat_activity WHERE application_name = 'tm-one-string'",
      );
      await conn.close();
      assert.match(
        String(seen[0]?.query),
        /^BEGIN;\nINSERT INTO t VALUES \('file'\)[\s\S]*VALUES \('tracking'\)[\s\S]*COMMIT;$/,
      );
    }));

  test("a position in a later part is an offset into that part, after multi-byte characters", () =>
    withHarness("postgres", async ({ connect }) => {
      const conn = await connect();
      const script = "SELECT '😀é' AS a;\nSELECT nope FROM pg_class;";
      const err = await queryError(
        conn.batch([{ sql: "SELECT '😀'" }, { sql: script }], { transaction: true }),
      );
      assert.equal(err.part, 1);
      assert.equal(err.sqlState, "42703");
      assert.equal(script.slice(err.position!, err.position! + 4), "nope");
    }));

  test("an unfinished statement at the end of a part is blamed on that part", () =>
    withHarness("postgres", async ({ connect }) => {
      const conn = await connect();
      const script = "SELECT 1;\nSELECT (1 + ";
      const err = await queryError(
        conn.batch([{ sql: script }, { sql: "SELECT $1", params: ["x"] }], { transaction: true }),
      );
      assert.equal(err.sqlState, "42601");
      assert.equal(err.part, 0);
      assert.equal(err.position, script.length);
    }));

  test("a failure at COMMIT (a deferred constraint) is blamed on no part", () =>
    withHarness("postgres", async ({ connect }) => {
      const conn = await connect();
      await conn.exec(
        "CREATE TABLE parent (id int PRIMARY KEY); CREATE TABLE child (p int REFERENCES parent DEFERRABLE INITIALLY DEFERRED)",
      );
      const err = await queryError(
        conn.batch([{ sql: "INSERT INTO child VALUES (1)" }, { sql: "SELECT $1", params: [1] }], {
          transaction: true,
        }),
      );
      assert.equal(err.sqlState, "23503");
      assert.equal(err.part, undefined);
      assert.equal(err.position, undefined);
      assert.deepEqual(await conn.query("SELECT * FROM child"), []);
    }));
});
