/**
 * The production commands through the built CLI: `create`, `drop --yes`, `wait`, `up --create`,
 * `compat` (exit 1 when the app version cannot run on the database) and `changelog`, checked
 * on disk, in the database, and in their --json documents.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, PG_URL, tempDir } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const migration = (table: string, comment = "") =>
  `${comment}-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const cli = (...args: string[]) => runCli(args, { cwd: cwd() });

beforeEach(() => {
  dir = tempDir("tidemark-production-");
  writeFiles(join(cwd(), "migrations"), {
    "001_one.sql": migration("one", "-- The first table.\n"),
    "002_two.sql": migration("two"),
  });
});
afterEach(() => dir.remove());

describe("create, drop and wait on SQLite", () => {
  test("create twice, drop --yes, wait returns at once", async () => {
    let r = await cli("create", "--url", "sqlite:./app.db");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created sqlite:\.\/app\.db/);
    assert.ok(existsSync(join(cwd(), "app.db")));
    r = await cli("create", "--url", "sqlite:./app.db", "--json");
    assert.deepEqual(JSON.parse(r.stdout), { url: "sqlite:./app.db", created: false });
    r = await cli("wait", "--url", "sqlite:./app.db");
    assert.equal(r.code, 0, r.stderr);
    r = await cli("drop", "--url", "sqlite:./app.db");
    assert.equal(r.code, 1, "asks first, and there is no terminal");
    assert.ok(existsSync(join(cwd(), "app.db")));
    r = await cli("drop", "--url", "sqlite:./app.db", "--yes");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(join(cwd(), "app.db")), false);
  });
});

describe("create, wait and up --create on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");
  test("up --create creates the database and applies; wait on a closed port exits 1", {
    skip,
  }, async () => {
    const name = `tm_cli_${process.pid}_${Date.now()}`;
    const u = new URL(PG_URL);
    u.pathname = `/${name}`;
    const url = u.toString();
    try {
      let r = await cli("up", "--create", "--url", url);
      assert.equal(r.code, 0, r.stderr);
      const rows = await pgQuery(url, "SELECT version FROM tidemark_migrations ORDER BY version");
      assert.deepEqual(
        rows.map((x) => x.version),
        ["001", "002"],
      );
      r = await cli("wait", "--timeout", "5", "--url", url);
      assert.equal(r.code, 0, r.stderr);
      r = await cli("wait", "--timeout", "1", "--url", "postgres://postgres@127.0.0.1:1/nodb");
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /did not accept connections within 1 s/);
      r = await cli("drop", "--yes", "--url", url);
      assert.equal(r.code, 0, r.stderr);
      const left = await pgQuery(PG_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      assert.deepEqual(left, []);
    } finally {
      await pgQuery(PG_URL, `DROP DATABASE IF EXISTS "${name}"`).catch(() => undefined);
    }
  });
});

describe("compat and changelog on SQLite", () => {
  const config = {
    url: "sqlite:./app.db",
    compatibility: { "1.0.x": "001", "^1.1.0": [">=002"], "2.0.0 - 2.3.0": "003..004" },
  };
  beforeEach(() => writeFileSync(join(cwd(), "tidemark.config.json"), JSON.stringify(config)));

  test("the verdict follows the database version; exit 1 when not compatible", async () => {
    assert.equal((await cli("up", "--to", "001")).code, 0);
    let r = await cli("compat", "--app", "1.0.4");
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /App 1\.0\.4 can run on the database at version 001 \(entry "1\.0\.x"\)/,
    );
    r = await cli("compat", "--app", "1.2.0", "--json");
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout);
    assert.equal(report.compatible, false);
    assert.equal(report.databaseVersion, "001");
    assert.deepEqual(
      report.matrix.map((row: { app: string; appMatches: boolean }) => [row.app, row.appMatches]),
      [
        ["1.0.x", false],
        ["^1.1.0", true],
        ["2.0.0 - 2.3.0", false],
      ],
    );
    assert.equal((await cli("up")).code, 0);
    assert.equal((await cli("compat", "--app", "1.2.0")).code, 0, "compatible once 002 is applied");
    assert.equal((await cli("compat", "--app", "3.0.0")).code, 1, "no entry names it");
  });

  test("without --app: package.json's version, else the matrix only", async () => {
    assert.equal((await cli("up")).code, 0);
    let r = await cli("compat", "--json");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).compatible, null);
    writeFileSync(join(cwd(), "package.json"), JSON.stringify({ version: "2.1.0" }));
    r = await cli("compat");
    assert.equal(r.code, 1);
    assert.match(r.stdout, /App 2\.1\.0 needs database 003\.\.004; the database is at version 002/);
  });

  test("changelog shows the description, who applied it and its SQL", async () => {
    assert.equal((await cli("up")).code, 0);
    const r = await cli("changelog", "001", "--json");
    assert.equal(r.code, 0, r.stderr);
    const entry = JSON.parse(r.stdout);
    assert.equal(entry.description, "The first table.");
    assert.equal(entry.status, "applied");
    assert.match(entry.sql, /CREATE TABLE one/);
    assert.match(entry.downSql, /DROP TABLE one/);
    assert.ok(entry.appliedBy);
    const missing = await cli("changelog", "009");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No migration has version 009/);
  });
});
