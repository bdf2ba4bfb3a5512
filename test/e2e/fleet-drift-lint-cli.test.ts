/**
 * `drift` and `lint` across targets with the built CLI: SQLite files from a targets file and
 * PostgreSQL tenant schemas from a schema query. Drift is found on exactly the target changed
 * by hand; lint reads what each target has pending, in that database.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, tempDir, withDbAndFolder } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const MIGRATIONS = {
  "001_a.sql": "-- migrate:up\nCREATE TABLE a (id int);\n-- migrate:down\nDROP TABLE a;\n",
  "002_b.sql":
    "-- migrate:up\nALTER TABLE a ADD COLUMN b int NOT NULL;\n-- migrate:down\nALTER TABLE a DROP COLUMN b;\n",
};

/** Three SQLite files at 001, a targets file listing them; runs `fn`, then removes the folder. */
async function withThreeFiles(fn: (cwd: string, files: string[]) => Promise<void>) {
  const dir = tempDir();
  try {
    writeFiles(join(dir.path, "migrations"), MIGRATIONS);
    const files = [1, 2, 3].map((i) => join(dir.path, `t${i}.db`));
    writeFileSync(join(dir.path, "targets.txt"), files.map((f) => `sqlite:${f}\n`).join(""));
    const up = await runCli(["up", "--targets", "targets.txt", "--to", "001"], { cwd: dir.path });
    assert.equal(up.code, 0, up.stderr);
    await fn(dir.path, files);
  } finally {
    dir.remove();
  }
}

function sqliteExec(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

type Entry = { target: string; outcome: string; result: Record<string, unknown> };

describe("drift and lint --targets on SQLite files", () => {
  test("drift: found on exactly the file changed by hand, listed, exit 1; JSON one entry per target", async () => {
    await withThreeFiles(async (cwd, files) => {
      const clean = await runCli(["drift", "--targets", "targets.txt"], { cwd });
      assert.equal(clean.code, 0, clean.stderr);
      assert.match(clean.stdout, /3 targets in .*: 3 no drift, 0 drifted, 0 failed, 0 skipped/);

      sqliteExec(files[1]!, "CREATE TABLE added_by_hand (x int)");
      const r = await runCli(["drift", "--targets", "targets.txt", "--concurrency", "2"], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^! sqlite:\S+t2\.db\s+drift in 1 object/m);
      assert.equal(r.stdout.match(/^✓ sqlite:\S+\s+no drift/gm)?.length, 2);
      assert.match(r.stdout, /Drift on sqlite:\S+t2\.db \(1 object;.*\n {2}\+ table added_by_hand/);
      assert.match(r.stdout, /3 targets in .*: 2 no drift, 1 drifted, 0 failed, 0 skipped/);

      const json = await runCli(["drift", "--targets", "targets.txt", "--json"], { cwd });
      assert.equal(json.code, 1);
      const doc = JSON.parse(json.stdout) as { command: string; targets: Entry[]; summary: object };
      assert.equal(doc.command, "drift");
      assert.deepEqual(
        doc.targets.map((e) => [e.target.replace(/^.*\//, ""), e.outcome, e.result.equal]),
        [
          ["t1.db", "no drift", true],
          ["t2.db", "drifted", false],
          ["t3.db", "no drift", true],
        ],
      );
      assert.deepEqual(
        (doc.targets[1]!.result.differences as { name: string; change: string }[]).map((d) => [
          d.name,
          d.change,
        ]),
        [["added_by_hand", "extra"]],
      );
      assert.match(JSON.stringify(doc.summary), /"no_drift":2,"drifted":1,"failed":0/);
    });
  });

  test("lint: each target's pending migrations; a target already past them is clean", async () => {
    await withThreeFiles(async (cwd, files) => {
      // t3 applied 002 already (the file was fine while its table was empty): nothing pending there.
      assert.equal((await runCli(["up", "--url", `sqlite:${files[2]}`], { cwd })).code, 0);
      const r = await runCli(["lint", "--targets", "targets.txt"], { cwd });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stdout, /^! sqlite:\S+t1\.db\s+1 pending migration, 1 error/m);
      assert.match(r.stdout, /^✓ sqlite:\S+t3\.db\s+0 pending migrations, clean/m);
      // The finding is printed once, naming the two targets it was found on.
      assert.equal(r.stdout.match(/not-null-without-default/g)?.length, 1);
      assert.match(r.stdout, /on sqlite:\S+t1\.db, sqlite:\S+t2\.db:\n002_b\.sql:2:1 {2}error/);
      assert.match(r.stdout, /3 targets in .*: 1 clean, 0 warnings, 2 errors, 0 failed/);

      const json = await runCli(["lint", "--targets", "targets.txt", "--format", "json"], { cwd });
      assert.equal(json.code, 1);
      const doc = JSON.parse(json.stdout) as { command: string; targets: Entry[] };
      assert.equal(doc.command, "lint");
      assert.deepEqual(
        doc.targets.map((e) => [e.outcome, e.result.migrations, e.result.errors]),
        [
          ["errors", 1, 1],
          ["errors", 1, 1],
          ["clean", 0, 0],
        ],
      );
    });
  });

  test("lint: --dialect is offline and refuses --targets; a target lint cannot reach exits 2", async () => {
    await withThreeFiles(async (cwd) => {
      const offline = await runCli(["lint", "--targets", "targets.txt", "--dialect", "sqlite"], {
        cwd,
      });
      assert.equal(offline.code, 2);
      assert.match(offline.stderr, /--dialect lints without a database: not with --targets/);
      writeFileSync(
        join(cwd, "bad.txt"),
        `sqlite:${join(cwd, "t1.db")}\nsqlite:${join(cwd, "nope", "x.db")}\n`,
      );
      const r = await runCli(["lint", "--targets", "bad.txt", "--on-error", "continue"], { cwd });
      assert.equal(r.code, 2);
      assert.match(r.stdout, /^✗ sqlite:\S+nope\/x\.db\s+failed: /m);
      assert.match(r.stdout, /Failed \(1\):/);
    });
  });
});

describe("drift and lint on PostgreSQL tenant schemas", {
  skip: await engineSkip("postgres"),
}, () => {
  test("drift: exactly the tenant changed by hand drifts, and only in its own schema", async () => {
    await withDbAndFolder("postgres", async (db, dir, cwd) => {
      writeFiles(dir, {
        "001_items.sql": "CREATE TABLE items (id int PRIMARY KEY, name text);\n",
        "002_tags.sql": "CREATE TABLE tags (id int PRIMARY KEY);\n",
      });
      await pgQuery(
        db.url,
        "CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA tenant_c;",
      );
      writeFileSync(
        join(cwd, "tidemark.config.json"),
        JSON.stringify({
          targets: {
            url: db.url,
            schemasQuery:
              "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant%' ORDER BY 1",
          },
        }),
      );
      assert.equal((await runCli(["up"], { cwd })).code, 0);
      await pgQuery(db.url, "ALTER TABLE tenant_b.items ADD COLUMN note text");
      const r = await runCli(["drift", "--json"], { cwd });
      assert.equal(r.code, 1, r.stderr);
      const doc = JSON.parse(r.stdout) as { targets: Entry[] };
      assert.deepEqual(
        doc.targets.map((e) => [
          e.target,
          e.outcome,
          (e.result.differences as { name: string }[]).map((d) => d.name),
        ]),
        [
          ["tenant_a", "no drift", []],
          ["tenant_b", "drifted", ["tenant_b.items.note"]],
          ["tenant_c", "no drift", []],
        ],
      );
      // status --drift across targets: the drift is tenant_b's problem, and only its.
      const status = await runCli(["status", "--drift", "--json"], { cwd });
      assert.equal(status.code, 0, status.stderr);
      assert.deepEqual(
        JSON.parse(status.stdout).targets.map((e: Entry) => [
          e.target,
          (e.result.problems as { kind: string }[]).map((p) => p.kind),
        ]),
        [
          ["tenant_a", []],
          ["tenant_b", ["drift"]],
          ["tenant_c", []],
        ],
      );
      // The column is still there: drift reads, it never changes the database.
      const cols = await pgQuery(
        db.url,
        "SELECT table_schema AS s FROM information_schema.columns WHERE column_name = 'note'",
      );
      assert.deepEqual(
        cols.map((c) => c.s),
        ["tenant_b"],
      );

      writeFiles(dir, { "003_drop.sql": "DROP TABLE tags;\n" });
      const lint = await runCli(["lint"], { cwd });
      assert.equal(lint.code, 1, lint.stderr);
      assert.match(lint.stdout, /^on every target:\n003_drop\.sql:1:1 {2}error {2}drop-table/m);
      assert.match(lint.stdout, /3 targets in .*: 0 clean, 0 warnings, 3 errors/);
    });
  });
});
