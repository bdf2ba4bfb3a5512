/**
 * The built CLI on SQLite: the run-long lock leaves nothing beside the database (after up, down,
 * a failed migration, a killed run), a second run waits and names the holder, and read-only
 * commands never create a missing database file.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { CLI, cleanEnv, runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

const URL = "sqlite:./db/app.db";
const sqlFile = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;
/** A code migration that records its run in `runs`, says "started", then waits `ms`. */
const slowFile = (v: string, ms: number) =>
  `export async function up(ctx) {\n  await ctx.query("INSERT INTO runs (v) VALUES ('${v}')");\n  ctx.log("started");\n  await new Promise((r) => setTimeout(r, ${ms}));\n}\nexport async function down() {}\n`;

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const mig = () => join(dir.path, "migrations");
const dbDir = () => join(dir.path, "db");

const rows = (sql: string) => sqliteRows(join(dbDir(), "app.db"), sql);

/** Starts `tidemark up` and resolves once a migration has logged "started". */
async function startUp(args: readonly string[] = []) {
  const child = spawn(process.execPath, [CLI, "up", "--url", URL, ...args], {
    cwd: cwd(),
    env: cleanEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  await new Promise<void>((resolve, reject) => {
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes("started")) resolve();
    });
    void exited.then(() => reject(new Error(`up ended before "started": ${stderr}${stdout}`)));
  });
  return { child, exited, output: () => ({ stdout, stderr }) };
}

beforeEach(() => {
  dir = tempDir();
  writeFiles(dbDir(), {});
});
afterEach(() => dir.remove());

describe("SQLite lock without litter (CLI)", () => {
  test("after up, down and a failed migration the folder holds only the database", async () => {
    writeFiles(mig(), { "001_a.sql": sqlFile("a"), "002_b.sql": sqlFile("b") });
    let r = await runCli(["up", "--url", URL], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dbDir()), ["app.db"]);
    r = await runCli(["down", "--url", URL], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(dbDir()), ["app.db"]);
    writeFiles(mig(), { "003_bad.sql": "-- migrate:up\nCREATE TABLE c (id INTEGER);\nNOT SQL;\n" });
    r = await runCli(["up", "--url", URL], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.deepEqual(readdirSync(dbDir()), ["app.db"]);
    assert.deepEqual(rows("SELECT * FROM tidemark_migrations_lock"), [], "lock row released");
    assert.deepEqual(
      rows("SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version"),
      [{ version: "001" }, { version: "002" }],
    );
  });

  test("a run killed with SIGKILL mid-migration leaves a stale lock the next run takes over", async () => {
    writeFiles(mig(), {
      "000_runs.sql":
        "-- migrate:up\nCREATE TABLE runs (v TEXT);\n-- migrate:down\nDROP TABLE runs;\n",
      "001_slow.mjs": slowFile("001", 60_000),
    });
    const run = await startUp();
    const killedPid = run.child.pid!;
    run.child.kill("SIGKILL");
    await run.exited;
    assert.deepEqual(
      rows("SELECT pid FROM tidemark_migrations_lock"),
      [{ pid: killedPid }],
      "the killed run's lock row is left behind",
    );
    assert.ok(existsSync(join(dbDir(), "app.db-journal")), "the kill left a hot journal");
    const status = await runCli(["status", "--url", URL], { cwd: cwd() });
    assert.equal(status.code, 0, status.stderr);
    assert.match(
      status.stdout,
      /pending\s+001\s+slow/,
      "read-only status reads past the hot journal",
    );
    writeFileSync(join(mig(), "001_slow.mjs"), slowFile("001", 0));
    const r = await runCli(["up", "--url", URL, "--lock-wait", "10"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Applied 1 migration/);
    assert.deepEqual(rows("SELECT v FROM runs"), [{ v: "001" }], "the killed insert rolled back");
    assert.deepEqual(rows("SELECT * FROM tidemark_migrations_lock"), []);
    assert.deepEqual(readdirSync(dbDir()), ["app.db"], "no -journal or lock file left");
  });

  test("two concurrent ups: the second waits naming the holder, each migration runs once", async () => {
    writeFiles(mig(), {
      "000_runs.sql":
        "-- migrate:up\nCREATE TABLE runs (v TEXT);\n-- migrate:down\nDROP TABLE runs;\n",
      "001_slow.mjs": slowFile("001", 1500),
      "002_after.sql": "-- migrate:up\nINSERT INTO runs (v) VALUES ('002');\n-- migrate:down\n",
    });
    const first = await startUp();
    const second = await runCli(["up", "--url", URL, "--lock-wait", "30"], { cwd: cwd() });
    const firstCode = await first.exited;
    assert.equal(firstCode, 0, first.output().stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stderr,
      new RegExp(
        `Waiting up to 30 s for the migration lock, held by tidemark \\S+ \\S+:${first.child.pid}, since `,
      ),
    );
    assert.match(first.output().stdout, /Applied 3 migrations/);
    assert.deepEqual(rows("SELECT v FROM runs ORDER BY v"), [{ v: "001" }, { v: "002" }]);
    assert.deepEqual(
      rows(
        "SELECT version, COUNT(*) AS n FROM tidemark_migrations_log WHERE action = 'up' GROUP BY version ORDER BY version",
      ),
      [
        { version: "000", n: 1 },
        { version: "001", n: 1 },
        { version: "002", n: 1 },
      ],
    );
    assert.deepEqual(readdirSync(dbDir()), ["app.db"]);
  });
});

describe("read-only commands never create a SQLite file", () => {
  for (const command of ["status", "history", "validate", "check", "sql"]) {
    test(`${command} on a missing file says "no such database" and creates nothing`, async () => {
      writeFiles(mig(), { "001_a.sql": sqlFile("a") });
      const r = await runCli([command, "--url", "sqlite:./typo.db"], { cwd: cwd() });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, /^error: No such database: \.\/typo\.db\n/i);
      assert.match(r.stderr, /run `tidemark up` to create it/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
      assert.equal(existsSync(join(cwd(), "typo.db")), false);
      assert.deepEqual(readdirSync(cwd()).sort(), ["db", "migrations"]);
    });
  }

  test("status on an existing file works, and sqlite::memory: still works", async () => {
    writeFiles(mig(), { "001_a.sql": sqlFile("a") });
    let r = await runCli(["status", "--url", "sqlite::memory:"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /pending\s+001\s+a/);
    r = await runCli(["up", "--url", "sqlite::memory:"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Applied 1 migration/);
    r = await runCli(["up", "--url", URL], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    r = await runCli(["status", "--url", URL], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /applied\s+001\s+a/);
    assert.deepEqual(readdirSync(dbDir()), ["app.db"]);
  });
});
