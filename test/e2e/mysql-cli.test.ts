/**
 * The built CLI against the real MariaDB server: statement-level progress, the failed state
 * and every way out of it, concurrency, stored programs, and password redaction.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { type DbAndFolderFn, engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { mysqlQuery as sql } from "../helpers/sql.js";

const withDb = <T>(fn: DbAndFolderFn<T>) => withDbAndFolder("mysql", fn);

const tableExists = async (url: string, name: string) =>
  (
    await sql(
      url,
      `SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${name}'`,
    )
  )[0]!.n === 1;

const FAILING = `-- migrate:up
CREATE TABLE effects (n INT);
INSERT INTO effects VALUES (1);
INSERT INTO missing VALUES (3);
INSERT INTO effects VALUES (4);
CREATE TABLE after_fix (id INT);
-- migrate:down
DROP TABLE IF EXISTS after_fix;
DROP TABLE effects;
`;

describe("tidemark CLI on MariaDB", async () => {
  const skip = await engineSkip("mysql");

  test("statement 3 fails: 1–2 stay, the row is failed, up refuses, --resume runs 3 onward only", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, { "001_effects.sql": FAILING });
      let r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /001_effects\.sql:4:1/);
      assert.match(r.stderr, /statement 3 of 5/);
      assert.match(r.stderr, /statements 1–2 applied/);
      assert.match(r.stderr, /missing/);
      const row = await sql(
        db.url,
        "SELECT status, statements_done, failed_statement FROM tidemark_migrations WHERE version = '001'",
      );
      assert.deepEqual(row, [{ status: "failed", statements_done: 2, failed_statement: 2 }]);
      assert.deepEqual(await sql(db.url, "SELECT n FROM effects"), [{ n: 1 }]);

      r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /failed at statement 3 of 5 \(statements 1–2 were applied\)/);
      assert.match(r.stderr, /tidemark up --resume/);
      const status = JSON.parse(
        (await runCli(["status", "--json", "--url", db.url], { cwd })).stdout,
      );
      assert.equal(status.problems[0].kind, "failed");

      await sql(db.url, "CREATE TABLE missing (n INT)");
      r = await runCli(["up", "--resume", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      // the INSERT of statement 2 did not run again: exactly one row 1
      assert.deepEqual(await sql(db.url, "SELECT n FROM effects ORDER BY n"), [{ n: 1 }, { n: 4 }]);
      assert.deepEqual(await sql(db.url, "SELECT n FROM missing"), [{ n: 3 }]);
      assert.ok(await tableExists(db.url, "after_fix"));
      assert.deepEqual(await sql(db.url, "SELECT status FROM tidemark_migrations"), [
        { status: "applied" },
      ]);
      const log = await sql(
        db.url,
        "SELECT action FROM tidemark_migrations_log WHERE version = '001' ORDER BY id",
      );
      assert.deepEqual(
        log.map((l) => l.action),
        ["failure", "resume", "up"],
      );
    });
  });

  test("repair clears the failed row so up runs the fixed file from its first statement", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, { "001_effects.sql": FAILING });
      assert.equal((await runCli(["up", "--url", db.url], { cwd })).code, 1);
      // manual clean-up, then fix the file
      await sql(db.url, "DROP TABLE effects");
      writeFiles(dir, {
        "001_effects.sql": FAILING.replace("INSERT INTO missing VALUES (3);\n", ""),
      });
      let r = await runCli(["repair", "--url", db.url], { cwd });
      assert.equal(r.code, 1, "repair asks for confirmation and there is no terminal");
      assert.match(r.stderr, /--yes/);
      r = await runCli(["repair", "--yes", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await sql(db.url, "SELECT COUNT(*) AS n FROM tidemark_migrations"), [
        { n: 0 },
      ]);
      r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await sql(db.url, "SELECT n FROM effects ORDER BY n"), [{ n: 1 }, { n: 4 }]);
    });
  });

  test("down runs the down section of a failed migration; stamp records one as done", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, { "001_effects.sql": FAILING });
      assert.equal((await runCli(["up", "--url", db.url], { cwd })).code, 1);
      let r = await runCli(["down", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await tableExists(db.url, "effects"), false);
      assert.deepEqual(await sql(db.url, "SELECT status FROM tidemark_migrations"), [
        { status: "rolled_back" },
      ]);
      assert.equal((await runCli(["up", "--url", db.url], { cwd })).code, 1);
      r = await runCli(["stamp", "001", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await sql(db.url, "SELECT status FROM tidemark_migrations"), [
        { status: "applied" },
      ]);
      assert.equal((await runCli(["check", "--url", db.url], { cwd })).code, 0);
    });
  });

  test("a DML-only file runs in one transaction and rolls back on failure", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_t.sql":
          "-- migrate:up\nCREATE TABLE t (id INT PRIMARY KEY);\n-- migrate:down\nDROP TABLE t;\n",
        "002_rows.sql":
          "-- migrate:up\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\n-- migrate:down\nDELETE FROM t;\n",
      });
      const r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Duplicate entry/);
      assert.deepEqual(await sql(db.url, "SELECT COUNT(*) AS n FROM t"), [{ n: 0 }]);
      assert.deepEqual(
        await sql(db.url, "SELECT version FROM tidemark_migrations ORDER BY version"),
        [{ version: "001" }],
      );
    });
  });

  test("stored procedures with and without DELIMITER", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_counter.sql": `-- migrate:up
CREATE TABLE counter (n INT);
DELIMITER $$
CREATE PROCEDURE bump()
BEGIN
  INSERT INTO counter VALUES (1);
  UPDATE counter SET n = n + 1;
END$$
DELIMITER ;
CALL bump();
-- migrate:down
DROP PROCEDURE bump;
DROP TABLE counter;
`,
        "002_twice.sql": `-- migrate:up
CREATE PROCEDURE twice(IN x INT)
BEGIN
  IF x > 0 THEN
    INSERT INTO counter VALUES (x * 2);
  END IF;
END;
CALL twice(5);
-- migrate:down
DROP PROCEDURE twice;
`,
      });
      let r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await sql(db.url, "SELECT n FROM counter ORDER BY n"), [
        { n: 2 },
        { n: 10 },
      ]);
      r = await runCli(["down", "--to", "zero", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      const procs = await sql(
        db.url,
        "SELECT COUNT(*) AS n FROM information_schema.routines WHERE routine_schema = DATABASE()",
      );
      assert.deepEqual(procs, [{ n: 0 }]);
    });
  });

  test("6 processes running up at once apply each migration once", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      const files: Record<string, string> = {};
      for (let i = 1; i <= 20; i++) {
        files[`${String(i).padStart(3, "0")}_t${i}.sql`] =
          `-- migrate:up\nCREATE TABLE t${i} (id INT);\nINSERT INTO t${i} VALUES (${i});\n-- migrate:down\nDROP TABLE t${i};\n`;
      }
      writeFiles(dir, files);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => runCli(["up", "--url", db.url], { cwd })),
      );
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const ups = await sql(
        db.url,
        "SELECT version, COUNT(*) AS n FROM tidemark_migrations_log WHERE action = 'up' GROUP BY version",
      );
      assert.equal(ups.length, 20);
      assert.ok(ups.every((u) => Number(u.n) === 1));
      assert.deepEqual(await sql(db.url, "SELECT COUNT(*) AS n FROM t20"), [{ n: 1 }]);
    });
  });

  test("the password is never printed", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, { "001_t.sql": "-- migrate:up\nCREATE TABLE t (id INT);\n" });
      const bad = new URL(db.url);
      bad.password = "s3cret-pw";
      const r = await runCli(["up", "--verbose", "--url", bad.toString()], { cwd });
      assert.equal(r.code, 1);
      assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw/);
      assert.match(r.stderr, /\*\*\*/);
    });
  });
});
