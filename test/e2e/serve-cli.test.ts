/**
 * `tidemark serve` and `tidemark down <version>` as a user runs them: the refusals, the quick
 * start's example migrations on the page, the API's JSON equal to the CLI's `--json`.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { json } from "../helpers/admin.js";
import { CLI, cleanEnv, runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

const EXAMPLES = resolve(import.meta.dirname, "../../migrations");
const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

/** Starts `tidemark serve --port 0 …` in `cwd`; resolves with its URL once it listens. */
function startServe(cwd: string, args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...args], {
    cwd,
    env: cleanEnv({ TIDEMARK_ADMIN_TOKEN: undefined, ...env }),
  });
  let out = "";
  const url = new Promise<string>((resolveUrl, reject) => {
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /admin on (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", () => reject(new Error(`serve exited: ${out}`)));
  });
  const stop = () =>
    new Promise<number | null>((resolveCode) => {
      child.on("close", (code) => resolveCode(code));
      child.kill("SIGINT");
    });
  return { url, stop };
}

describe("tidemark serve", () => {
  test("refuses to start without a token, and --no-auth off loopback", async () => {
    const dir = tempDir();
    try {
      const none = await runCli(["serve"], {
        cwd: dir.path,
        env: { TIDEMARK_ADMIN_TOKEN: undefined },
      });
      assert.equal(none.code, 1);
      assert.match(none.stderr, /serve needs an admin token: TIDEMARK_ADMIN_TOKEN is not set/);
      const open = await runCli(["serve", "--no-auth", "--host", "0.0.0.0"], { cwd: dir.path });
      assert.equal(open.code, 1);
      assert.match(open.stderr, /--no-auth is refused on 0\.0\.0\.0: only on a loopback address/);
    } finally {
      dir.remove();
    }
  });

  test("after the quick start, serve --no-auth shows the example migrations", async () => {
    const dir = tempDir();
    try {
      cpSync(EXAMPLES, join(dir.path, "migrations"), { recursive: true });
      assert.equal((await runCli(["up", "--to", "20250104080000"], { cwd: dir.path })).code, 0);
      const serve = startServe(dir.path, ["--no-auth"]);
      const url = await serve.url;
      const page = await (await fetch(url, { headers: { accept: "text/html" } })).text();
      for (const name of ["create_users", "create_guests", "add_trip_waitlist", "seed_demo_trip"])
        assert.ok(page.includes(name), `page shows ${name}`);
      assert.match(page, /2 pending/);
      const api = await (
        await fetch(url.replace(/\/admin\/migrations$/, "/admin/migrations/status"))
      ).json();
      const cli = await runCli(["status", "--json"], { cwd: dir.path });
      assert.deepEqual(api, JSON.parse(cli.stdout), "GET status is `status --json`");
      const history = await json(await fetch(`${url}/history`));
      assert.deepEqual(
        history,
        JSON.parse((await runCli(["history", "--json"], { cwd: dir.path })).stdout),
      );
      const dry = await json(await fetch(`${url}/run?dry_run=true`, { method: "POST" }));
      const cliDry = JSON.parse(
        (await runCli(["up", "--dry-run", "--json"], { cwd: dir.path })).stdout,
      );
      assert.deepEqual(dry, cliDry, "a dry run is `up --dry-run --json`, plan hash included");
      assert.equal(await serve.stop(), 0);
    } finally {
      dir.remove();
    }
  });
});

describe("tidemark down <version>", () => {
  test("rolls back that migration and every later one, plan first; --version and --name too", async () => {
    const dir = tempDir();
    try {
      writeFiles(join(dir.path, "migrations"), {
        "001_a.sql": table("a"),
        "002_b.sql": table("b"),
        "003_c.sql": table("c"),
      });
      const db = join(dir.path, "tidemark.db");
      const names = () =>
        sqliteRows(
          db,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a','b','c') ORDER BY name",
        ).map((r) => r.name);
      assert.equal((await runCli(["up"], { cwd: dir.path })).code, 0);
      const down = await runCli(["down", "002"], { cwd: dir.path });
      assert.equal(down.code, 0, down.stderr);
      assert.match(
        down.stdout,
        /^Plan: will roll back 2 migrations:\n {2}↩ 003 {2}c\n.*\n\s+DROP TABLE c;\n {2}↩ 002 {2}b\n.*\n\s+DROP TABLE b;\n/,
      );
      assert.match(down.stdout, /Rolled back 2 migrations/);
      assert.deepEqual(names(), ["a"]);
      assert.equal((await runCli(["up"], { cwd: dir.path })).code, 0);
      assert.equal((await runCli(["down", "--version", "003"], { cwd: dir.path })).code, 0);
      assert.deepEqual(names(), ["a", "b"]);
      assert.equal((await runCli(["rollback", "--name", "a"], { cwd: dir.path })).code, 0);
      assert.deepEqual(names(), []);
      const notApplied = await runCli(["down", "002"], { cwd: dir.path });
      assert.equal(notApplied.code, 1);
      assert.match(notApplied.stderr, /002 is not applied: there is nothing to roll back/);
      const both = await runCli(["down", "002", "--to", "001"], { cwd: dir.path });
      assert.match(both.stderr, /down takes one of version, name, to and step, not version and to/);
    } finally {
      dir.remove();
    }
  });
});
