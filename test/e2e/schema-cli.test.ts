/** The built CLI's `schema` command and config `schemaFile`, as a user runs them. */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, type TestDatabase, tempDir } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const FILES = {
  "001_users.sql":
    "-- migrate:up\nCREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE);\nCREATE VIEW user_emails AS SELECT email FROM users;\n-- migrate:down\nDROP VIEW user_emails;\nDROP TABLE users;\n",
  "002_notes.sql":
    "-- migrate:up\nCREATE TABLE notes (id int PRIMARY KEY, user_id int REFERENCES users);\n-- migrate:down\nDROP TABLE notes;\n",
};

async function withProject(
  config: Record<string, unknown> | null,
  fn: (cwd: string, db: TestDatabase) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase("postgres");
  const folder = tempDir();
  try {
    writeFiles(join(folder.path, "migrations"), FILES);
    const file = { url: db.url, ...config };
    writeFileSync(join(folder.path, "tidemark.config.json"), JSON.stringify(file));
    await fn(folder.path, db);
  } finally {
    await db.drop();
    folder.remove();
  }
}

describe("schema (CLI)", async () => {
  const skip = await engineSkip("postgres");

  test("schemaFile is rewritten after each up and down that changes something", { skip }, () =>
    withProject({ schemaFile: "db/schema.sql" }, async (cwd, db) => {
      const up = await runCli(["up"], { cwd });
      assert.equal(up.code, 0, up.stderr);
      assert.match(up.stdout, /Schema written to .*db\/schema\.sql\./);
      const written = readFileSync(join(cwd, "db/schema.sql"), "utf8");
      assert.match(written, /CREATE TABLE public\.notes \(/);
      assert.match(
        written,
        /ADD CONSTRAINT notes_user_id_fkey FOREIGN KEY \(user_id\) REFERENCES public\.users\(id\)/,
      );
      assert.doesNotMatch(written, /tidemark_migrations/);
      const printed = await runCli(["schema"], { cwd });
      assert.equal(printed.code, 0, printed.stderr);
      assert.equal(printed.stdout, written, "`schema` prints what schemaFile holds");
      const down = await runCli(["down"], { cwd });
      assert.equal(down.code, 0, down.stderr);
      const after = readFileSync(join(cwd, "db/schema.sql"), "utf8");
      assert.doesNotMatch(after, /notes/);
      assert.match(after, /CREATE VIEW public\.user_emails AS/);
      const nothing = await runCli(["down", "--to", "001"], { cwd });
      assert.equal(nothing.code, 0, nothing.stderr);
      assert.doesNotMatch(
        nothing.stdout,
        /Schema written/,
        "a run that changes nothing writes nothing",
      );
      const tables = await pgQuery(db.url, "SELECT to_regclass('public.notes') IS NULL AS gone");
      assert.deepEqual(tables, [{ gone: true }]);
    }),
  );

  test(
    "a schemaFile that cannot be written is an error line; the migrations stay applied",
    { skip },
    () =>
      withProject({ schemaFile: "blocker/schema.sql" }, async (cwd, db) => {
        writeFileSync(join(cwd, "blocker"), "a file, not a folder");
        const up = await runCli(["up"], { cwd });
        assert.equal(up.code, 1);
        assert.match(
          up.stderr,
          /^error: schemaFile .*blocker\/schema\.sql not written: .*\(the migrations stay applied; run `tidemark schema --out/m,
        );
        assert.match(up.stdout, /Applied 2 migrations/);
        const rows = await pgQuery(
          db.url,
          "SELECT count(*)::int AS n FROM tidemark_migrations WHERE status = 'applied'",
        );
        assert.deepEqual(rows, [{ n: 2 }]);
        const json = await runCli(["down", "--json"], { cwd });
        assert.equal(json.code, 1);
        const report = JSON.parse(json.stdout);
        assert.equal(report.steps.length, 1);
        assert.match(report.schemaFile.error, /./);
      }),
  );

  test("schema --json prints the snapshot; --out writes the file", { skip }, () =>
    withProject(null, async (cwd) => {
      assert.equal((await runCli(["up"], { cwd })).code, 0);
      const json = await runCli(["schema", "--json"], { cwd });
      assert.equal(json.code, 0, json.stderr);
      const snapshot = JSON.parse(json.stdout);
      assert.equal(snapshot.engine, "postgres");
      assert.deepEqual(
        snapshot.tables.map((t: { name: string }) => t.name),
        ["public.notes", "public.users"],
      );
      assert.deepEqual(
        snapshot.views.map((v: { name: string }) => v.name),
        ["public.user_emails"],
      );
      const out = await runCli(["schema", "--out", "schema.sql"], { cwd });
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stdout, /Schema written to .*schema\.sql\./);
      assert.match(readFileSync(join(cwd, "schema.sql"), "utf8"), /CREATE TABLE public\.users \(/);
    }),
  );
});

describe("schema (CLI) on an engine without introspection", () => {
  test("says in one line that the engine does not support it yet", async () => {
    const folder = tempDir();
    try {
      writeFiles(join(folder.path, "migrations"), {
        "001_a.sql":
          "-- migrate:up\nCREATE TABLE a (id INTEGER);\n-- migrate:down\nDROP TABLE a;\n",
      });
      const url = `sqlite:${join(folder.path, "app.db")}`;
      assert.equal((await runCli(["up", "--url", url], { cwd: folder.path })).code, 0);
      const r = await runCli(["schema", "--url", url], { cwd: folder.path });
      assert.equal(r.code, 1);
      assert.equal(r.stdout, "");
      assert.match(
        r.stderr,
        /^error: Reading the schema of a sqlite database is not supported yet$/m,
      );
    } finally {
      folder.remove();
    }
  });
});
