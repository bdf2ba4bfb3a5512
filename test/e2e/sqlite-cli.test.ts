/**
 * The built CLI on SQLite, run as a subprocess; every test checks the database itself.
 */
import assert from "node:assert/strict";
import { cpSync, existsSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

const FIVE = {
  "001_one.sql":
    "-- migrate:up\nCREATE TABLE one (id INTEGER);\n-- migrate:down\nDROP TABLE one;\n",
  "002_two.sql":
    "-- migrate:up\nCREATE TABLE two (id INTEGER);\n-- migrate:down\nDROP TABLE two;\n",
  "003_three.sql":
    "-- migrate:up\nCREATE TABLE three (id INTEGER);\n-- migrate:down\nDROP TABLE three;\n",
  "004_four.sql":
    "-- migrate:up\nCREATE TABLE four (id INTEGER);\n-- migrate:down\nDROP TABLE four;\n",
  "005_five.sql":
    "-- migrate:up\nCREATE TABLE five (id INTEGER);\n-- migrate:down\nDROP TABLE five;\n",
};

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const mig = () => join(dir.path, "migrations");

function tables(): string[] {
  if (!existsSync(join(dir.path, "tidemark.db"))) return [];
  const db = new Database(join(dir.path, "tidemark.db"), { readonly: true });
  try {
    const rows = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}

const rows = (sql: string) => sqliteRows(join(dir.path, "tidemark.db"), sql);

const appliedVersions = () =>
  rows("SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version").map(
    (r) => r.version,
  );

beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

describe("tidemark CLI on SQLite", () => {
  test("applies all, rolls back to zero, applies again", async () => {
    writeFiles(mig(), FIVE);
    let r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Applied 5 migrations/);
    assert.deepEqual(
      tables().filter((t) => !t.startsWith("tidemark")),
      ["five", "four", "one", "three", "two"],
    );
    assert.deepEqual(appliedVersions(), ["001", "002", "003", "004", "005"]);

    r = await runCli(["down", "--to", "zero"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      tables().filter((t) => !t.startsWith("tidemark")),
      [],
    );
    assert.deepEqual(appliedVersions(), []);
    assert.equal(
      rows("SELECT COUNT(*) AS n FROM tidemark_migrations WHERE status = 'rolled_back'")[0]!.n,
      5,
    );

    r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(appliedVersions(), ["001", "002", "003", "004", "005"]);
    const log = rows(
      "SELECT action FROM tidemark_migrations_log WHERE action IN ('up','down') ORDER BY id",
    );
    assert.equal(log.length, 15);
  });

  test("a failure in the third of five leaves the first two applied and nothing of the third", async () => {
    writeFiles(mig(), {
      ...FIVE,
      "003_three.sql":
        "-- migrate:up\nCREATE TABLE three (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n-- migrate:down\nDROP TABLE three;\n",
    });
    const r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /003_three\.sql:3/);
    assert.match(r.stderr, /no such table: no_such_table/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace without --verbose");
    assert.deepEqual(appliedVersions(), ["001", "002"]);
    assert.ok(!tables().includes("three"), "the third migration's table was rolled back");
    assert.ok(!tables().includes("four"));
    const failures = rows(
      "SELECT version, result FROM tidemark_migrations_log WHERE action = 'failure'",
    );
    assert.deepEqual(failures, [{ version: "003", result: "failed" }]);
  });

  test("an edited applied file stops up, and repair accepts it", async () => {
    writeFiles(mig(), { "001_one.sql": FIVE["001_one.sql"] });
    assert.equal((await runCli(["up"], { cwd: cwd() })).code, 0);
    writeFiles(mig(), {
      "001_one.sql": FIVE["001_one.sql"].replace("id INTEGER", "id INTEGER, x TEXT"),
      "002_two.sql": FIVE["002_two.sql"],
    });
    let r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /001_one\.sql.*edited after it was applied/);
    assert.match(r.stderr, /tidemark repair/);
    assert.ok(!tables().includes("two"), "nothing applied");
    // whitespace and line endings alone are not an edit
    writeFiles(mig(), { "001_one.sql": `${FIVE["001_one.sql"].replace(/\n/g, "  \r\n")}\n\n` });
    r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(tables().includes("two"));
  });

  test("out-of-order is refused, then allowed with the flag", async () => {
    writeFiles(mig(), {
      "001_one.sql": FIVE["001_one.sql"],
      "003_three.sql": FIVE["003_three.sql"],
    });
    assert.equal((await runCli(["up"], { cwd: cwd() })).code, 0);
    writeFiles(mig(), { "002_two.sql": FIVE["002_two.sql"] });
    let r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /002_two\.sql.*older than the current version 003/);
    assert.ok(!tables().includes("two"));
    const status = JSON.parse((await runCli(["status", "--json"], { cwd: cwd() })).stdout);
    assert.deepEqual(
      status.problems.map((p: { kind: string }) => p.kind),
      ["out_of_order"],
    );
    r = await runCli(["up", "--allow-out-of-order"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(tables().includes("two"));
    assert.deepEqual(appliedVersions(), ["001", "002", "003"]);
  });

  test("down works after the file is deleted, from the stored down SQL", async () => {
    writeFiles(mig(), { "001_one.sql": FIVE["001_one.sql"], "002_two.sql": FIVE["002_two.sql"] });
    assert.equal((await runCli(["up"], { cwd: cwd() })).code, 0);
    rmSync(join(mig(), "002_two.sql"));
    const r = await runCli(["down"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!tables().includes("two"));
    assert.ok(tables().includes("one"));
    assert.deepEqual(appliedVersions(), ["001"]);
  });

  test("down through an irreversible migration is refused before anything is rolled back", async () => {
    writeFiles(mig(), {
      "001_one.sql": "CREATE TABLE one (id INTEGER);\n",
      "002_two.sql": FIVE["002_two.sql"],
    });
    assert.equal((await runCli(["up"], { cwd: cwd() })).code, 0);
    const r = await runCli(["down", "--to", "zero"], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /001_one\.sql.*irreversible/);
    assert.deepEqual(appliedVersions(), ["001", "002"], "nothing was rolled back");
  });

  test("status --json has the SPEC shape, and check exits 2 when pending and 0 when up to date", async () => {
    writeFiles(mig(), { "001_one.sql": FIVE["001_one.sql"], "002_two.sql": FIVE["002_two.sql"] });
    assert.equal((await runCli(["up", "--to", "001"], { cwd: cwd() })).code, 0);
    const r = await runCli(["status", "--json"], { cwd: cwd() });
    const status = JSON.parse(r.stdout);
    assert.equal(status.current, "001");
    assert.deepEqual(Object.keys(status).sort(), ["applied", "current", "pending", "problems"]);
    assert.equal(status.applied[0].version, "001");
    assert.match(status.applied[0].checksum, /^[0-9a-f]{64}$/);
    assert.deepEqual(status.pending, [{ version: "002", name: "two" }]);
    assert.equal((await runCli(["check"], { cwd: cwd() })).code, 2);
    assert.equal((await runCli(["up"], { cwd: cwd() })).code, 0);
    assert.equal((await runCli(["check"], { cwd: cwd() })).code, 0);
  });

  test("bad input is refused with one line naming the file, and nothing is applied", async () => {
    writeFiles(mig(), { "001_one.sql": FIVE["001_one.sql"], "001_again.sql": FIVE["002_two.sql"] });
    const r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /001_again\.sql/);
    assert.match(r.stderr, /001_one\.sql/);
    assert.ok(!tables().includes("one"));
  });

  test("the bundled example migrations apply, roll back and re-apply", async () => {
    cpSync(resolve("migrations"), mig(), { recursive: true });
    let r = await runCli(["up"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(["users", "trips", "registrations", "guests"].every((t) => tables().includes(t)));
    assert.equal(rows("SELECT COUNT(*) AS n FROM trips")[0]!.n, 1);
    r = await runCli(["status"], { cwd: cwd() });
    assert.match(r.stdout, /Up to date/);
    r = await runCli(["down", "--to", "zero"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!tables().includes("users"));
    assert.equal((await runCli(["up"], { cwd: cwd() })).code, 0);
  });

  test("history, stamp and sql", async () => {
    writeFiles(mig(), {
      "001_one.sql": FIVE["001_one.sql"],
      "002_two.sql": FIVE["002_two.sql"],
      "003_three.sql": FIVE["003_three.sql"],
    });
    let r = await runCli(["stamp", "002"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(appliedVersions(), ["001", "002"]);
    assert.ok(!tables().includes("one"), "stamp runs nothing");
    r = await runCli(["sql"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /CREATE TABLE three/);
    assert.match(r.stdout, /INSERT INTO "tidemark_migrations"/);
    assert.ok(!tables().includes("three"), "sql applies nothing");
    r = await runCli(["history", "--json"], { cwd: cwd() });
    const history = JSON.parse(r.stdout).history;
    assert.deepEqual(
      history
        .filter((h: { action: string }) => h.action === "stamp")
        .map((h: { version: string }) => h.version),
      ["001", "002"],
    );
  });

  test("config file, --env and unknown keys", async () => {
    writeFiles(mig(), { "001_one.sql": FIVE["001_one.sql"] });
    writeFileSync(
      join(cwd(), "tidemark.config.json"),
      JSON.stringify({ environments: { dev: { url: `sqlite:./$${"{"}DB_NAME}.db` } } }),
    );
    let r = await runCli(["up", "--env", "dev"], { cwd: cwd(), env: { DB_NAME: "devdb" } });
    assert.equal(r.code, 0, r.stderr);
    const db = new Database(join(cwd(), "devdb.db"), { readonly: true });
    assert.equal(
      (db.prepare("SELECT COUNT(*) AS n FROM tidemark_migrations").get() as { n: number }).n,
      1,
    );
    db.close();
    writeFileSync(join(cwd(), "tidemark.config.json"), JSON.stringify({ ulr: "sqlite:./x.db" }));
    r = await runCli(["status"], { cwd: cwd() });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /unknown key "ulr"/);
  });
});
