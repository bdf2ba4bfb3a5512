/**
 * `tidemark verify` (alias `test`), `drift` and `status --drift` as a user runs them, on
 * SQLite and PostgreSQL: progress per migration, the differences, exit codes, one JSON
 * document, and the database itself left as it was (verify) or read only (drift).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, PG_URL, tempDir } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const FILES = {
  "001_users.sql":
    "-- migrate:up\nCREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);\nCREATE INDEX users_email ON users (email);\n-- migrate:down\nDROP TABLE users;\n",
  "002_orders.sql":
    "-- migrate:up\nCREATE TABLE orders (id integer PRIMARY KEY, total integer);\nCREATE VIEW big_orders AS SELECT id FROM orders WHERE total > 100;\n-- migrate:down\nDROP TABLE orders;\n",
  "003_note.sql":
    "-- migrate:up\nALTER TABLE users ADD COLUMN note text;\n-- migrate:down\nALTER TABLE users DROP COLUMN note;\n",
  "004_audit.sql":
    "-- migrate:up\nCREATE TABLE audit (id integer PRIMARY KEY);\n-- migrate:down\nDROP TABEL audit;\n",
};

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir("tidemark-verify-");
  writeFiles(join(dir.path, "migrations"), FILES);
});
afterEach(() => dir.remove());
const cli = (args: readonly string[]) => runCli(args, { cwd: dir.path, timeoutMs: 120_000 });

describe("tidemark verify on SQLite", () => {
  test("prints a line per migration, each difference and the failing down's file:line; exit 1", async () => {
    const r = await cli(["verify", "--url", "sqlite:./app.db"]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split("\n");
    assert.match(lines.find((l) => l.includes("001"))!, /✓ 001\s+users/);
    assert.match(lines.find((l) => l.includes("002"))!, /✗ 002\s+orders.*down does not undo up:/);
    assert.ok(lines.includes("      + view big_orders"), r.stdout);
    assert.match(lines.find((l) => l.includes("003"))!, /✓ 003\s+note/);
    assert.match(r.stdout, /✗ 004\s+audit.*down failed:\n\s+004_audit\.sql:\d+.*syntax error/);
    assert.match(r.stdout, /2 of 4 migrations broken\./);
    // The database named by --url was not touched: verify works in a throw-away one.
    assert.equal(
      await import("node:fs").then((fs) => fs.existsSync(join(dir.path, "app.db"))),
      false,
    );
  });

  test("`test <file>` checks one file; --json prints one document", async () => {
    const r = await cli(["test", "migrations/003_note.sql", "--url", "sqlite::memory:", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.results.map((x: { version: string; outcome: string }) => [x.version, x.outcome]),
      [["003", "ok"]],
    );
    assert.equal(report.failed, 0);
    assert.match(r.stderr, /✓ 003/, "progress goes to stderr under --json");
  });

  test("a file that is not a migration is a usage error", async () => {
    const r = await cli(["verify", "migrations/nope.sql", "--url", "sqlite::memory:"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No migration file migrations\/nope\.sql/);
  });
});

describe("tidemark drift on SQLite", () => {
  test("no drift after up; a column added by hand is drift (exit 1), also in status --drift", async () => {
    const files = { ...FILES };
    delete (files as Record<string, string>)["004_audit.sql"];
    dir.remove();
    dir = tempDir("tidemark-drift-");
    writeFiles(join(dir.path, "migrations"), files);
    assert.equal((await cli(["up", "--url", "sqlite:./app.db"])).code, 0);
    const clean = await cli(["drift", "--url", "sqlite:./app.db"]);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /No drift/);
    const db = new Database(join(dir.path, "app.db"));
    db.exec("ALTER TABLE orders ADD COLUMN by_hand text; DROP INDEX users_email;");
    db.close();
    const r = await cli(["drift", "--url", "sqlite:./app.db"]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /Drift: .* differs from the schema 3 applied migrations build in 2 objects:/,
    );
    assert.match(r.stdout, /^ {2}\+ column orders\.by_hand$/m);
    assert.match(r.stdout, /^ {2}- index users\.users_email$/m);
    const json = JSON.parse((await cli(["drift", "--url", "sqlite:./app.db", "--json"])).stdout);
    assert.deepEqual(
      json.differences.map(
        (d: { change: string; kind: string; name: string }) => `${d.change} ${d.kind} ${d.name}`,
      ),
      ["extra column orders.by_hand", "missing index users.users_email"],
    );
    const status = JSON.parse(
      (await cli(["status", "--drift", "--json", "--url", "sqlite:./app.db"])).stdout,
    );
    assert.deepEqual(
      status.problems.map((p: { kind: string }) => p.kind),
      ["drift"],
    );
  });
});

describe("tidemark verify on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");
  test("uses a scratch database on the same server and drops it", { skip }, async () => {
    const db = await freshDatabase("postgres");
    try {
      const r = await cli(["verify", "--url", db.url, "--json"]);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.deepEqual(
        report.results.map((x: { outcome: string }) => x.outcome),
        ["ok", "down-failed", "ok", "down-failed"],
      );
      // Unlike SQLite, PostgreSQL refuses to drop a table a view still uses.
      assert.match(report.results[1].error.message, /depend/);
      assert.equal(report.results[1].error.file, "002_orders.sql");
      const name = /tidemark_shadow_[0-9a-f]+/.exec(report.shadow)![0];
      assert.deepEqual(
        await pgQuery(PG_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [name]),
        [],
      );
      const tables = await pgQuery(
        db.url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
      );
      assert.deepEqual(tables, [], "the live database was not touched");
    } finally {
      await db.drop();
    }
  });
});
