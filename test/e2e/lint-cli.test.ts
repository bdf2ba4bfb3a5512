/**
 * `tidemark lint` and the lint step of `up`, through the built CLI: exit codes, formats, and a
 * protected environment stopped by an error-level finding (database unchanged) or let through
 * with --force-unsafe. Outcomes checked in the SQLite database, not only in the output.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const cli = (...args: string[]) => runCli(args, { cwd: cwd() });
const migrations = () => join(cwd(), "migrations");

const USERS =
  "-- migrate:up\nCREATE TABLE users (id INTEGER);\n-- migrate:down\nDROP TABLE users;\n";
const DROP =
  "-- migrate:up\nDROP TABLE users;\n-- migrate:down\nCREATE TABLE users (id INTEGER);\n";

beforeEach(() => {
  dir = tempDir("tidemark-lint-cli-");
  writeFileSync(
    join(cwd(), "tidemark.config.json"),
    JSON.stringify({ environments: { prod: { url: "sqlite:./prod.db", protected: true } } }),
  );
});
afterEach(() => dir.remove());

/** The tables of the SQLite file `name`. */
function tables(name: string): string[] {
  if (!existsSync(join(cwd(), name))) return [];
  const db = new Database(join(cwd(), name), { readonly: true });
  try {
    const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    return (rows.all() as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}

describe("up on a protected environment", () => {
  test("an error-level finding stops it, nothing applied; --force-unsafe applies", async () => {
    writeFiles(migrations(), { "001_users.sql": USERS });
    let r = await cli("up", "--env", "prod", "--yes");
    assert.equal(r.code, 0, r.stderr);
    writeFiles(migrations(), { "002_drop.sql": DROP });
    r = await cli("up", "--env", "prod", "--yes");
    assert.equal(r.code, 1);
    assert.match(r.stderr, /002_drop\.sql:2:1 +error +drop-table +drops table users/);
    assert.match(
      r.stderr,
      /up stopped: 1 error-level lint finding on protected environment "prod"; nothing was applied/,
    );
    assert.ok(tables("prod.db").includes("users"), "users still there");
    r = await cli("up", "--env", "prod", "--yes", "--force-unsafe", "--json");
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { steps: unknown[]; lint: { errors: number } };
    assert.equal(doc.steps.length, 1);
    assert.equal(doc.lint.errors, 1);
    assert.ok(!tables("prod.db").includes("users"), "users dropped");
  });

  test("an unprotected database: the findings are printed first, and up goes on", async () => {
    writeFiles(migrations(), { "001_users.sql": USERS });
    await cli("up", "--url", "sqlite:./dev.db");
    writeFiles(migrations(), { "002_drop.sql": DROP });
    const r = await cli("up", "--url", "sqlite:./dev.db");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /drop-table/);
    assert.ok(!tables("dev.db").includes("users"));
  });
});

describe("tidemark lint", () => {
  test("pending migrations: tables created earlier in the run are new; exit 0 with warnings only", async () => {
    writeFiles(migrations(), {});
    assert.equal((await cli("up", "--url", "sqlite:./dev.db")).code, 0);
    writeFiles(migrations(), {
      "001_users.sql": USERS,
      "002_more.sql": "-- migrate:up\nUPDATE users SET id = 1;\n",
    });
    let r = await cli("lint", "--url", "sqlite:./dev.db", "--json");
    assert.equal(r.code, 0, r.stderr);
    let doc = JSON.parse(r.stdout) as { mode: string; findings: { rule: string }[] };
    assert.equal(doc.mode, "pending");
    assert.deepEqual(
      doc.findings.map((f) => f.rule),
      ["missing-down"],
    );
    r = await cli("lint", "--all", "--url", "sqlite:./dev.db", "--json");
    doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.findings.map((f) => f.rule).sort(), [
      "missing-down",
      "update-without-where",
    ]);
    r = await cli("lint", "--all", "--url", "sqlite:./none.db");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(join(cwd(), "none.db")), false, "--all needs no database");
  });

  test("exit 1 on an error-level finding, with the caret; github and sarif formats", async () => {
    writeFiles(migrations(), { "001_users.sql": USERS, "002_drop.sql": DROP });
    const file = join("migrations", "002_drop.sql");
    let r = await cli("lint", file, "--dialect", "postgres");
    assert.equal(r.code, 1);
    assert.match(r.stdout, /migrations\/002_drop\.sql:2:1 {2}error {2}drop-table/);
    assert.match(r.stdout, /2 \| DROP TABLE users;\n {4}\^~+/);
    r = await cli("lint", file, "--dialect", "postgres", "--format", "github");
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^::error file=migrations\/002_drop\.sql,line=2,col=1,title=tidemark drop-table::/,
    );
    r = await cli("lint", "--all", "--dialect", "postgres", "--format", "sarif");
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    assert.equal(sarif.version, "2.1.0");
    assert.deepEqual(
      sarif.runs[0]?.results.map((x) => x.ruleId),
      ["drop-table"],
    );
  });

  test("exit 2 when lint cannot run: an unknown rule id in a directive, named with file:line", async () => {
    writeFiles(migrations(), {
      "001_a.sql": "-- migrate:up\n-- tidemark:disable-next drop-tabel\nDROP TABLE x;\n",
    });
    const r = await cli("lint", "--all", "--dialect", "sqlite");
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /001_a\.sql:2: unknown lint rule "drop-tabel" \(did you mean "drop-table"\?\)/,
    );
  });

  test("the config's lint.rules: a level changes, an unknown id is refused by name", async () => {
    writeFiles(migrations(), { "001_drop.sql": DROP });
    const config = (rules: object) =>
      writeFileSync(join(cwd(), "tidemark.config.json"), JSON.stringify({ lint: { rules } }));
    config({ "drop-table": "warning" });
    let r = await cli("lint", "--all", "--dialect", "sqlite");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /warning {2}drop-table/);
    config({ "drop-tables": "off" });
    r = await cli("lint", "--all", "--dialect", "sqlite");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /lint\.rules\.drop-tables.*unknown lint rule "drop-tables"/);
  });
});
