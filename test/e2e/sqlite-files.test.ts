/**
 * Migration files through the built CLI on SQLite (SPEC §2): a misspelt marker is refused by
 * every command before anything is applied; parallel `new` never gives two files one version;
 * `merge` numbers like its neighbours; a message names its file once.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { splitVersionAndName } from "../../src/core/version.js";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

const URL = "sqlite:./app.db";

let dir: { path: string; remove(): void };
const mig = () => join(dir.path, "migrations");
const cli = (...args: string[]) => runCli([...args, "--url", URL], { cwd: dir.path });

beforeEach(() => {
  dir = tempDir("tidemark-files-");
});
afterEach(() => dir.remove());

/** Every table in app.db (tidemark's included); none when the file does not exist. */
function tables(): string[] {
  const file = join(dir.path, "app.db");
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true });
  try {
    const rows = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all() as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    db.close();
  }
}

function trackingRows(): number {
  if (!tables().includes("tidemark_migrations")) return 0;
  const db = new Database(join(dir.path, "app.db"), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM tidemark_migrations").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const sqlMigration = (table: string, depends?: string) =>
  `-- migrate:up\n${depends ? `-- tidemark:depends ${depends}\n` : ""}CREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;

/** The versions of the migration files in the folder, and the dotfiles left in it. */
function folder(): { versions: string[]; dotfiles: string[] } {
  const names = readdirSync(mig());
  return {
    versions: names
      .filter((n) => !n.startsWith("."))
      .map((n) => splitVersionAndName(n.replace(/\.sql$/, ""))!.version)
      .sort(),
    dotfiles: names.filter((n) => n.startsWith(".")),
  };
}

describe("a misspelt marker", () => {
  const MISSPELT = [
    "-- migrate:up",
    "CREATE TABLE t (id INTEGER);",
    "",
    "-- a comment",
    "INSERT INTO t VALUES (1);",
    "",
    "-- migrate: down",
    "DROP TABLE t;",
    "",
  ].join("\n");
  const MESSAGE =
    "error: 001_a.sql:7: `-- migrate: down` looks like the marker `-- migrate:down` but is misspelt; write `-- migrate:down`";

  test("up, validate and status refuse it with file:line and the spelling; nothing is applied", async () => {
    writeFiles(mig(), { "000_first.sql": sqlMigration("first"), "001_a.sql": MISSPELT });
    for (const command of ["up", "validate", "status", "sql"]) {
      const r = await cli(command);
      assert.equal(r.code, 1, `${command}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stderr.split("\n")[0], MESSAGE, command);
      assert.doesNotMatch(r.stdout, /✓/, command);
    }
    assert.deepEqual(
      tables().filter((t) => !t.startsWith("tidemark_")),
      [],
      "neither t nor the valid migration before it",
    );
    assert.equal(trackingRows(), 0, "no tracking row");
  });

  test("once spelt right, up applies the up only, and down drops the table", async () => {
    writeFiles(mig(), { "001_a.sql": MISSPELT.replace("-- migrate: down", "-- migrate:down") });
    let r = await cli("up");
    assert.equal(r.code, 0, r.stderr);
    assert.ok(tables().includes("t"), "the table is created and stays");
    r = await cli("down");
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!tables().includes("t"));
  });
});

/**
 * `count` numbered migrations (width 4): reading them all makes each `new` process list the
 * folder for a while, so processes started together read it before any of them writes.
 */
function manyMigrations(count: number, extra: Record<string, string> = {}): void {
  const files: Record<string, string> = { ...extra };
  for (let i = 1; i <= count; i++) files[`${String(i).padStart(4, "0")}_m.sql`] = "SELECT 1;\n";
  writeFiles(mig(), files);
}

const numbered = (count: number) =>
  Array.from({ length: count }, (_, i) => String(i + 1).padStart(4, "0"));

describe("parallel new", () => {
  test("five `new x --seq` at once give five distinct versions and leave no claim", async () => {
    manyMigrations(1500);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => runCli(["new", "x", "--seq"], { cwd: dir.path })),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(folder(), {
      versions: [...numbered(1500), "1501", "1502", "1503", "1504", "1505"],
      dotfiles: [],
    });
    const validate = await cli("validate", "--dialect", "sqlite");
    assert.equal(validate.code, 0, validate.stderr);
  });

  test("five timestamped `new` that compute one version give five distinct versions", async () => {
    // A newest version in the future makes every process compute the same next version,
    // as five processes started in one second do.
    manyMigrations(1500, { "20990101000000_future.sql": sqlMigration("future") });
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((name) => runCli(["new", name], { cwd: dir.path })),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(folder(), {
      versions: [
        ...numbered(1500),
        "20990101000000",
        "20990101000001",
        "20990101000002",
        "20990101000003",
        "20990101000004",
        "20990101000005",
      ],
      dotfiles: [],
    });
  });

  test("five timestamped `new` with the real clock give five distinct versions", async () => {
    writeFiles(mig(), {});
    const results = await Promise.all(
      ["a", "b", "c", "d", "e"].map((name) => runCli(["new", name], { cwd: dir.path })),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const { versions, dotfiles } = folder();
    assert.equal(new Set(versions).size, 5, versions.join(" "));
    assert.deepEqual(dotfiles, []);
    const validate = await cli("validate", "--dialect", "sqlite");
    assert.equal(validate.code, 0, validate.stderr);
  });
});

describe("merge", () => {
  test("in a folder numbered 001/002/003 writes the next number, padded like them", async () => {
    writeFiles(mig(), {
      "001_base.sql": sqlMigration("base"),
      "002_left.sql": sqlMigration("lft", "001"),
      "003_right.sql": sqlMigration("rgt", "001"),
    });
    const r = await cli("merge");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created migrations\/004_merge_heads\.sql \(depends on 002, 003\)/);
    assert.deepEqual(folder().versions, ["001", "002", "003", "004"]);
    const up = await cli("up");
    assert.equal(up.code, 0, up.stderr);
    assert.equal(trackingRows(), 4);
  });

  test("in a folder of timestamps writes a timestamp", async () => {
    writeFiles(mig(), {
      "20250101000000_base.sql": sqlMigration("base"),
      "20250102000000_left.sql": sqlMigration("lft", "20250101000000"),
      "20250103000000_right.sql": sqlMigration("rgt", "20250101000000"),
    });
    const r = await cli("merge");
    assert.equal(r.code, 0, r.stderr);
    const versions = folder().versions;
    assert.equal(versions.length, 4);
    assert.match(versions[3]!, /^\d{14}$/);
    assert.ok(versions[3]! > "20250103000000");
  });
});

describe("messages name their file once", () => {
  test("two files with one version", async () => {
    writeFiles(mig(), { "001_a.sql": sqlMigration("a"), "1_b.sql": sqlMigration("b") });
    const r = await cli("validate");
    assert.equal(r.code, 1);
    assert.equal(r.stderr.split("\n")[0], "error: 1_b.sql has the same version (1) as 001_a.sql");
  });
});
