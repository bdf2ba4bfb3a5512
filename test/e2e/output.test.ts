/**
 * What the built CLI prints, as machines and people read it, on SQLite: documents that are whole
 * however large and however slowly they are read, a failed run's completed steps, dry runs that
 * show their SQL and refuse what the run refuses, times with their zone, counts in the right
 * number, and the signal messages. Every test checks the database file too.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { CLI, type CliResult, cleanEnv, runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

const migration = (table: string, down = `DROP TABLE ${table};`) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\n${down}\n`;

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const mig = () => join(dir.path, "migrations");
const dbFile = () => join(dir.path, "tidemark.db");
const cli = (args: readonly string[], env?: Record<string, string>) =>
  runCli(args, { cwd: cwd(), env, timeoutMs: 120_000 });

beforeEach(() => {
  dir = tempDir("tidemark-output-");
});
afterEach(() => dir.remove());

const rows = (sql: string) => sqliteRows(dbFile(), sql);

const applied = () =>
  rows("SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version").map(
    (r) => r.version,
  );
const userTables = () =>
  rows(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'tidemark%' ORDER BY name",
  ).map((r) => r.name);
/** The tables, the tracking rows and the log: what a refused run must leave as it was. */
const contents = () => ({
  tables: userTables(),
  rows: rows("SELECT * FROM tidemark_migrations ORDER BY version"),
  log: rows("SELECT * FROM tidemark_migrations_log ORDER BY id"),
});
const fileHash = () => createHash("sha256").update(readFileSync(dbFile())).digest("hex");

/** Asserts exit `code` and one JSON document alone on stdout; returns it. */
function oneJson(r: CliResult, code = 0): Record<string, unknown> {
  assert.equal(r.code, code, `exit ${r.code}: ${r.stderr}`);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(r.stdout, `${JSON.stringify(doc, null, 2)}\n`, "nothing else on stdout");
  return doc;
}

/** `count` migration files, each creating its own table, written at once. */
function manyMigrations(count: number): void {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++)
    files[`${String(i).padStart(6, "0")}_create_table_number_${i}.sql`] = migration(`t${i}`);
  writeFiles(mig(), files);
}

/**
 * Runs the CLI with its stdout piped into a reader that waits half a second before it reads,
 * then reads a chunk every few milliseconds; returns what the reader got and the CLI's exit code.
 */
function throughSlowReader(args: readonly string[]): Promise<{ code: number; text: string }> {
  const reader = `
    const chunks = [];
    process.stdin.pause();
    setTimeout(() => process.stdin.resume(), 500);
    process.stdin.on("data", (c) => {
      chunks.push(c);
      process.stdin.pause();
      setTimeout(() => process.stdin.resume(), 3);
    });
    process.stdin.on("end", () => process.stdout.write(Buffer.concat(chunks)));`;
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const node = quote(process.execPath);
  const script = `${node} ${quote(CLI)} ${args.map(quote).join(" ")} | ${node} -e ${quote(reader)}; exit \${PIPESTATUS[0]}`;
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", script], {
      cwd: cwd(),
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    const out: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, text: Buffer.concat(out).toString() }));
  });
}

describe("large output through a slow pipe", () => {
  test("status --json with 5,000 pending is one whole document", async () => {
    manyMigrations(5000);
    const r = await throughSlowReader([
      "status",
      "--json",
      "--url",
      "sqlite::memory:",
      "--dir",
      "migrations",
    ]);
    assert.equal(r.code, 0);
    assert.ok(r.text.length > 131_072, `more than 128 KiB: ${r.text.length} bytes`);
    const doc = JSON.parse(r.text) as { pending: { version: string }[] };
    assert.equal(doc.pending.length, 5000);
    assert.equal(doc.pending.at(-1)!.version, "005000");
  });

  test("status --json and history --json with 5,000 applied are whole; so is status for people", async () => {
    manyMigrations(5000);
    const up = await cli(["up", "--single-transaction", "--quiet"]);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(rows("SELECT count(*) AS n FROM tidemark_migrations")[0]!.n, 5000);

    const status = await throughSlowReader(["status", "--json"]);
    assert.equal(status.code, 0);
    const doc = JSON.parse(status.text) as { applied: unknown[]; pending: unknown[] };
    assert.equal(doc.applied.length, 5000);
    assert.equal(doc.pending.length, 0);

    const history = await throughSlowReader(["history", "--json"]);
    assert.equal(history.code, 0);
    const log = JSON.parse(history.text) as { history: { action: string; version: string }[] };
    const ups = log.history.filter((e) => e.action === "up");
    assert.equal(ups.length, 5000);
    assert.equal(ups.at(-1)!.version, "005000");

    const human = await throughSlowReader(["status"]);
    assert.equal(human.code, 0);
    const lines = human.text.split("\n").filter((l) => /^\s+applied\s/.test(l));
    assert.equal(lines.length, 5000);
    assert.match(lines.at(-1)!, /005000\s+create_table_number_5000/);
    assert.match(human.text, /Up to date\.\n$/);
  });
});

describe("a failed run still prints one document", () => {
  const FAILING = {
    "001_a.sql": migration("a"),
    "002_b.sql": migration("b"),
    "003_c.sql": "-- migrate:up\nCREATE TABLE c (id INTEGER);\nINSERT INTO nope VALUES (1);\n",
  };

  test("up --json: the steps that completed, then the error", async () => {
    writeFiles(mig(), FAILING);
    const doc = oneJson(await cli(["up", "--json"]), 1);
    assert.equal(doc.direction, "up");
    const steps = doc.steps as { version: string; status: string; durationMs: number }[];
    assert.deepEqual(
      steps.map((s) => [s.version, s.status]),
      [
        ["001", "applied"],
        ["002", "applied"],
      ],
    );
    assert.ok(steps.every((s) => typeof s.durationMs === "number"));
    const error = doc.error as { code: string; file: string; line: number };
    assert.deepEqual([error.code, error.file, error.line], ["E_MIGRATION", "003_c.sql", 3]);
    assert.deepEqual(applied(), ["001", "002"]);
    assert.deepEqual(userTables(), ["a", "b"]);
  });

  test("up --single-transaction --json: no step stays, so none is listed", async () => {
    writeFiles(mig(), FAILING);
    const doc = oneJson(await cli(["up", "--json", "--single-transaction"]), 1);
    assert.deepEqual(doc.steps, []);
    assert.equal((doc.error as { code: string }).code, "E_MIGRATION");
    assert.deepEqual(userTables(), []);
  });

  test("down --json: the steps rolled back, then the error", async () => {
    writeFiles(mig(), {
      "001_a.sql": migration("a"),
      "002_b.sql": migration("b", "DROP TABLE b;\nDROP TABLE nope;"),
      "003_c.sql": migration("c"),
    });
    assert.equal((await cli(["up"])).code, 0);
    const doc = oneJson(await cli(["down", "--to", "zero", "--json"]), 1);
    assert.equal(doc.direction, "down");
    assert.deepEqual(
      (doc.steps as { version: string; status: string }[]).map((s) => [s.version, s.status]),
      [["003", "rolled_back"]],
    );
    assert.equal((doc.error as { version: string }).version, "002");
    assert.deepEqual(applied(), ["001", "002"]);
    assert.deepEqual(userTables(), ["a", "b"]);
  });
});

describe("dry runs show their SQL and change nothing", () => {
  test("up --dry-run: each step aligned like up, its SQL under it; JSON sql per step", async () => {
    writeFiles(mig(), { "001_one.sql": migration("one") });
    assert.equal((await cli(["up"])).code, 0);
    writeFiles(mig(), {
      "002_second_table.sql":
        "-- migrate:up\nCREATE TABLE two (id INTEGER);\nCREATE INDEX two_id ON two (id);\n-- migrate:down\nDROP TABLE two;\n",
      "10_x.sql": migration("x"),
      "R__view.sql": "-- migrate:up\nCREATE VIEW v AS SELECT 1 AS x;\n",
      "011_code.js":
        "export async function up(ctx) { await ctx.sql`CREATE TABLE code (id INTEGER)`; }\n",
    });
    const hash = fileHash();
    const r = await cli(["up", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout.split("\n").slice(1).join("\n"),
      [
        "Dry run: would apply 4 migrations:",
        "  → 002  second_table",
        "      CREATE TABLE two (id INTEGER);",
        "      CREATE INDEX two_id ON two (id);",
        "  → 10   x",
        "      CREATE TABLE x (id INTEGER);",
        "  → 011  code",
        "      -- code migration: its SQL is decided when it runs",
        "  → R    view",
        "      CREATE VIEW v AS SELECT 1 AS x;",
        "",
      ].join("\n"),
    );
    const doc = oneJson(await cli(["up", "--dry-run", "--json"]));
    assert.equal(doc.dryRun, true);
    assert.deepEqual(
      (doc.steps as { id: string; sql: string | null; status: string }[]).map((s) => [
        s.id,
        s.status,
        s.sql,
      ]),
      [
        ["002", "planned", "CREATE TABLE two (id INTEGER);\nCREATE INDEX two_id ON two (id);"],
        ["10", "planned", "CREATE TABLE x (id INTEGER);"],
        ["011", "planned", null],
        ["R__view", "planned", "CREATE VIEW v AS SELECT 1 AS x;"],
      ],
    );
    assert.match((doc.steps as { note?: string }[])[2]!.note ?? "", /code migration/);
    assert.equal(fileHash(), hash, "the database file is byte for byte the same");
    assert.deepEqual(applied(), ["001"]);
  });

  test("down --dry-run shows the stored down SQL that would run, not the edited file's", async () => {
    writeFiles(mig(), {
      "001_one.sql": migration("one"),
      "002_two.sql": migration("two", "DROP TABLE two; -- as applied"),
    });
    assert.equal((await cli(["up"])).code, 0);
    writeFileSync(join(mig(), "002_two.sql"), migration("two", "DROP TABLE two; -- edited"));
    const hash = fileHash();
    const r = await cli(["down", "--dry-run", "--to", "zero"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Dry run: would roll back 2 migrations:\n {2}↩ 002 {2}two\n {6}-- the down SQL stored when it was applied\n {6}DROP TABLE two; -- as applied\n {2}↩ 001 {2}one\n/,
    );
    const doc = oneJson(await cli(["down", "--dry-run", "--json"]));
    assert.deepEqual(
      (doc.steps as { id: string; sql: string }[]).map((s) => [s.id, s.sql]),
      [["002", "DROP TABLE two; -- as applied"]],
    );
    assert.equal(fileHash(), hash);
    assert.deepEqual(applied(), ["001", "002"]);
  });

  test("redo --dry-run: the down, then the up, each with its SQL", async () => {
    writeFiles(mig(), { "001_one.sql": migration("one"), "002_two.sql": migration("two") });
    assert.equal((await cli(["up"])).code, 0);
    const hash = fileHash();
    const r = await cli(["redo", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /would roll back 1 migration:\n {2}↩ 002 {2}two\n.*\n {6}DROP TABLE two;\nDry run: would apply 1 migration:\n {2}→ 002 {2}two\n {6}CREATE TABLE two \(id INTEGER\);\n$/,
    );
    const doc = oneJson(await cli(["redo", "--dry-run", "--json"]));
    const reports = doc.reports as { direction: string; steps: { id: string; sql: string }[] }[];
    assert.deepEqual(
      reports.map((x) => [x.direction, x.steps.map((s) => [s.id, s.sql])]),
      [
        ["down", [["002", "DROP TABLE two;"]]],
        ["up", [["002", "CREATE TABLE two (id INTEGER);"]]],
      ],
    );
    assert.equal(fileHash(), hash);
    assert.deepEqual(applied(), ["001", "002"]);
    assert.equal(
      rows("SELECT count(*) AS n FROM tidemark_migrations_log WHERE action = 'down'")[0]!.n,
      0,
    );
  });
});

describe("a dry run refuses what the run refuses", () => {
  /** The dry run and then the real run fail with the same error line; the database is unchanged by either. */
  async function refusedAlike(args: readonly string[], message: RegExp): Promise<void> {
    const hash = fileHash();
    const dry = await cli([...args, "--dry-run"]);
    assert.equal(dry.code, 1, dry.stdout);
    const dryError = dry.stderr.split("\n").find((l) => l.startsWith("error:"));
    assert.match(dryError ?? "", message);
    assert.equal(fileHash(), hash, "the dry run changed nothing");
    // The real run takes the lock, which SQLite keeps in the file: compare what it holds.
    const before = contents();
    const real = await cli(args);
    assert.equal(real.code, 1, real.stdout);
    assert.equal(
      real.stderr.split("\n").find((l) => l.startsWith("error:")),
      dryError,
    );
    assert.deepEqual(contents(), before, "the refused run changed nothing");
  }

  test("--single-transaction with a no-transaction file", async () => {
    writeFiles(mig(), { "001_one.sql": migration("one") });
    assert.equal((await cli(["up"])).code, 0);
    writeFiles(mig(), {
      "002_two.sql": migration("two"),
      "003_vacuum.sql":
        "-- migrate:up\n-- tidemark:no-transaction\nCREATE TABLE three (id INTEGER);\n",
    });
    await refusedAlike(
      ["up", "--single-transaction"],
      /003_vacuum\.sql cannot run inside --single-transaction: the file asks for no transaction/,
    );
    assert.deepEqual(applied(), ["001"], "002 was not applied before the refusal");
  });

  test("an irreversible step in a down", async () => {
    writeFiles(mig(), {
      "001_one.sql": migration("one"),
      "002_two.sql": "-- migrate:up\nCREATE TABLE two (id INTEGER);\n",
      "003_three.sql": migration("three"),
    });
    assert.equal((await cli(["up"])).code, 0);
    await refusedAlike(["down", "--to", "zero"], /Cannot roll back 002_two\.sql: .*irreversible/);
    assert.deepEqual(applied(), ["001", "002", "003"]);
  });

  test("a failed row blocking up", async () => {
    writeFiles(mig(), {
      "001_one.sql":
        "-- migrate:up\n-- tidemark:no-transaction\nCREATE TABLE one (id INTEGER);\nINSERT INTO nope VALUES (1);\n",
    });
    assert.equal((await cli(["up"])).code, 1);
    assert.deepEqual(rows("SELECT status FROM tidemark_migrations"), [{ status: "failed" }]);
    writeFiles(mig(), { "002_two.sql": migration("two") });
    await refusedAlike(["up"], /001_one\.sql failed at statement 2/);
  });

  test("out of order without the flag; with it the step is listed as out of order", async () => {
    writeFiles(mig(), { "002_two.sql": migration("two") });
    assert.equal((await cli(["up"])).code, 0);
    writeFiles(mig(), { "001_one.sql": migration("one") });
    await refusedAlike(["up"], /001_one\.sql \(version 001\) is older than the current version/);
    const hash = fileHash();
    const r = await cli(["up", "--dry-run", "--allow-out-of-order"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / {2}→ 001 {2}one {2}\(out of order\)\n {6}CREATE TABLE one/);
    assert.equal(fileHash(), hash);
  });
});

describe("smaller output fixes", () => {
  test("times carry their zone: history and status in local time with the offset", async () => {
    writeFiles(mig(), { "001_one.sql": migration("one") });
    assert.equal((await cli(["up"])).code, 0);
    const env = { TZ: "Asia/Kolkata" };
    const log = oneJson(await cli(["history", "--json"])).history as {
      action: string;
      at: string;
    }[];
    const at = new Date(log.find((e) => e.action === "up")!.at);
    assert.match(log[0]!.at, /Z$|[+-]\d\d:\d\d$/, "JSON times carry their zone");
    // India is UTC+05:30 all year: the local time is the stored instant plus 5 h 30.
    const local = new Date(at.getTime() + 330 * 60_000)
      .toISOString()
      .slice(0, 19)
      .replace("T", " ");
    const history = await cli(["history"], env);
    assert.equal(history.code, 0, history.stderr);
    assert.match(history.stdout, new RegExp(`${local} \\+05:30 +up +001 +one`));
    const status = await cli(["status"], env);
    assert.match(status.stdout, /applied +001 +one +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30/);
  });

  test("one statement is '1 statement'; one migration is valid; a repeatable shows R in up's lines", async () => {
    writeFiles(mig(), {
      "001_one.sql": "-- migrate:up\n-- tidemark:no-transaction\nCREATE TABLE one (id INTEGER);\n",
    });
    assert.match(
      (await cli(["validate", "--url", "sqlite::memory:"])).stdout,
      /✓ 1 migration is valid\./,
    );
    writeFiles(mig(), { "R__a_view.sql": "-- migrate:up\nCREATE VIEW v AS SELECT 1 AS x;\n" });
    const up = await cli(["up"]);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /\n {2}✓ 001 {2}one {5}\d+ ms\n {2}✓ R {4}a_view {2}\d+ ms\n/);
    assert.deepEqual(
      rows("SELECT version, message FROM tidemark_migrations_log WHERE action = 'up' ORDER BY id"),
      [
        { version: "001", message: "1 statement, outside a transaction" },
        { version: "R__a_view", message: null },
      ],
    );
    const history = await cli(["history"]);
    assert.match(history.stdout, /1 statement, outside a transaction/);
    assert.doesNotMatch(history.stdout, /1 statements/);
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    test(`${signal} stops after the migration in flight and says so fittingly`, async () => {
      writeFiles(mig(), {
        "001_one.sql": migration("one"),
        // A code migration that says it started, then waits on a timer: the signal is sent once
        // it is in flight (not between two migrations, where the run stops before the next).
        "002_slow.mjs":
          "export async function up(ctx) {\n  ctx.log('started');\n  await new Promise((r) => setTimeout(r, 1500));\n  await ctx.sql`CREATE TABLE slow (id INTEGER)`;\n}\n",
        "003_three.sql": migration("three"),
      });
      const child = spawn(process.execPath, [CLI, "up"], {
        cwd: cwd(),
        env: cleanEnv(),
      });
      let stdout = "";
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (/002: started/.test(stderr) && !child.killed) child.kill(signal);
      });
      child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
      assert.equal(code, 1, stderr);
      if (signal === "SIGTERM") {
        assert.match(stderr, /Terminated: stopping after the migration in flight/);
        assert.doesNotMatch(stderr, /Ctrl-C/);
      } else
        assert.match(stderr, /Stopping after the migration in flight \(Ctrl-C again to quit now\)/);
      assert.match(stdout, /Interrupted: the rest was not run\./);
      assert.deepEqual(applied(), ["001", "002"]);
      assert.deepEqual(userTables(), ["one", "slow"]);
    });
  }

  test("Ctrl-C during a long synchronous SQLite statement stops before the next migration", async () => {
    writeFiles(mig(), {
      "001_one.sql": migration("one"),
      // better-sqlite3 runs the statement synchronously for about a second: no event loop turn
      // inside, so the signal is only seen after it. It is sent once the migration has started.
      "002_big.mjs":
        "export async function up(ctx) {\n  ctx.log('started');\n  await ctx.query('CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000) SELECT x FROM c');\n}\n",
      "003_three.sql": migration("three"),
    });
    const child = spawn(process.execPath, [CLI, "up"], { cwd: cwd(), env: cleanEnv() });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (/002: started/.test(stderr) && !child.killed) child.kill("SIGINT");
    });
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    assert.equal(code, 1, stderr);
    assert.match(stdout, /Interrupted: the rest was not run\./);
    assert.deepEqual(applied(), ["001", "002"]);
    assert.deepEqual(userTables(), ["big", "one"]);
  });
});
