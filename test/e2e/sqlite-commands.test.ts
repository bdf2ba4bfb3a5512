/**
 * Every command of the built CLI as a user runs it, on SQLite: init, new, heads/merge,
 * validate, redo, dry runs, check, --json, protected environments, usage errors. Each test
 * checks the database file itself, not only what was printed.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { checksum } from "../../src/core/checksum.js";
import { type CliResult, runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

const sqlMigration = (table: string, depends?: string) =>
  `-- migrate:up\n${depends ? `-- tidemark:depends ${depends}\n` : ""}CREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;

const ONE = { "001_one.sql": sqlMigration("one") };
const TWO = { ...ONE, "002_two.sql": sqlMigration("two") };

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const mig = () => join(dir.path, "migrations");
const cli = (args: readonly string[], env?: Record<string, string>) =>
  runCli(args, { cwd: cwd(), env });

beforeEach(() => {
  dir = tempDir("tidemark-commands-");
});
afterEach(() => dir.remove());

/** Runs `fn` on the SQLite file `name` (in the test folder), read-only. */
function withDb<T>(fn: (db: Database.Database) => T, name = "tidemark.db"): T {
  const db = new Database(join(cwd(), name), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** User tables (not SQLite's, not tidemark's), sorted; none when the file does not exist. */
function tables(name = "tidemark.db"): string[] {
  if (!existsSync(join(cwd(), name))) return [];
  return withDb(
    (db) =>
      (
        db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
          )
          .all() as { name: string }[]
      ).map((r) => r.name),
    name,
  );
}

const userTables = (name?: string) => tables(name).filter((t) => !t.startsWith("tidemark_"));

function rows(sql: string, name = "tidemark.db"): Record<string, unknown>[] {
  return withDb((db) => db.prepare(sql).all() as Record<string, unknown>[], name);
}

/** Versions the tracking table says are applied; none when there is no tracking table. */
function applied(name = "tidemark.db"): string[] {
  if (!tables(name).includes("tidemark_migrations")) return [];
  return rows(
    "SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version",
    name,
  ).map((r) => String(r.version));
}

const fileHash = (name = "tidemark.db") =>
  createHash("sha256")
    .update(readFileSync(join(cwd(), name)))
    .digest("hex");

/** Asserts success and returns the one JSON document stdout holds (and nothing else). */
function oneJson(r: CliResult, code = 0): Record<string, unknown> {
  assert.equal(r.code, code, `exit ${r.code}: ${r.stderr}`);
  let doc: unknown;
  assert.doesNotThrow(() => {
    doc = JSON.parse(r.stdout);
  }, `stdout is one JSON document: ${r.stdout}`);
  assert.equal(r.stdout, `${JSON.stringify(doc, null, 2)}\n`, "nothing else on stdout");
  assert.equal(typeof doc, "object");
  return doc as Record<string, unknown>;
}

/** Asserts a usage error: exit 1, one `error:` line on stderr, no stack trace, nothing on stdout. */
function usageError(r: CliResult, message: RegExp): void {
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const errors = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0]!, message);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.ok(r.stderr.trim().split("\n").length <= 2, `short: ${r.stderr}`);
}

describe("init, new, status", () => {
  test("init then up then status in an empty folder", async () => {
    let r = await cli(["init"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created tidemark\.config\.json/);
    const [example, ...others] = readdirSync(mig());
    assert.deepEqual(others, []);
    assert.match(example!, /^\d{14}_create_example_items\.sql$/);
    const version = example!.slice(0, 14);
    assert.deepEqual(JSON.parse(readFileSync(join(cwd(), "tidemark.config.json"), "utf8")), {
      url: "sqlite:./tidemark.db",
      dir: "./migrations",
    });
    assert.ok(!existsSync(join(cwd(), "tidemark.db")), "init does not create the database");

    r = await cli(["up"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Applied 1 migration/);
    assert.deepEqual(userTables(), ["example_items"]);
    assert.deepEqual(applied(), [version]);

    r = await cli(["status"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Current\\s+${version}`));
    assert.match(r.stdout, /applied\s+\d{14}\s+create_example_items/);
    assert.match(r.stdout, /Up to date\./);

    r = await cli(["init"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Already initialised/);
    assert.deepEqual(readdirSync(mig()), [example], "a second init adds no example");
    assert.deepEqual(applied(), [version]);
  });

  test("init writes a URL from the environment as a variable, never its password", async () => {
    const url = `sqlite:${join(cwd(), "env.db")}`;
    const r = await cli(["init"], { DATABASE_URL: url });
    assert.equal(r.code, 0, r.stderr);
    const config = readFileSync(join(cwd(), "tidemark.config.json"), "utf8");
    assert.equal(JSON.parse(config).url, "$" + "{DATABASE_URL}");
    assert.equal((await cli(["up"], { DATABASE_URL: url })).code, 0);
    assert.deepEqual(userTables("env.db"), ["example_items"]);
  });

  test("new x --format ts, right after init, then up applies both", async () => {
    assert.equal((await cli(["init"])).code, 0);
    const r = await cli(["new", "x", "--format", "ts"]);
    assert.equal(r.code, 0, r.stderr);
    const created = /Created (migrations\/(\d+)_x\.ts)/.exec(r.stdout);
    assert.ok(created, r.stdout);
    const file = join(cwd(), created[1]!);
    const text = readFileSync(file, "utf8");
    assert.match(text, /export async function up\(ctx: MigrationContext\)/);
    assert.match(text, /export async function down\(ctx: MigrationContext\)/);
    writeFileSync(
      file,
      text
        .replace("await ctx.sql`SELECT 1`;", "await ctx.sql`CREATE TABLE from_ts (id INTEGER)`;")
        .replace("await ctx.sql`SELECT 1`;", "await ctx.sql`DROP TABLE from_ts`;"),
    );
    const up = await cli(["up"]);
    assert.equal(up.code, 0, up.stderr);
    assert.deepEqual(userTables(), ["example_items", "from_ts"]);
    assert.equal(applied().length, 2);
    assert.equal(applied()[1], created[2], "the new migration comes after the example");
    assert.deepEqual(rows("SELECT name FROM tidemark_migrations ORDER BY version").at(-1), {
      name: "x",
    });
    assert.equal((await cli(["down"])).code, 0);
    assert.deepEqual(userTables(), ["example_items"], "its down ran");
  });

  test("new --seq numbers after the existing migrations, and up applies it", async () => {
    writeFiles(mig(), TWO);
    const r = await cli(["new", "add_three", "--seq"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "Created migrations/003_add_three.sql\n");
    const path = join(mig(), "003_add_three.sql");
    assert.match(readFileSync(path, "utf8"), /^-- migrate:up\n[\s\S]*-- migrate:down\n/);
    writeFileSync(path, sqlMigration("three"));
    assert.equal((await cli(["up"])).code, 0);
    assert.deepEqual(applied(), ["001", "002", "003"]);
    assert.deepEqual(userTables(), ["one", "three", "two"]);
  });

  test("new --seq in a missing folder starts at 000001; a bad format or name is refused", async () => {
    let r = await cli(["new", "first", "--seq", "--format", "paired"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(mig()).sort(), ["000001_first.down.sql", "000001_first.up.sql"]);
    r = await cli(["new", "second", "--format", "yaml"]);
    usageError(r, /Unknown format "yaml"/);
    r = await cli(["new", "!!!"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /not a usable migration name/);
    assert.equal(readdirSync(mig()).length, 2, "nothing else written");
    assert.equal((await cli(["up"])).code, 0);
    assert.deepEqual(applied(), ["000001"]);
  });
});

describe("branches", () => {
  test("heads lists two branches, merge joins them, up applies the merge", async () => {
    writeFiles(mig(), {
      "001_base.sql": sqlMigration("base"),
      "002_left.sql": sqlMigration("lft", "001"),
      "003_right.sql": sqlMigration("rgt", "001"),
    });
    let r = await cli(["heads"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^002 {2}left/m);
    assert.match(r.stdout, /^003 {2}right/m);
    assert.match(r.stdout, /2 heads: run `tidemark merge`/);
    assert.equal((await cli(["up"])).code, 0);
    assert.deepEqual(applied(), ["001", "002", "003"]);

    r = await cli(["merge", "--seq"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Created migrations\/004_merge_heads\.sql \(depends on 002, 003\)/);
    assert.match(
      readFileSync(join(mig(), "004_merge_heads.sql"), "utf8"),
      /-- tidemark:depends 002 003/,
    );
    const heads = oneJson(await cli(["heads", "--json"]));
    assert.deepEqual(heads, {
      heads: [{ version: "004", name: "merge_heads", file: "004_merge_heads.sql" }],
    });

    r = await cli(["up"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(applied(), ["001", "002", "003", "004"]);
    assert.deepEqual(userTables(), ["base", "lft", "rgt"]);

    r = await cli(["merge"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Nothing to merge: there is one head/);
    assert.equal(readdirSync(mig()).length, 4, "no file written");
  });
});

describe("validate, redo, dry runs, check", () => {
  test("validate: exit 0, then exit 1 once an applied file is edited; changes nothing", async () => {
    writeFiles(mig(), TWO);
    assert.equal((await cli(["up", "--to", "001"])).code, 0);
    let r = await cli(["validate"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 migrations are valid/);
    const before = rows("SELECT version, checksum, status FROM tidemark_migrations");

    writeFileSync(join(mig(), "001_one.sql"), sqlMigration("one").replace("id INTEGER", "id TEXT"));
    r = await cli(["validate"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /checksum_mismatch: 001_one\.sql was edited after it was applied/);
    const doc = oneJson(await cli(["validate", "--json"]), 1);
    assert.equal(doc.valid, false);
    assert.deepEqual(
      (doc.problems as { kind: string; version: string }[]).map((p) => [p.kind, p.version]),
      [["checksum_mismatch", "001"]],
    );
    assert.deepEqual(rows("SELECT version, checksum, status FROM tidemark_migrations"), before);
    assert.deepEqual(userTables(), ["one"], "002 was not applied");
  });

  test("redo rolls back the newest migration and applies it again", async () => {
    writeFiles(mig(), TWO);
    assert.equal((await cli(["up"])).code, 0);
    const db = new Database(join(cwd(), "tidemark.db"));
    db.exec("INSERT INTO one VALUES (1); INSERT INTO two VALUES (2);");
    db.close();
    const r = await cli(["redo"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Rolled back 1 migration in .*\nApplied 1 migration in /);
    assert.deepEqual(rows("SELECT id FROM two"), [], "002 was recreated");
    assert.deepEqual(rows("SELECT id FROM one"), [{ id: 1 }], "001 was left alone");
    assert.deepEqual(applied(), ["001", "002"]);
    assert.deepEqual(
      rows(
        "SELECT action, version FROM tidemark_migrations_log WHERE action IN ('up','down') ORDER BY id",
      ),
      [
        { action: "up", version: "001" },
        { action: "up", version: "002" },
        { action: "down", version: "002" },
        { action: "up", version: "002" },
      ],
    );
  });

  test("up --dry-run lists what would run and changes nothing", async () => {
    writeFiles(mig(), ONE);
    assert.equal((await cli(["up"])).code, 0);
    writeFiles(mig(), TWO);
    const hash = fileHash();
    const r = await cli(["up", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /Dry run: would apply 1 migration:\n {2}→ 002 {2}two\n {6}CREATE TABLE two \(id INTEGER\);\n/,
    );
    assert.equal(fileHash(), hash, "the database file is byte for byte the same");
    assert.deepEqual(applied(), ["001"]);
    assert.ok(!userTables().includes("two"));
    const doc = oneJson(await cli(["up", "--dry-run", "--json"]));
    assert.equal(doc.dryRun, true);
    assert.deepEqual(
      (doc.steps as { version: string; status: string }[]).map((s) => [s.version, s.status]),
      [["002", "planned"]],
    );
    assert.equal(fileHash(), hash);
  });

  test("up --dry-run on a new database creates no tables", async () => {
    writeFiles(mig(), TWO);
    const r = await cli(["up", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /would apply 2 migrations/);
    assert.deepEqual(tables(), [], "no tracking table, no migration table");
  });

  test("down --dry-run lists what would be rolled back and changes nothing", async () => {
    writeFiles(mig(), TWO);
    assert.equal((await cli(["up"])).code, 0);
    const hash = fileHash();
    let r = await cli(["down", "--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dry run: would roll back 1 migration:\n {2}↩ 002 {2}two\n/);
    r = await cli(["down", "--dry-run", "--to", "zero"]);
    assert.match(
      r.stdout,
      /would roll back 2 migrations:\n {2}↩ 002 {2}two\n.*\n.*\n {2}↩ 001 {2}one\n/,
    );
    assert.equal(fileHash(), hash);
    assert.deepEqual(applied(), ["001", "002"]);
    assert.deepEqual(userTables(), ["one", "two"]);
  });

  test("check --json: pending (2), up to date (0), problems (1)", async () => {
    writeFiles(mig(), TWO);
    assert.equal((await cli(["up", "--to", "001"])).code, 0);
    let doc = oneJson(await cli(["check", "--json"]), 2);
    assert.equal(doc.status, "pending");
    assert.equal(doc.current, "001");
    assert.deepEqual(doc.pending, [{ version: "002", name: "two" }]);
    assert.deepEqual(applied(), ["001"], "check applies nothing");

    assert.equal((await cli(["up"])).code, 0);
    doc = oneJson(await cli(["check", "--json"]));
    assert.deepEqual(doc, { status: "up_to_date", current: "002", pending: [], problems: [] });

    writeFileSync(join(mig(), "002_two.sql"), sqlMigration("two").replace("id", "ident"));
    doc = oneJson(await cli(["check", "--json"]), 1);
    assert.equal(doc.status, "problems");
    assert.deepEqual(
      (doc.problems as { kind: string }[]).map((p) => p.kind),
      ["checksum_mismatch"],
    );
    assert.deepEqual(applied(), ["001", "002"]);
  });
});

describe("--json", () => {
  test("every command prints exactly one JSON document on stdout", async () => {
    let doc = oneJson(await cli(["init", "--json"]));
    assert.equal((doc.created as string[])[0], "tidemark.config.json");
    writeFiles(mig(), {
      "001_one.sql": sqlMigration("one"),
      "002_two.sql": sqlMigration("two", "001"),
      "003_three.sql": sqlMigration("three", "001"),
    });
    const example = readdirSync(mig()).find((f) => f.includes("example"))!;
    const exampleVersion = example.slice(0, 14);

    doc = oneJson(await cli(["stamp", "001", "--json"]));
    assert.deepEqual(
      (doc.stamped as { version: string }[]).map((s) => s.version),
      ["001"],
    );
    assert.deepEqual(applied(), ["001"]);

    doc = oneJson(await cli(["sql", "--json"]));
    assert.match(doc.sql as string, /CREATE TABLE two/);
    assert.deepEqual(applied(), ["001"]);

    doc = oneJson(await cli(["heads", "--json"]));
    assert.deepEqual(
      (doc.heads as { version: string }[]).map((h) => h.version),
      ["002", exampleVersion],
    );

    doc = oneJson(await cli(["up", "--to", "002", "--json"]));
    assert.deepEqual(
      (doc.steps as { version: string }[]).map((s) => s.version),
      ["002"],
    );
    assert.deepEqual(applied(), ["001", "002"]);

    doc = oneJson(await cli(["merge", "--json", "--seq"]));
    assert.deepEqual(doc.merges, ["002", exampleVersion]);
    const mergeFile = (doc.created as string[])[0]!;
    assert.ok(existsSync(join(cwd(), mergeFile)));

    doc = oneJson(await cli(["new", "later", "--json"]));
    assert.equal((doc.created as string[]).length, 1);

    doc = oneJson(await cli(["status", "--json"]));
    assert.deepEqual(Object.keys(doc).sort(), ["applied", "current", "pending", "problems"]);
    assert.equal((doc.pending as unknown[]).length, 4, "003, example, merge and later");

    doc = oneJson(await cli(["up", "--json"]));
    assert.equal((doc.steps as unknown[]).length, 4);
    assert.equal(applied().length, 6);

    doc = oneJson(await cli(["down", "--json"]));
    assert.equal((doc.steps as { status: string }[])[0]!.status, "rolled_back");
    assert.equal(applied().length, 5);

    doc = oneJson(await cli(["up", "--json"]));
    doc = oneJson(await cli(["redo", "--json"]));
    assert.deepEqual(
      (doc.reports as { direction: string }[]).map((r) => r.direction),
      ["down", "up"],
    );
    assert.equal(applied().length, 6);

    doc = oneJson(await cli(["history", "--json", "--limit", "2"]));
    const newest = applied().at(-1);
    assert.deepEqual(
      (doc.history as { action: string; version: string }[]).map((h) => [h.action, h.version]),
      [
        ["down", newest],
        ["up", newest],
      ],
      "the redo, in time order",
    );

    doc = oneJson(await cli(["check", "--json"]));
    assert.equal(doc.status, "up_to_date");
    doc = oneJson(await cli(["validate", "--json"]));
    assert.equal(doc.valid, true);
    doc = oneJson(await cli(["repair", "--json"]));
    assert.deepEqual(doc, { repaired: [] });
    assert.equal(applied().length, 6);
  });

  test("an error under --json is a JSON error document on stdout, exit 1", async () => {
    writeFiles(mig(), TWO);
    let r = await cli(["up", "--to", "999", "--json"]);
    let doc = oneJson(r, 1);
    assert.deepEqual(doc, {
      direction: "up",
      dryRun: false,
      steps: [],
      interrupted: false,
      error: {
        code: "E_TARGET",
        message: 'No migration has version "999"',
        hint: "Run `tidemark status` to see the versions.",
      },
    });
    assert.deepEqual(applied(), []);

    r = await cli(["up", "--bogus", "--json"]);
    doc = oneJson(r, 1);
    assert.equal((doc.error as { code: string }).code, "E_USAGE");
    assert.match((doc.error as { message: string }).message, /unknown option '--bogus'/);

    writeFileSync(join(cwd(), "tidemark.config.json"), '{"ulr": "sqlite:./x.db"}');
    doc = oneJson(await cli(["status", "--json"]), 1);
    assert.equal((doc.error as { code: string }).code, "E_CONFIG");
    assert.match((doc.error as { message: string }).message, /unknown key "ulr"/);
    assert.deepEqual(userTables(), []);
    assert.deepEqual(applied(), [], "nothing applied");
    assert.ok(!existsSync(join(cwd(), "x.db")));
  });

  test("a failing migration under --json: the error document names file and line", async () => {
    writeFiles(mig(), {
      ...ONE,
      "002_bad.sql":
        "-- migrate:up\nCREATE TABLE bad (id INTEGER);\nINSERT INTO nope VALUES (1);\n-- migrate:down\nDROP TABLE bad;\n",
    });
    const doc = oneJson(await cli(["up", "--json"]), 1);
    const error = doc.error as Record<string, unknown>;
    assert.equal(error.code, "E_MIGRATION");
    assert.equal(error.file, "002_bad.sql");
    assert.equal(error.line, 3);
    assert.equal(error.version, "002");
    assert.match(error.message as string, /no such table: nope/);
    assert.deepEqual(applied(), ["001"]);
    assert.ok(!userTables().includes("bad"));
  });
});

describe("usage", () => {
  test("an unknown command or option: exit 1, one line, no stack trace", async () => {
    usageError(await cli(["bogus"]), /^error: unknown command 'bogus'$/);
    usageError(await cli(["up", "--bogus"]), /^error: unknown option '--bogus'$/);
    usageError(await cli(["--bogus", "status"]), /^error: unknown option '--bogus'$/);
    usageError(await cli(["up", "--step", "zero"]), /--step takes a whole number/);
    assert.ok(!existsSync(join(cwd(), "tidemark.db")), "no database created");
  });

  test("--version and --help exit 0", async () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    for (const flag of ["--version", "-V"]) {
      const r = await cli([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `${pkg.version}\n`);
    }
    let r = await cli(["--help"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Usage: tidemark \[options\] \[command\]/);
    for (const command of ["init", "new", "status", "up", "down", "redo", "check", "merge"])
      assert.match(r.stdout, new RegExp(`\\n {2}${command}\\b`));
    r = await cli(["up", "--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--dry-run/);
    assert.ok(!existsSync(join(cwd(), "tidemark.db")), "no database created");
  });

  test("--quiet prints nothing on success, and still the error on failure", async () => {
    writeFiles(mig(), TWO);
    let r = await cli(["up", "--quiet", "--to", "001"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, "");
    assert.deepEqual(applied(), ["001"]);
    r = await cli(["-q", "up"]);
    assert.equal(r.stdout, "");
    assert.deepEqual(applied(), ["001", "002"]);
    r = await cli(["up", "-q", "--to", "999"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /error: No migration has version "999"/);
  });
});

describe("confirmations", () => {
  test("repair without a terminal and without --yes refuses; with --yes it accepts the edit", async () => {
    writeFiles(mig(), ONE);
    assert.equal((await cli(["up"])).code, 0);
    const edited = sqlMigration("one").replace("id INTEGER", "id INTEGER NOT NULL");
    writeFileSync(join(mig(), "001_one.sql"), edited);
    const stored = () => rows("SELECT checksum FROM tidemark_migrations")[0]!.checksum;
    const before = stored();
    assert.notEqual(before, checksum(edited));

    let r = await cli(["repair"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no terminal to ask/);
    assert.match(r.stderr, /--yes/);
    assert.equal(stored(), before, "nothing repaired");

    r = await cli(["repair", "--yes"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Repaired 1 row/);
    assert.equal(stored(), checksum(edited));
    assert.equal((await cli(["check"])).code, 0);
  });

  test("a protected environment refuses up without --yes, and runs with it", async () => {
    writeFiles(mig(), TWO);
    writeFileSync(
      join(cwd(), "tidemark.config.json"),
      JSON.stringify({
        url: "sqlite:./dev.db",
        environments: { prod: { url: "sqlite:./prod.db", protected: true } },
      }),
    );
    let r = await cli(["up", "--env", "prod"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /protected environment "prod"/);
    assert.match(r.stderr, /--yes/);
    assert.deepEqual(applied("prod.db"), []);
    assert.deepEqual(userTables("prod.db"), []);

    r = await cli(["up", "--env", "prod", "--dry-run"]);
    assert.equal(r.code, 0, "a dry run asks nothing");
    assert.deepEqual(applied("prod.db"), []);

    r = await cli(["up", "--env", "prod", "--yes"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(applied("prod.db"), ["001", "002"]);
    assert.deepEqual(userTables("prod.db"), ["one", "two"]);

    r = await cli(["down", "--env", "prod"]);
    assert.equal(r.code, 1);
    assert.deepEqual(applied("prod.db"), ["001", "002"], "down refused too");
    r = await cli(["down"], { TIDEMARK_ENV: "prod" });
    assert.equal(r.code, 1, "TIDEMARK_ENV selects it too");
    assert.deepEqual(applied("prod.db"), ["001", "002"]);

    r = await cli(["up"]);
    assert.equal(r.code, 0, "the unprotected default needs no --yes");
    assert.deepEqual(applied("dev.db"), ["001", "002"]);
  });
});
