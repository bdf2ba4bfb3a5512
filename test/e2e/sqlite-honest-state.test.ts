/**
 * Honest state on SQLite, through the built CLI (issue 8, SPEC §4–§6): `status` shows failed,
 * running and stamped rows and a changed repeatable once; `up` warns about an applied file that
 * is gone and `check` fails on it; `redo` refuses a gone file before rolling back; an empty
 * `up --to` says why. Each test checks the tracking table itself.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { CLI, type CliResult, cleanEnv, runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

const migration = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE IF EXISTS ${table};\n`;
const FILES = Object.fromEntries(
  ["one", "two", "three", "four", "five"].map((t, i) => [`00${i + 1}_${t}.sql`, migration(t)]),
);

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const mig = () => join(dir.path, "migrations");
const cli = (args: readonly string[]) => runCli(args, { cwd: cwd() });

beforeEach(() => {
  dir = tempDir("tidemark-honest-");
});
afterEach(() => dir.remove());

const rows = (sql: string) => sqliteRows(join(cwd(), "tidemark.db"), sql);

const statuses = () =>
  rows("SELECT version, status FROM tidemark_migrations ORDER BY version").map(
    (r) => `${String(r.version)}:${String(r.status)}`,
  );
const tableExists = (name: string) =>
  rows(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = '${name}'`).length === 1;

function ok(r: CliResult): CliResult {
  assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}`);
  return r;
}

async function statusJson(): Promise<{
  current: string | null;
  applied: { version: string; stamped: boolean }[];
  pending: { version: string; name: string; changed?: boolean }[];
  problems: { kind: string; version: string; message: string }[];
}> {
  return JSON.parse(ok(await cli(["status", "--json"])).stdout);
}

describe("status lists every row of the tracking table", () => {
  test("a failed row shows in the table and as a `failed` problem; check exits 1", async () => {
    writeFiles(mig(), {
      "001_one.sql": FILES["001_one.sql"]!,
      "002_broken.sql":
        "-- tidemark:no-transaction\n-- migrate:up\nCREATE TABLE effects (n INTEGER);\nINSERT INTO missing VALUES (1);\n-- migrate:down\nDROP TABLE effects;\n",
    });
    const up = await cli(["up"]);
    assert.equal(up.code, 1);
    assert.deepEqual(statuses(), ["001:applied", "002:failed"]);
    assert.ok(tableExists("effects"), "statement 1 stays applied");

    const r = ok(await cli(["status"]));
    assert.match(r.stdout, /Current\s+001\s+\(1 applied, 1 failed or running, 0 pending\)/);
    assert.match(r.stdout, /^\s+applied\s+001\s+one\s/m);
    assert.match(
      r.stdout,
      /^\s+failed\s+002\s+broken\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\s+by \S+@\S+/m,
    );
    assert.match(r.stdout, /✗ failed: 002_broken\.sql failed at statement 2 of \d+: .*missing/);
    const doc = await statusJson();
    assert.equal(doc.current, "001");
    assert.deepEqual(
      doc.applied.map((a) => a.version),
      ["001"],
    );
    assert.deepEqual(
      doc.problems.map((p) => [p.kind, p.version]),
      [["failed", "002"]],
    );
    assert.equal((await cli(["check"])).code, 1);
  });

  test("a run in progress shows as running since when, by whom, and so does the row it leaves when killed", async () => {
    writeFiles(mig(), {
      "001_one.sql": FILES["001_one.sql"]!,
      // Statement 2 counts far past what the test waits for: the run is killed mid-statement.
      "002_slow.sql":
        "-- tidemark:no-transaction\n-- migrate:up\nCREATE TABLE slow (id INTEGER);\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000000) SELECT count(*) FROM c;\n-- migrate:down\nDROP TABLE slow;\n",
    });
    ok(await cli(["up", "--to", "001"]));
    const child = spawn(process.execPath, [CLI, "up"], {
      cwd: cwd(),
      env: cleanEnv(),
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      const deadline = Date.now() + 30_000;
      while (!statuses().includes("002:running")) {
        assert.ok(Date.now() < deadline, "the run wrote its running row");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const live = ok(await cli(["status"]));
      assert.match(
        live.stdout,
        /^\s+running\s+002\s+slow\s+since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\s+by \S+@\S+/m,
      );
      assert.match(
        live.stdout,
        /✗ running: 002_slow\.sql is running since \S+, by \S+@\S+, 1 statement of 2 done/,
      );
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
    assert.deepEqual(
      statuses(),
      ["001:applied", "002:running"],
      "the crash leaves the row running",
    );
    const after = ok(await cli(["status"]));
    assert.match(after.stdout, /^\s+running\s+002\s+slow\s+since /m);
    const doc = await statusJson();
    assert.deepEqual(
      doc.problems.map((p) => [p.kind, p.version]),
      [["running", "002"]],
    );
    assert.equal((await cli(["check"])).code, 1);
  });

  test("stamped rows are marked until they are applied for real", async () => {
    writeFiles(mig(), {
      "001_one.sql": FILES["001_one.sql"]!,
      "002_two.sql": FILES["002_two.sql"]!,
    });
    ok(await cli(["stamp", "001"]));
    ok(await cli(["up"]));
    assert.ok(!tableExists("one"), "stamp ran nothing");
    assert.deepEqual(statuses(), ["001:applied", "002:applied"]);
    let r = ok(await cli(["status"]));
    assert.match(r.stdout, /^\s+stamped\s+001\s+one\s+\S+ \S+ [+-]\d\d:\d\d\s+not run$/m);
    assert.match(r.stdout, /^\s+applied\s+002\s+two\s/m);
    let doc = await statusJson();
    assert.deepEqual(
      doc.applied.map((a) => [a.version, a.stamped]),
      [
        ["001", true],
        ["002", false],
      ],
    );
    ok(await cli(["down", "--to", "zero"]));
    ok(await cli(["up"]));
    assert.ok(tableExists("one"), "applied for real this time");
    doc = await statusJson();
    assert.deepEqual(
      doc.applied.map((a) => [a.version, a.stamped]),
      [
        ["001", false],
        ["002", false],
      ],
    );
    r = ok(await cli(["status"]));
    assert.doesNotMatch(r.stdout, /stamped/);
  });

  test("a changed repeatable is listed once, as pending and changed", async () => {
    writeFiles(mig(), {
      "001_one.sql": FILES["001_one.sql"]!,
      "R__view.sql": "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 1 AS x;\n",
    });
    ok(await cli(["up"]));
    writeFiles(mig(), {
      "R__view.sql": "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 2 AS x;\n",
    });
    const r = ok(await cli(["status"]));
    const lines = r.stdout.split("\n").filter((l) => l.includes("R__view"));
    assert.equal(lines.length, 1, r.stdout);
    assert.match(lines[0]!, /^\s+pending\s+R__view\s+view\s+changed since it last ran/);
    const doc = await statusJson();
    assert.deepEqual(
      doc.applied.map((a) => a.version),
      ["001"],
    );
    assert.deepEqual(doc.pending, [{ version: "R__view", name: "view", changed: true }]);
    assert.deepEqual(
      statuses(),
      ["001:applied", "R__view:applied"],
      "the row still has the old run",
    );
  });
});

describe("an applied migration whose file was deleted", () => {
  test("up warns naming it and goes on; status and check report it", async () => {
    writeFiles(mig(), {
      "001_one.sql": FILES["001_one.sql"]!,
      "002_two.sql": FILES["002_two.sql"]!,
    });
    ok(await cli(["up"]));
    rmSync(join(mig(), "002_two.sql"));
    writeFiles(mig(), { "003_three.sql": FILES["003_three.sql"]! });
    const r = ok(await cli(["up"]));
    assert.match(r.stderr, /warning: 002 \(two\) is applied but its file is gone/);
    assert.match(r.stdout, /Applied 1 migration/);
    assert.deepEqual(statuses(), ["001:applied", "002:applied", "003:applied"]);
    assert.ok(tableExists("three"));

    const check = await cli(["check"]);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /missing_file: 002 \(two\)/);
    const doc = await statusJson();
    assert.deepEqual(
      doc.problems.map((p) => [p.kind, p.version]),
      [["missing_file", "002"]],
    );
    const again = ok(await cli(["up"]));
    assert.match(again.stderr, /warning: 002 \(two\)/);
    assert.match(again.stdout, /up to date/);
  });

  test("redo refuses before rolling back", async () => {
    writeFiles(mig(), {
      "001_one.sql": FILES["001_one.sql"]!,
      "002_two.sql": FILES["002_two.sql"]!,
    });
    ok(await cli(["up"]));
    rmSync(join(mig(), "002_two.sql"));
    const r = await cli(["redo"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Cannot redo 002 \(two\): its file is gone.*Nothing was rolled back/);
    assert.doesNotMatch(r.stdout, /Rolled back/);
    assert.deepEqual(statuses(), ["001:applied", "002:applied"]);
    assert.ok(tableExists("two"), "nothing was rolled back");
  });
});

describe("an empty up --to says why while migrations are pending", () => {
  test("an older version, the current one and +0; nothing changes", async () => {
    writeFiles(mig(), FILES);
    ok(await cli(["up", "--to", "003"]));
    const before = statuses();
    let r = ok(await cli(["up", "--to", "002"]));
    assert.match(
      r.stdout,
      /^Nothing to apply: 002 is already applied \(current 003\); 2 migrations are pending — use `tidemark down --to 002` to go back$/m,
    );
    assert.doesNotMatch(r.stdout, /up to date/);
    r = ok(await cli(["up", "--to", "003"]));
    assert.match(
      r.stdout,
      /Nothing to apply: 003 is already applied \(it is the current version\); 2 migrations are pending/,
    );
    r = ok(await cli(["up", "--to", "+0"]));
    assert.match(
      r.stdout,
      /^Nothing to apply: \+0 asks for no migration; 2 migrations are pending$/m,
    );
    r = ok(await cli(["up", "--to", "002", "--dry-run"]));
    assert.match(r.stdout, /Nothing to apply: 002 is already applied/);
    r = ok(await cli(["up", "--to", "+0", "--json"]));
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.steps, []);
    assert.equal(doc.note, "Nothing to apply: +0 asks for no migration; 2 migrations are pending");
    assert.deepEqual(statuses(), before);
    assert.ok(!tableExists("four"));
    ok(await cli(["up"]));
    r = ok(await cli(["up", "--to", "002"]));
    assert.match(r.stdout, /Nothing to apply: the database is up to date\./);
  });
});
