/**
 * The built CLI against the real PostgreSQL server: concurrency, crash safety, lock
 * timeouts with retry, non-transactional files with resume, and password redaction.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, test } from "node:test";
import pg from "pg";
import { CLI, runCli, writeFiles } from "../helpers/cli.js";
import { type DbAndFolderFn, engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { pgQuery as sql } from "../helpers/sql.js";

const withDb = <T>(fn: DbAndFolderFn<T>) => withDbAndFolder("postgres", fn);

const exists = async (url: string, name: string) =>
  (await sql(url, "SELECT to_regclass($1) IS NOT NULL AS e", [name]))[0]!.e === true;

/**
 * Polls (at most `tries` times, `everyMs` apart) until `done` holds for the number of other
 * sessions running `pg_sleep(<seconds>)`; returns as the polling ends, whatever it found.
 */
async function untilSleepers(
  url: string,
  seconds: number,
  done: (sessions: number) => boolean,
  { tries = 100, everyMs = 100 } = {},
): Promise<void> {
  for (let i = 0; i < tries; i++) {
    const busy = await sql(
      url,
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(${seconds})%' AND pid <> pg_backend_pid()`,
    );
    if (done(Number(busy[0]!.n))) return;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe("tidemark CLI on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");

  test("6 processes running up at once on 40 migrations apply each exactly once", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      const files: Record<string, string> = {};
      for (let i = 1; i <= 40; i++) {
        const v = String(i).padStart(3, "0");
        files[`${v}_t${i}.sql`] =
          `-- migrate:up\nCREATE TABLE t${i} (id int);\nINSERT INTO t${i} VALUES (${i});\n-- migrate:down\nDROP TABLE t${i};\n`;
      }
      writeFiles(dir, files);
      const results = await Promise.all(
        Array.from({ length: 6 }, () => runCli(["up", "--url", db.url], { cwd })),
      );
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const ups = await sql(
        db.url,
        "SELECT version, count(*)::int AS n FROM tidemark_migrations_log WHERE action = 'up' GROUP BY version",
      );
      assert.equal(ups.length, 40);
      assert.ok(ups.every((r) => r.n === 1));
      const rows = await sql(db.url, "SELECT count(*)::int AS n FROM t40");
      assert.equal(rows[0]!.n, 1);
    });
  });

  test("SIGKILL during a slow migration leaves it unrecorded, its objects absent and no lock held", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_fast.sql":
          "-- migrate:up\nCREATE TABLE fast (id int);\n-- migrate:down\nDROP TABLE fast;\n",
        "002_slow.sql":
          "-- migrate:up\nCREATE TABLE slow (id int);\nSELECT pg_sleep(30);\n-- migrate:down\nDROP TABLE slow;\n",
      });
      const child = spawn(process.execPath, [CLI, "up", "--url", db.url], { cwd, stdio: "ignore" });
      // wait until the slow statement runs
      await untilSleepers(db.url, 30, (n) => n > 0);
      child.kill("SIGKILL");
      await new Promise((r) => child.on("close", r));
      // every tidemark session sets client_connection_check_interval, so the server ends the
      // dead client's query (and its transaction and advisory lock) within seconds
      await untilSleepers(db.url, 30, (n) => n === 0);
      assert.equal(await exists(db.url, "slow"), false);
      const recorded = await sql(
        db.url,
        "SELECT version, status FROM tidemark_migrations ORDER BY version",
      );
      assert.deepEqual(recorded, [{ version: "001", status: "applied" }]);
      writeFiles(dir, {
        "002_slow.sql":
          "-- migrate:up\nCREATE TABLE slow (id int);\n-- migrate:down\nDROP TABLE slow;\n",
      });
      const r = await runCli(["up", "--url", db.url, "--lock-wait", "5"], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await exists(db.url, "slow"), true);
    });
  });

  test("Ctrl-C stops after the migration in flight has committed", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_slow.sql":
          "-- migrate:up\nCREATE TABLE first (id int);\nSELECT pg_sleep(2);\n-- migrate:down\nDROP TABLE first;\n",
        "002_next.sql":
          "-- migrate:up\nCREATE TABLE second (id int);\n-- migrate:down\nDROP TABLE second;\n",
      });
      const child = spawn(process.execPath, [CLI, "up", "--url", db.url], {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
      });
      await untilSleepers(db.url, 2, (n) => n > 0, { everyMs: 50 });
      child.kill("SIGINT");
      const code = await new Promise((r) => child.on("close", r));
      assert.equal(code, 1);
      assert.match(stderr, /Stopping after the migration in flight/);
      assert.equal(await exists(db.url, "first"), true, "the migration in flight committed");
      assert.equal(await exists(db.url, "second"), false, "nothing after it ran");
      const recorded = await sql(db.url, "SELECT version, status FROM tidemark_migrations");
      assert.deepEqual(recorded, [{ version: "001", status: "applied" }]);
    });
  });

  test("a second deployer waits for the lock, names the holder, then exits 3", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_slow.sql":
          "-- migrate:up\nSELECT pg_sleep(4);\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
      });
      const first = runCli(["up", "--url", db.url], { cwd });
      // The second starts once the first holds the lock and sleeps in its migration.
      await untilSleepers(db.url, 4, (n) => n > 0, { tries: 200, everyMs: 25 });
      const second = await runCli(["up", "--url", db.url, "--lock-wait", "1"], { cwd });
      assert.equal(second.code, 3, second.stderr);
      assert.match(second.stderr, /held by tidemark \d+\.\d+\.\d+ \S+:\d+/);
      assert.equal((await first).code, 0);
      assert.equal(await exists(db.url, "a"), true);
    });
  });

  test("a lock-timeout failure is retried and succeeds when the blocker commits", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      await sql(db.url, "CREATE TABLE busy (id int)");
      writeFiles(dir, {
        "001_alter.sql":
          "-- migrate:up\nALTER TABLE busy ADD COLUMN x int;\n-- migrate:down\nALTER TABLE busy DROP COLUMN x;\n",
      });
      const blocker = new pg.Client({ connectionString: db.url, application_name: "blocker" });
      await blocker.connect();
      await blocker.query("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
      const run = runCli(["up", "--url", db.url, "--lock-timeout", "0.3", "--retries", "5"], {
        cwd,
      });
      // commit only after the CLI has waited on the lock and given up once
      const waiting = async () =>
        Number(
          (
            await sql(
              db.url,
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'tidemark%' AND wait_event_type = 'Lock'",
            )
          )[0]!.n,
        ) > 0;
      for (let i = 0; i < 400 && !(await waiting()); i++)
        await new Promise((r) => setTimeout(r, 25));
      for (let i = 0; i < 400 && (await waiting()); i++)
        await new Promise((r) => setTimeout(r, 25));
      await blocker.query("COMMIT");
      await blocker.end();
      const r = await run;
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /retry 1/);
      const cols = await sql(
        db.url,
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'busy' ORDER BY column_name",
      );
      assert.deepEqual(
        cols.map((c) => c.column_name),
        ["id", "x"],
      );
    });
  });

  test("a lock timeout that never clears fails cleanly, naming the blocking session", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      await sql(db.url, "CREATE TABLE busy (id int)");
      writeFiles(dir, {
        "001_alter.sql":
          "-- migrate:up\nALTER TABLE busy ADD COLUMN x int;\n-- migrate:down\nALTER TABLE busy DROP COLUMN x;\n",
      });
      const blocker = new pg.Client({ connectionString: db.url, application_name: "blocker" });
      await blocker.connect();
      await blocker.query("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE");
      try {
        const r = await runCli(["up", "--url", db.url, "--lock-timeout", "0.2", "--retries", "1"], {
          cwd,
        });
        assert.equal(r.code, 1);
        assert.match(r.stderr, /lock timeout/i);
        assert.match(r.stderr, /busy/);
        assert.match(r.stderr, /blocker/);
        const recorded = await sql(db.url, "SELECT count(*)::int AS n FROM tidemark_migrations");
        assert.equal(recorded[0]!.n, 0);
      } finally {
        await blocker.query("ROLLBACK");
        await blocker.end();
      }
    });
  });

  test("CREATE INDEX CONCURRENTLY runs outside a transaction; a failure resumes from its statement", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_t.sql":
          "-- migrate:up\nCREATE TABLE t (id int, v int);\nCREATE TABLE side_effects (n int);\n-- migrate:down\nDROP TABLE t;\nDROP TABLE side_effects;\n",
        "002_idx.sql":
          "-- migrate:up\nINSERT INTO side_effects VALUES (1);\nCREATE INDEX CONCURRENTLY t_v_idx ON t (v);\nINSERT INTO missing VALUES (1);\nINSERT INTO side_effects VALUES (4);\n-- migrate:down\nDROP INDEX CONCURRENTLY t_v_idx;\n",
      });
      let r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /outside a transaction/);
      assert.match(r.stderr, /statement 3 of 4/);
      const row = await sql(
        db.url,
        "SELECT status, statements_done, failed_statement FROM tidemark_migrations WHERE version = '002'",
      );
      assert.deepEqual(row, [{ status: "failed", statements_done: 2, failed_statement: 2 }]);
      assert.equal(await exists(db.url, "t_v_idx"), true);
      r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /--resume/);
      await sql(db.url, "CREATE TABLE missing (n int)");
      r = await runCli(["up", "--url", db.url, "--resume"], { cwd });
      assert.equal(r.code, 0, r.stderr);
      const effects = await sql(db.url, "SELECT n FROM side_effects ORDER BY n");
      assert.deepEqual(
        effects.map((e) => e.n),
        [1, 4],
        "statements 1 and 2 did not run again",
      );
      const done = await sql(
        db.url,
        "SELECT status FROM tidemark_migrations WHERE version = '002'",
      );
      assert.deepEqual(done, [{ status: "applied" }]);
    });
  });

  test("a PL/pgSQL function with $$ and a trigger apply and roll back", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_audit.sql": `-- migrate:up
CREATE TABLE items (id serial PRIMARY KEY, name text, updated_at timestamptz);
CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  NEW.updated_at := now(); -- a semicolon; inside the body
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER items_touch BEFORE INSERT OR UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
DO $do$ BEGIN RAISE NOTICE 'done'; END $do$;
-- migrate:down
DROP TRIGGER items_touch ON items;
DROP FUNCTION touch();
DROP TABLE items;
`,
      });
      let r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      await sql(db.url, "INSERT INTO items (name) VALUES ('a')");
      const rows = await sql(db.url, "SELECT updated_at IS NOT NULL AS touched FROM items");
      assert.deepEqual(rows, [{ touched: true }]);
      r = await runCli(["down", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await exists(db.url, "items"), false);
      const fn = await sql(
        db.url,
        "SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'touch'",
      );
      assert.equal(fn[0]!.n, 0);
    });
  });

  test("status of an all-applied history prints its rows as they are read: one aligned table", {
    skip,
  }, async () => {
    await withDb(async (db, dir, cwd) => {
      // More rows than one part of the table (1,024 lines), names of changing lengths.
      const files: Record<string, string> = {};
      for (let i = 1; i <= 1100; i++)
        files[`${String(i).padStart(4, "0")}_t${"x".repeat(i % 7)}.sql`] =
          `-- migrate:up\nSELECT ${i};\n-- migrate:down\nSELECT ${i};\n`;
      files["1101_last.sql"] =
        "-- migrate:up\nCREATE TABLE last (id int);\n-- migrate:down\nDROP TABLE last;\n";
      files["R__view.sql"] = "-- migrate:up\nCREATE OR REPLACE VIEW v AS SELECT 1 AS x;\n";
      writeFiles(dir, files);
      assert.equal((await runCli(["stamp", "1100", "--yes", "--url", db.url], { cwd })).code, 0);
      assert.equal((await runCli(["up", "--url", db.url], { cwd })).code, 0);
      const r = await runCli(["status", "--url", db.url], { cwd });
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split("\n");
      assert.match(lines[1]!, /^Current {3}1101 {2}\(1102 applied, 0 pending\)$/);
      assert.equal(lines.at(-1), "Up to date.");
      const rows = lines.filter((l) => /^ {2}(applied|stamped) /.test(l));
      assert.equal(rows.length, 1102);
      assert.match(rows[0]!, /^ {2}stamped {2}0001 {5}tx {7}\S+ \S+ [+-]\d\d:\d\d {2}not run$/);
      assert.match(rows[1100]!, /^ {2}applied {2}1101 {5}last {5}\S+ \S+ [+-]\d\d:\d\d {2}\d+ ms$/);
      assert.match(
        rows[1101]!,
        /^ {2}applied {2}R__view {2}view {5}\S+ \S+ [+-]\d\d:\d\d {2}\d+ ms$/,
      );
      // One table: every row's time starts in the same column, parts after the first included.
      const at = new Set(rows.map((l) => l.search(/\d{4}-\d\d-\d\d /)));
      assert.deepEqual([...at], [rows[0]!.search(/\d{4}-\d\d-\d\d /)]);
      // The rows are those of the tracking table, in version order.
      const doc = JSON.parse((await runCli(["status", "--json", "--url", db.url], { cwd })).stdout);
      assert.deepEqual(
        rows.map((l) => l.trim().split(/\s+/)[1]),
        doc.applied.map((a: { version: string }) => a.version),
      );
      const stamped = await sql(
        db.url,
        "SELECT count(*)::int AS n FROM tidemark_migrations_log WHERE action = 'stamp'",
      );
      assert.equal(stamped[0]!.n, 1100);
    });
  });

  test("a syntax error points at the file's line and column with a caret", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_bad.sql":
          "-- migrate:up\nCREATE TABLE ok (id int);\nCREATE TABLE bad (id intt);\n-- migrate:down\n",
      });
      const r = await runCli(["up", "--url", db.url], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /001_bad\.sql:3:\d+: type "intt" does not exist/);
      assert.match(r.stderr, /3 \| CREATE TABLE bad \(id intt\);\n\s+\^/);
      assert.equal(await exists(db.url, "ok"), false, "the whole migration rolled back");
    });
  });

  test("passwords appear in no output", { skip }, async () => {
    await withDb(async (db, dir, cwd) => {
      const url = new URL(db.url);
      url.password = "s3cret-pw";
      writeFiles(dir, { "001_bad.sql": "-- migrate:up\nSELECT * FROM nowhere;\n" });
      const outputs = [
        await runCli(["up", "--url", url.toString()], { cwd }),
        await runCli(["status", "--url", url.toString()], { cwd }),
        await runCli(["status", "--json", "--url", url.toString()], { cwd }),
        await runCli(
          ["up", "--verbose", "--url", url.toString().replace("127.0.0.1:5432", "127.0.0.1:1")],
          { cwd },
        ),
      ];
      for (const r of outputs) {
        assert.doesNotMatch(r.stdout + r.stderr, /s3cret-pw/);
      }
      assert.match(outputs[3]!.stderr, /\*\*\*/);
    });
  });
});
