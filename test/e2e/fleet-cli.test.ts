/**
 * The built CLI across many databases: SQLite files from a targets file and from the config,
 * PostgreSQL tenant schemas from a schema query. Progress lines, summary, exit codes, JSON with
 * one entry per target, version skew, canary, and passwords never shown.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, tempDir, withDbAndFolder } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const MIGRATIONS = {
  "001_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
  "002_b.sql": "-- migrate:up\nCREATE TABLE b (id int);\n-- migrate:down\nDROP TABLE b;\n",
};

function sqliteTables(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1").all();
    return rows.map((r) => (r as { name: string }).name);
  } finally {
    db.close();
  }
}

/** A folder with migrations and a targets file of `n` SQLite files; runs `fn`, then removes it. */
async function withSqliteFleet(
  n: number,
  fn: (cwd: string, files: string[]) => Promise<void>,
): Promise<void> {
  const dir = tempDir();
  try {
    writeFiles(join(dir.path, "migrations"), MIGRATIONS);
    const files = Array.from({ length: n }, (_, i) => join(dir.path, `t${i + 1}.db`));
    writeFileSync(
      join(dir.path, "targets.txt"),
      `# tenants\n${files.map((f) => `sqlite:${f}`).join("\n")}\n`,
    );
    await fn(dir.path, files);
  } finally {
    dir.remove();
  }
}

describe("tidemark --targets on SQLite files", () => {
  test("up: one line per target, a summary; a re-run is up to date; --json has one entry per target", async () => {
    await withSqliteFleet(5, async (cwd, files) => {
      const first = await runCli(["up", "--targets", "targets.txt", "--concurrency", "2"], { cwd });
      assert.equal(first.code, 0, first.stderr);
      const lines = first.stdout.split("\n").filter((l) => l.startsWith("✓"));
      assert.equal(lines.length, 5);
      for (const l of lines) assert.match(l, /^✓ sqlite:\S+t\d\.db\s+2 applied\s+\d/);
      assert.match(first.stdout, /5 targets in .*: 5 applied, 0 up to date, 0 failed, 0 skipped/);
      for (const f of files) assert.deepEqual(sqliteTables(f).slice(0, 2), ["a", "b"]);

      const again = await runCli(["up", "--targets", "targets.txt", "--json"], { cwd });
      assert.equal(again.code, 0, again.stderr);
      const doc = JSON.parse(again.stdout);
      assert.equal(doc.command, "up");
      assert.equal(doc.targets.length, 5);
      assert.deepEqual(Object.keys(doc.targets[0]), [
        "target",
        "status",
        "outcome",
        "durationMs",
        "result",
      ]);
      assert.deepEqual(doc.targets[0].result, {
        direction: "up",
        dryRun: false,
        steps: [],
        interrupted: false,
      });
      assert.equal(doc.targets[4].target, `sqlite:${files[4]}`);
      assert.deepEqual(
        { ...doc.summary, durationMs: 0 },
        {
          targets: 5,
          applied: 0,
          up_to_date: 5,
          failed: 0,
          skipped: 0,
          interrupted: false,
          durationMs: 0,
        },
      );
    });
  });

  test("a failing canary: exit 1, the failure listed, the other files never created", async () => {
    await withSqliteFleet(4, async (cwd, files) => {
      const blocker = new Database(files[0]!);
      blocker.exec("CREATE TABLE b (x int)");
      blocker.close();
      const r = await runCli(["up", "--targets", "targets.txt", "--canary", "1"], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^✗ sqlite:\S+t1\.db\s+failed: table b already exists/m);
      assert.match(r.stdout, /Failed \(1\):\n {2}✗ sqlite:\S+t1\.db: table b already exists/);
      assert.match(r.stdout, /A canary failed: the other targets were not started/);
      assert.match(r.stdout, /1 failed, 3 skipped/);
      for (const f of files.slice(1)) assert.equal(existsSync(f), false);
    });
  });

  test("targets in the config: status fans out and shows the skew; check exits 2 while one is behind", async () => {
    await withSqliteFleet(3, async (cwd, files) => {
      writeFileSync(
        join(cwd, "tidemark.config.json"),
        JSON.stringify({ targets: { file: "targets.txt" } }),
      );
      assert.equal((await runCli(["up"], { cwd })).code, 0);
      assert.equal(
        (
          await runCli(
            [
              "down",
              "--targets",
              "targets.txt",
              "--canary",
              "1",
              "--concurrency",
              "1",
              "--on-error",
              "stop",
            ],
            { cwd },
          )
        ).code,
        0,
      );
      // One target forward again: two at 001, one at 002.
      assert.equal((await runCli(["up", "--url", `sqlite:${files[1]}`], { cwd })).code, 0);
      const status = await runCli(["status"], { cwd });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, /Version skew \(2 versions\):/);
      assert.match(status.stdout, /^ {2}002 {2}1 target\s+sqlite:\S+t2\.db$/m);
      assert.match(
        status.stdout,
        /^ {2}001 {2}2 targets {2}2 pending {2}sqlite:\S+t1\.db, sqlite:\S+t3\.db$/m,
      );
      const json = JSON.parse((await runCli(["status", "--json"], { cwd })).stdout);
      assert.deepEqual(
        json.skew.map((g: { current: string; targets: string[] }) => [g.current, g.targets.length]),
        [
          ["002", 1],
          ["001", 2],
        ],
      );
      const check = await runCli(["check"], { cwd });
      assert.equal(check.code, 2);
      // --url names one database: the config's targets are not used.
      const one = await runCli(["check", "--url", `sqlite:${files[1]}`], { cwd });
      assert.equal(one.code, 0);
      assert.match(one.stdout, /^Up to date/);
    });
  });

  test("bad input: fan-out flags without targets, --concurrency 0, a missing targets file", async () => {
    await withSqliteFleet(1, async (cwd) => {
      const stray = await runCli(["up", "--concurrency", "2"], { cwd });
      assert.equal(stray.code, 1);
      assert.match(stray.stderr, /--concurrency needs targets/);
      const zero = await runCli(["up", "--targets", "targets.txt", "--concurrency", "0"], { cwd });
      assert.equal(zero.code, 1);
      assert.match(zero.stderr, /--concurrency takes a whole number of at least 1/);
      const missing = await runCli(["status", "--targets", "nope.txt"], { cwd });
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /Cannot read the targets file/);
      const alone = await runCli(["status", "--targets"], { cwd });
      assert.match(alone.stderr, /--targets without a file needs `targets` in the config file/);
    });
  });
});

describe("tidemark on PostgreSQL tenant schemas", { skip: await engineSkip("postgres") }, () => {
  test("a schema query: up across tenants, failures listed, JSON skew, no password anywhere", async () => {
    await withDbAndFolder("postgres", async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_items.sql": "CREATE TABLE items (id int PRIMARY KEY);\n",
        "002_widgets.sql": "CREATE TABLE widgets (id int);\n",
      });
      const tenants = ["tenant_a", "tenant_b", "tenant_c", "tenant_d"];
      await pgQuery(
        db.url,
        `${tenants.map((t) => `CREATE SCHEMA ${t};`).join("")} CREATE TABLE tenant_b.widgets (x int);`,
      );
      // Trust authentication ignores the password, so it can stand in for a real one.
      const url = db.url.replace("postgres@", "postgres:s3cretpw@");
      writeFileSync(
        join(cwd, "tidemark.config.json"),
        JSON.stringify({
          targets: {
            url,
            schemasQuery:
              "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant%' ORDER BY 1",
          },
        }),
      );
      const r = await runCli(["up", "--concurrency", "3", "--on-error", "continue"], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^✓ tenant_a\s+2 applied/m);
      assert.match(r.stdout, /^✗ tenant_b\s+failed: .*widgets.*already exists/m);
      assert.match(r.stdout, /4 targets in .*: 3 applied, 0 up to date, 1 failed, 0 skipped/);
      assert.match(r.stdout, /Failed \(1\):\n {2}✗ tenant_b: /);
      const tables = await pgQuery(
        db.url,
        "SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'items' ORDER BY 1",
      );
      assert.deepEqual(
        tables.map((t) => t.s),
        tenants,
      );

      const status = await runCli(["status", "--json"], { cwd });
      assert.equal(status.code, 0, status.stderr);
      const doc = JSON.parse(status.stdout);
      assert.deepEqual(doc.skew, [
        { current: "002", targets: ["tenant_a", "tenant_c", "tenant_d"], pending: 0, problems: 0 },
        { current: "001", targets: ["tenant_b"], pending: 1, problems: 0 },
      ]);

      // An unreachable target with a password: its failure line hides it.
      writeFileSync(
        join(cwd, "more.txt"),
        `${url}?schema=tenant_a\npostgres://postgres:s3cretpw@127.0.0.1:1/x?connect_timeout=2\n`,
      );
      const bad = await runCli(["status", "--targets", "more.txt", "--on-error", "continue"], {
        cwd,
      });
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, /✗ postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x\S*\s+failed: /);
      for (const out of [r, status, bad]) assert.doesNotMatch(out.stdout + out.stderr, /s3cretpw/);
    });
  });
});
