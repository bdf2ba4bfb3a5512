/**
 * Dry runs on the real servers, through the built CLI: on PostgreSQL a CONCURRENTLY file is
 * refused under --single-transaction exactly as the run refuses it; on MariaDB a down's dry run
 * shows the down SQL stored when the migration was applied. The database is the same after.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type CliResult, runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, withDbAndFolder as withDb } from "../helpers/databases.js";
import { mysqlQuery as mysqlRows, pgQuery as pgRows } from "../helpers/sql.js";

const errorLine = (r: CliResult) => r.stderr.split("\n").find((l) => l.startsWith("error:"));

describe("dry runs on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");

  /** Tables, indexes, tracking rows and log length: what a dry run must leave alone. */
  const snapshot = async (url: string) => ({
    tables: await pgRows(
      url,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    ),
    indexes: await pgRows(
      url,
      "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
    ),
    rows: await pgRows(url, "SELECT version, status FROM tidemark_migrations ORDER BY version"),
    log: await pgRows(url, "SELECT count(*)::int AS n FROM tidemark_migrations_log"),
  });

  test("--single-transaction with CREATE INDEX CONCURRENTLY: the dry run refuses as the run does", {
    skip,
  }, async () => {
    await withDb("postgres", async (db, dir, cwd) => {
      const cli = (args: readonly string[]) => runCli([...args, "--url", db.url], { cwd });
      writeFiles(dir, {
        "001_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
      });
      assert.equal((await cli(["up"])).code, 0);
      writeFiles(dir, {
        "002_b.sql": "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n",
        "003_idx.sql":
          "-- migrate:up\nCREATE INDEX CONCURRENTLY a_id ON a (id);\n-- migrate:down\nDROP INDEX CONCURRENTLY a_id;\n",
      });
      const before = await snapshot(db.url);

      const dry = await cli(["up", "--single-transaction", "--dry-run"]);
      assert.equal(dry.code, 1, dry.stdout);
      assert.match(
        errorLine(dry) ?? "",
        /003_idx\.sql cannot run inside --single-transaction: .*CONCURRENTLY.*Nothing was applied/,
      );
      assert.deepEqual(await snapshot(db.url), before, "the dry run changed nothing");

      const real = await cli(["up", "--single-transaction"]);
      assert.equal(real.code, 1, real.stdout);
      assert.equal(errorLine(real), errorLine(dry), "the run refuses with the same error");
      assert.deepEqual(await snapshot(db.url), before, "refused before 002 ran");

      // Without --single-transaction the dry run shows how the file would run, and its SQL.
      const plan = await cli(["up", "--dry-run"]);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(
        plan.stdout,
        / {2}→ 003 {2}idx\n {6}-- runs outside a transaction, statement by statement: .*CONCURRENTLY.*\n {6}CREATE INDEX CONCURRENTLY a_id ON a \(id\);\n/,
      );
      const doc = JSON.parse((await cli(["up", "--dry-run", "--json"])).stdout) as {
        steps: { id: string; transactional: boolean; sql: string }[];
      };
      assert.deepEqual(
        doc.steps.map((s) => [s.id, s.transactional, s.sql]),
        [
          ["002", true, "CREATE TABLE b (id int);"],
          ["003", false, "CREATE INDEX CONCURRENTLY a_id ON a (id);"],
        ],
      );
      assert.deepEqual(await snapshot(db.url), before);
    });
  });
});

describe("dry runs on MariaDB", async () => {
  const skip = await engineSkip("mysql");

  const snapshot = async (url: string) => ({
    tables: await mysqlRows(
      url,
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1",
    ),
    rows: await mysqlRows(
      url,
      "SELECT version, status, rollback_sql FROM tidemark_migrations ORDER BY version",
    ),
    log: await mysqlRows(url, "SELECT count(*) AS n FROM tidemark_migrations_log"),
  });

  test("down --dry-run shows the stored down SQL, not the file's edited one", {
    skip,
  }, async () => {
    await withDb("mysql", async (db, dir, cwd) => {
      const cli = (args: readonly string[]) => runCli([...args, "--url", db.url], { cwd });
      const file = (down: string) =>
        `-- migrate:up\nCREATE TABLE a (id INT);\nCREATE TABLE b (id INT);\n-- migrate:down\n${down}\n`;
      writeFiles(dir, { "001_ab.sql": file("DROP TABLE b;\nDROP TABLE a;") });
      assert.equal((await cli(["up"])).code, 0);
      writeFiles(dir, { "001_ab.sql": file("DROP TABLE b; -- edited later\nDROP TABLE a;") });
      const before = await snapshot(db.url);

      const r = await cli(["down", "--dry-run"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /Dry run: would roll back 1 migration:\n {2}↩ 001 {2}ab\n {6}-- the down SQL stored when it was applied; runs outside a transaction, statement by statement: .*\n {6}DROP TABLE b;\n {6}DROP TABLE a;\n$/,
      );
      const doc = JSON.parse((await cli(["down", "--dry-run", "--json"])).stdout) as {
        steps: { id: string; sql: string; transactional: boolean }[];
      };
      assert.deepEqual(
        doc.steps.map((s) => [s.id, s.sql, s.transactional]),
        [["001", "DROP TABLE b;\nDROP TABLE a;", false]],
      );
      assert.deepEqual(await snapshot(db.url), before, "the dry runs changed nothing");
    });
  });
});
