/**
 * Protected environments through the built CLI (SPEC §1, §6): without a terminal and without
 * --yes nothing happens; with --yes it runs; at a real pseudo-terminal it shows the plan and
 * asks for the environment's name (a wrong name cancels, the right one applies); `--env
 * production` beats an exported DATABASE_URL. Each check reads the databases themselves.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, tempDir } from "../helpers/databases.js";
import { runCliInPty } from "../helpers/pty.js";
import { pgQuery } from "../helpers/sql.js";

const migration = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;
const TWO = { "001_one.sql": migration("one"), "002_two.sql": migration("two") };
const PROMPT = "Type the environment's name";

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const config = (environments: unknown) =>
  writeFileSync(join(cwd(), "tidemark.config.json"), JSON.stringify({ environments }));

beforeEach(() => {
  dir = tempDir("tidemark-protected-");
  writeFiles(join(cwd(), "migrations"), TWO);
});
afterEach(() => dir.remove());

/** Applied versions in the SQLite file `name`; null when the file does not exist. */
function applied(name: string): string[] | null {
  const path = join(cwd(), name);
  if (!existsSync(path)) return null;
  const db = new Database(path, { readonly: true });
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE name = 'tidemark_migrations'")
      .get();
    if (!table) return [];
    return (
      db
        .prepare(
          "SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version",
        )
        .all() as { version: string }[]
    ).map((r) => r.version);
  } finally {
    db.close();
  }
}

describe("a protected environment", () => {
  test("without a terminal and without --yes: one line saying pass --yes, nothing created", async () => {
    config({ production: { url: "sqlite:./prod.db", protected: true } });
    for (const args of [["up"], ["down"], ["redo"], ["repair"], ["stamp", "001"], ["drop"]]) {
      const r = await runCli([...args, "--env", "production"], { cwd: cwd() });
      assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, `${args[0]} says it in one line: ${r.stderr}`);
      assert.match(lines[0]!, /protected environment "production" \(sqlite:\.\/prod\.db\)/);
      assert.match(lines[0]!, /pass --yes/);
      assert.equal(applied("prod.db"), null, `${args[0]} created nothing`);
    }
  });

  test("with --yes it applies; a dry run never asks", async () => {
    config({ production: { url: "sqlite:./prod.db", protected: true } });
    let r = await runCli(["up", "--env", "production", "--dry-run"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(applied("prod.db") ?? [], []);
    r = await runCli(["up", "--env", "production", "--yes"], { cwd: cwd() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(applied("prod.db"), ["001", "002"]);
  });

  test("at a terminal: shows the plan, a wrong name cancels, the right name applies", async () => {
    config({ production: { url: "sqlite:./prod.db", protected: true } });
    const ask = (answer: string, ...args: string[]) =>
      runCliInPty([...args, "--env", "production"], { cwd: cwd(), prompt: PROMPT, answer });

    let r = await ask("prod", "up");
    assert.equal(r.code, 1, r.output);
    assert.match(
      r.output,
      /Apply 2 migrations on protected environment "production" \(sqlite:\.\/prod\.db\):/,
    );
    assert.match(r.output, /→ 001\s+one/);
    assert.match(r.output, /→ 002\s+two/);
    assert.match(r.output, /Type the environment's name \(production\) to confirm:/);
    assert.match(r.output, /Cancelled/);
    assert.deepEqual(applied("prod.db"), [], "nothing applied");

    r = await ask("y", "up");
    assert.equal(r.code, 1, "y/N is not enough: the name is asked for");
    assert.deepEqual(applied("prod.db"), []);

    r = await ask("production", "up", "--step", "1");
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /Apply 1 migration on/);
    assert.match(r.output, /Applied 1 migration/);
    assert.deepEqual(applied("prod.db"), ["001"]);

    r = await ask("production", "down");
    assert.equal(r.code, 0, r.output);
    assert.match(r.output, /Roll back 1 migration on protected environment "production"/);
    assert.match(r.output, /↩ 001\s+one/);
    assert.deepEqual(applied("prod.db"), []);
  });

  test("an unprotected environment at a terminal asks nothing for up, and y/N for drop", async () => {
    config({ dev: { url: "sqlite:./dev.db" } });
    let r = await runCliInPty(["up", "--env", "dev"], { cwd: cwd(), prompt: PROMPT, answer: "" });
    assert.equal(r.code, 0, r.output);
    assert.doesNotMatch(r.output, /confirm/i);
    assert.deepEqual(applied("dev.db"), ["001", "002"]);
    r = await runCliInPty(["drop", "--env", "dev"], { cwd: cwd(), prompt: "[y/N]", answer: "n" });
    assert.equal(r.code, 1, r.output);
    assert.ok(existsSync(join(cwd(), "dev.db")), "kept");
    r = await runCliInPty(["drop", "--env", "dev"], { cwd: cwd(), prompt: "[y/N]", answer: "y" });
    assert.equal(r.code, 0, r.output);
    assert.equal(existsSync(join(cwd(), "dev.db")), false, "dropped");
  });
});

describe("--env production beats DATABASE_URL", async () => {
  const skip = await engineSkip("postgres");
  test("up --env production --yes with DATABASE_URL naming another database", {
    skip,
  }, async () => {
    const production = await freshDatabase("postgres");
    const other = await freshDatabase("postgres");
    try {
      config({ production: { url: production.url, protected: true } });
      const r = await runCli(["up", "--env", "production", "--yes"], {
        cwd: cwd(),
        env: { DATABASE_URL: other.url },
      });
      assert.equal(r.code, 0, r.stderr);
      const rows = await pgQuery(
        production.url,
        "SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version",
      );
      assert.deepEqual(
        rows.map((row) => row.version),
        ["001", "002"],
      );
      const tables = await pgQuery(
        other.url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      assert.deepEqual(tables, [], "the DATABASE_URL database is untouched");
    } finally {
      await production.drop();
      await other.drop();
    }
  });
});
