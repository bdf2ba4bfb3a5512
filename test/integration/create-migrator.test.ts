/**
 * createMigrator() without a url reads what the CLI reads (SPEC §1): the environment named by
 * `env`, TIDEMARK_URL, DATABASE_URL (process environment over `.env`), the config file, the
 * default. Explicit options win. Each test runs in a folder of its own, with the variables of
 * this process cleared and restored; the databases are SQLite files checked directly.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { createMigrator, type Migrator, TidemarkError } from "../../src/index.js";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

const MIGRATION = {
  "001_one.sql":
    "-- migrate:up\nCREATE TABLE one (id INTEGER);\n-- migrate:down\nDROP TABLE one;\n",
};
const VARIABLES = ["TIDEMARK_URL", "DATABASE_URL", "TIDEMARK_ENV"] as const;

let dir: { path: string; remove(): void };
let saved: Record<string, string | undefined>;
let previousCwd: string;
const opened: Migrator[] = [];
const at = (name: string) => join(dir.path, name);

beforeEach(() => {
  dir = tempDir("tidemark-create-migrator-");
  previousCwd = process.cwd();
  process.chdir(dir.path);
  saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of VARIABLES) delete process.env[name];
  writeFiles(at("migrations"), MIGRATION);
});
afterEach(async () => {
  for (const m of opened.splice(0)) await m.close();
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  process.chdir(previousCwd);
  dir.remove();
});

async function open(options: Parameters<typeof createMigrator>[0] = {}): Promise<Migrator> {
  const m = await createMigrator(options);
  opened.push(m);
  return m;
}

/** Versions applied in the SQLite file `name` of the test folder ([] when it does not exist). */
function applied(name: string, table = "tidemark_migrations"): string[] {
  if (!existsSync(at(name))) return [];
  const db = new Database(at(name), { readonly: true });
  try {
    return (
      db.prepare(`SELECT version FROM "${table}" WHERE status = 'applied'`).all() as {
        version: string;
      }[]
    ).map((r) => r.version);
  } finally {
    db.close();
  }
}

const config = (value: unknown, name = "tidemark.config.json") =>
  writeFileSync(at(name), typeof value === "string" ? value : JSON.stringify(value));

async function rejectsConfig(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TidemarkError, String(err));
    assert.equal(err.code, "E_CONFIG");
    assert.match(err.message, message);
    return true;
  });
}

describe("createMigrator() reads the CLI's sources", () => {
  test("the config file's url, folder and table; the CLI then sees the same database", async () => {
    writeFiles(at("db/migrations"), MIGRATION);
    config({ url: "sqlite:./app.db", dir: "./db/migrations", table: "app_migrations" });
    const m = await open();
    assert.equal(m.url, "sqlite:./app.db");
    assert.equal(m.table, "app_migrations");
    assert.equal((await m.up()).steps.length, 1);
    await m.close();
    assert.deepEqual(applied("app.db", "app_migrations"), ["001"]);
    assert.equal(existsSync(at("tidemark.db")), false, "the default was not touched");

    const status = await runCli(["status", "--json"], { cwd: dir.path });
    assert.equal(status.code, 0, status.stderr);
    assert.equal(JSON.parse(status.stdout).current, "001");
  });

  test("DATABASE_URL, TIDEMARK_URL over it, and an explicit url over both", async () => {
    config({ url: "sqlite:./config.db" });
    process.env.DATABASE_URL = "sqlite:./database-url.db";
    assert.equal((await open()).url, "sqlite:./database-url.db");
    process.env.TIDEMARK_URL = "sqlite:./tidemark-url.db";
    assert.equal((await open()).url, "sqlite:./tidemark-url.db");
    const explicit = await open({ url: "sqlite:./explicit.db", dir: at("migrations") });
    await explicit.up();
    assert.deepEqual(applied("explicit.db"), ["001"]);
    assert.deepEqual(applied("tidemark-url.db"), []);
  });

  test("env names an environment, whose url beats DATABASE_URL; explicit options still win", async () => {
    writeFiles(at("other"), {});
    config({ dir: "./other", environments: { dev: { url: "sqlite:./dev.db" } } });
    process.env.DATABASE_URL = "sqlite:./elsewhere.db";
    const m = await open({ env: "dev", dir: "./migrations" });
    assert.equal(m.url, "sqlite:./dev.db");
    await m.up();
    assert.deepEqual(applied("dev.db"), ["001"], "the explicit dir was used");
    assert.deepEqual(applied("elsewhere.db"), []);
  });

  test("DATABASE_URL from .env, under the process environment", async () => {
    writeFileSync(at(".env"), "DATABASE_URL=sqlite:./dotenv.db\n");
    assert.equal((await open()).url, "sqlite:./dotenv.db");
    process.env.DATABASE_URL = "sqlite:./process.db";
    assert.equal((await open()).url, "sqlite:./process.db");
  });

  test("an empty DATABASE_URL or url is an error, and no ./tidemark.db appears", async () => {
    process.env.DATABASE_URL = "";
    await rejectsConfig(open(), /DATABASE_URL is set but empty/);
    await rejectsConfig(open({ url: "" }), /url is empty/);
    assert.equal(existsSync(at("tidemark.db")), false);
  });

  test("a config file that fails to load is an error naming it", async () => {
    config("export default {;", "tidemark.config.mjs");
    await assert.rejects(open(), (err: unknown) => {
      assert.ok(err instanceof TidemarkError);
      assert.equal(err.code, "E_CONFIG");
      assert.equal(err.file, at("tidemark.config.mjs"));
      return true;
    });
  });

  test("cheap: nothing is connected until a method needs the database", async () => {
    config({ url: "postgres://nobody@127.0.0.1:1/nothing" });
    const m = await open();
    assert.equal(m.url, "postgres://nobody@127.0.0.1:1/nothing");
    assert.deepEqual(
      (await m.list()).map((i) => i.version),
      ["001"],
    );
    await assert.rejects(m.status(), (err: unknown) => (err as TidemarkError).code === "E_CONNECT");
  });
});
