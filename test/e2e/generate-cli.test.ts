/**
 * `tidemark generate` and `tidemark diff` as a user runs them on PostgreSQL: files written in
 * the folder's format, "nothing to do", the `--check` gate, a change the proof refuses (and
 * `--force`), diff between a folder, a schema file and a live URL, one JSON document, exit
 * codes; the live database is only read.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, type TestDatabase, tempDir } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const SCHEMA = `CREATE DOMAIN code AS text CHECK (VALUE <> '');
CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);
CREATE VIEW emails AS SELECT email FROM users;
`;

describe("tidemark generate and diff on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");
  let db: TestDatabase;
  let dir: { path: string; remove(): void };
  const cli = (args: readonly string[]) =>
    runCli([...args, "--url", db.url], { cwd: dir.path, timeoutMs: 120_000 });
  const migrations = () => readdirSync(join(dir.path, "migrations")).sort();
  const tables = async () =>
    (
      await pgQuery(
        db.url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
      )
    ).map((r) => r.tablename);

  before(async () => {
    if (skip) return;
    db = await freshDatabase("postgres");
    dir = tempDir("tidemark-generate-");
    writeFiles(join(dir.path, "migrations"), {
      "001_start.up.sql": "CREATE TABLE start (id integer);\n",
      "001_start.down.sql": "DROP TABLE start;\n",
    });
    writeFileSync(join(dir.path, "schema.sql"), SCHEMA);
  });
  after(async () => {
    if (skip) return;
    dir.remove();
    await db.drop();
  });

  test("writes the migration in the folder's format; then there is nothing to do", {
    skip,
  }, async () => {
    const r = await cli(["generate", "add_users", "--schema", "schema.sql"]);
    assert.equal(r.code, 0, r.stderr);
    const created = migrations().filter((f) => f.includes("add_users"));
    assert.deepEqual(
      created.map((f) => f.replace(/^\d+/, "V")),
      ["V_add_users.down.sql", "V_add_users.up.sql"],
    );
    assert.match(r.stdout, /^Created migrations\/002_add_users\.up\.sql$/m);
    assert.match(r.stdout, /Review before you apply it:\n {2}- drops table public\.start/);
    const up = readFileSync(join(dir.path, "migrations", "002_add_users.up.sql"), "utf8");
    assert.match(up, /CREATE TABLE public\.users \(/);
    assert.match(
      up,
      /-- warning: drops table public\.start and the data in it\nDROP TABLE public\.start;/,
    );
    const down = readFileSync(join(dir.path, "migrations", "002_add_users.down.sql"), "utf8");
    assert.match(
      down,
      /DROP VIEW public\.emails;[\s\S]*DROP TABLE public\.users;[\s\S]*CREATE TABLE public\.start/,
    );
    // generate reads; it never applies.
    assert.deepEqual(await tables(), []);
    const again = await cli(["generate", "add_users", "--schema", "schema.sql"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to do: the migrations already build schema\.sql\./);
    assert.equal(migrations().length, 4);
    const check = await cli(["generate", "--check", "--schema", "schema.sql"]);
    assert.equal(check.code, 0, check.stderr);
  });

  test("--check exits 1 and names the difference; diff prints the SQL from a folder, a file or the live database", {
    skip,
  }, async () => {
    writeFileSync(
      join(dir.path, "schema.sql"),
      `${SCHEMA}ALTER TABLE users ADD COLUMN name text;\n`,
    );
    const check = await cli(["generate", "--check", "--schema", "schema.sql"]);
    assert.equal(check.code, 1, check.stderr);
    assert.match(
      check.stdout,
      /The migrations do not build schema\.sql:\n {2}- column public\.users\.name/,
    );
    assert.equal(migrations().length, 4);
    const diff = await cli(["diff", "--from", "migrations", "--to", "schema.sql"]);
    assert.equal(diff.code, 0, diff.stderr);
    assert.equal(diff.stdout, "ALTER TABLE public.users ADD COLUMN name text;\n");
    const up = await cli(["up"]);
    assert.equal(up.code, 0, up.stderr);
    const live = await cli(["diff", "--from", db.url, "--to", "schema.sql", "--json"]);
    assert.equal(live.code, 0, live.stderr);
    const report = JSON.parse(live.stdout);
    assert.deepEqual(report.from.kind, "url");
    assert.deepEqual(report.to.kind, "sql");
    assert.deepEqual(
      report.up.map((s: { sql: string }) => s.sql),
      ["ALTER TABLE public.users ADD COLUMN name text;"],
    );
    assert.deepEqual(
      report.down.map((s: { sql: string }) => s.sql),
      ["ALTER TABLE public.users DROP COLUMN name;"],
    );
    // No --url: the folder is built on the server of the URL it is compared with.
    const same = await runCli(["diff", "--from", "migrations", "--to", db.url], {
      cwd: dir.path,
      timeoutMs: 120_000,
    });
    assert.equal(same.code, 0, same.stderr);
    assert.equal(same.stdout, "");
    assert.match(same.stderr, /No differences/);
  });

  test("a change the proof cannot reproduce is refused, nothing written; --force writes it", {
    skip,
  }, async () => {
    writeFileSync(join(dir.path, "schema.sql"), SCHEMA.replace("AS text", "AS varchar(20)"));
    const r = await cli(["generate", "retype", "--schema", "schema.sql"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stdout,
      /The proof found what the migration could not express:\n {2}after up: {3}~ domain public\.code: type character varying\(20\) → text/,
    );
    assert.match(r.stdout, /Nothing written; .* or pass --force to write it anyway\./);
    assert.equal(migrations().filter((f) => f.includes("retype")).length, 0);
    const forced = await cli(["generate", "retype", "--schema", "schema.sql", "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(migrations().filter((f) => f.includes("retype")).length, 2);
  });

  test("bad input is one line: no --schema, a missing source, a malformed --rename", {
    skip,
  }, async () => {
    const none = await cli(["generate", "x"]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /generate needs --schema <file>/);
    const missing = await cli(["diff", "--from", "nope.sql", "--to", "schema.sql"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Cannot read the schema source nope\.sql/);
    const rename = await cli([
      "diff",
      "--from",
      "migrations",
      "--to",
      "schema.sql",
      "--rename",
      "users",
    ]);
    assert.equal(rename.code, 1);
    assert.match(rename.stderr, /--rename users: expected old:new/);
  });
});
