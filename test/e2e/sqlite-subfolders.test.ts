/**
 * The built CLI on SQLite with migrations in subfolders (SPEC §2, issue 8): they are applied,
 * recorded, shown and rolled back like the others; every test checks the database itself.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INTEGER);\n-- migrate:down\nDROP TABLE ${name};\n`;

let dir: { path: string; remove(): void };
const cli = (args: readonly string[]) => runCli(args, { cwd: dir.path });

function rows(sql: string): Record<string, unknown>[] {
  const db = new Database(join(dir.path, "tidemark.db"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

const userTables = () =>
  rows(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'tidemark_%' ORDER BY name",
  ).map((r) => r.name);

beforeEach(() => {
  dir = tempDir("tidemark-subfolders-");
});
afterEach(() => dir.remove());

describe("tidemark CLI on SQLite: migrations in subfolders", () => {
  test("up applies a migration in a subfolder and records it", async () => {
    writeFiles(join(dir.path, "migrations", "2025"), { "001_a.sql": table("a") });
    writeFiles(join(dir.path, "migrations", "2026", "q1"), { "002_b.sql": table("b") });
    const up = await cli(["up"]);
    assert.equal(up.code, 0, up.stderr);
    assert.doesNotMatch(up.stdout, /Up to date/);
    assert.deepEqual(userTables(), ["a", "b"]);
    assert.deepEqual(
      rows("SELECT version, name, status FROM tidemark_migrations ORDER BY version"),
      [
        { version: "001", name: "a", status: "applied" },
        { version: "002", name: "b", status: "applied" },
      ],
    );
    const status = await cli(["status", "--json"]);
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).current, "002");
    const down = await cli(["down", "--to", "zero"]);
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(userTables(), []);
  });

  test("one version in two subfolders is refused naming both files, and nothing is applied", async () => {
    writeFiles(join(dir.path, "migrations", "2025"), { "001_a.sql": table("a") });
    writeFiles(join(dir.path, "migrations", "2026"), { "001_b.sql": table("b") });
    const up = await cli(["up"]);
    assert.equal(up.code, 1);
    assert.match(up.stderr, /2026\/001_b\.sql has the same version \(001\) as 2025\/001_a\.sql/);
    assert.doesNotMatch(up.stderr, /\n\s+at /, "no stack trace");
    if (existsSync(join(dir.path, "tidemark.db"))) assert.deepEqual(userTables(), []);
  });
});
