/** `tidemark import --from …` through the built CLI, as a user adopting a dbmate project runs it. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

const sql = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;

let dir: { path: string; remove(): void };
const dbFile = () => join(dir.path, "app.db");
const url = () => `sqlite:${dbFile()}`;

beforeEach(() => {
  dir = tempDir();
  writeFiles(join(dir.path, "migrations"), {
    "20240101000001_users.sql": sql("users"),
    "20240101000002_trips.sql": sql("trips"),
    "20240101000003_extra.sql": sql("extra"),
  });
  // What dbmate leaves behind: its table, with the versions it applied, and their tables.
  const db = new Database(dbFile());
  db.exec(`CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY);
    INSERT INTO schema_migrations VALUES ('20240101000001'), ('20240101000002');
    CREATE TABLE users (id INTEGER); CREATE TABLE trips (id INTEGER);`);
  db.close();
});
afterEach(() => dir.remove());

describe("tidemark import (SQLite, built CLI)", () => {
  test("--dry-run shows the mapping and records nothing; import records; up applies the rest", async () => {
    const cwd = dir.path;
    const dry = await runCli(["import", "--from", "dbmate", "--dry-run", "--url", url()], { cwd });
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /20240101000001 → 20240101000001_users\.sql/);
    assert.match(
      dry.stdout,
      /Would record 2 migrations from dbmate's schema_migrations as applied/,
    );
    const tracked = sqliteRows(
      dbFile(),
      "SELECT name FROM sqlite_master WHERE name = 'tidemark_migrations'",
    );
    assert.deepEqual(tracked, [], "a dry run creates no tracking table");

    const run = await runCli(["import", "--from", "dbmate", "--url", url()], { cwd });
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /Recorded 2 migrations from dbmate's schema_migrations as applied \(nothing run\)/,
    );
    const rows = sqliteRows(
      dbFile(),
      "SELECT version, status FROM tidemark_migrations ORDER BY version",
    );
    assert.deepEqual(rows, [
      { version: "20240101000001", status: "applied" },
      { version: "20240101000002", status: "applied" },
    ]);

    const status = await runCli(["status", "--json", "--url", url()], { cwd });
    const doc = JSON.parse(status.stdout);
    assert.deepEqual(
      doc.pending.map((p: { version: string }) => p.version),
      ["20240101000003"],
    );
    assert.deepEqual(
      doc.applied.map((a: { stamped: boolean }) => a.stamped),
      [true, true],
      "imported rows ran nothing here",
    );

    const up = await runCli(["up", "--url", url()], { cwd });
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual(sqliteRows(dbFile(), "SELECT count(*) AS n FROM extra"), [{ n: 0 }]);

    const again = await runCli(["import", "--from", "dbmate", "--json", "--url", url()], { cwd });
    assert.equal(again.code, 0, again.stderr);
    const report = JSON.parse(again.stdout);
    assert.equal(report.recorded.length, 0);
    assert.equal(report.already.length, 2);
  });

  test("a history naming a migration with no file is refused in one line, exit 1", async () => {
    const db = new Database(dbFile());
    db.exec("INSERT INTO schema_migrations VALUES ('20240101000009')");
    db.close();
    const run = await runCli(["import", "--from", "dbmate", "--url", url()], { cwd: dir.path });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /1 dbmate migration matches no file in the migrations folder: 20240101000009/,
    );
    assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
    const tracked = sqliteRows(
      dbFile(),
      "SELECT name FROM sqlite_master WHERE name = 'tidemark_migrations'",
    );
    assert.deepEqual(tracked, []);
  });

  test("--from with an unknown tool names the known ones", async () => {
    const run = await runCli(["import", "--from", "liquibase", "--url", url()], { cwd: dir.path });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not a tool tidemark imports from/);
    assert.match(run.stderr, /flyway, golang-migrate, dbmate/);
  });
});
