/**
 * The built CLI with `--table schema.name`: on PostgreSQL schema + table (lock keyed by both), on
 * MySQL/MariaDB database + table, refused on SQLite; never a table literally named `app.x`, and
 * odd characters are quoted, never injected.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { advisoryKey } from "../../src/dialects/postgres/pg-lock.js";
import { runCli, writeFiles } from "../helpers/cli.js";
import {
  engineSkip,
  freshDatabase,
  MYSQL_URL,
  type TestDatabase,
  tempDir,
} from "../helpers/databases.js";

const FILES = {
  "001_a.sql": "-- migrate:up\nCREATE TABLE a (id INTEGER);\n-- migrate:down\nDROP TABLE a;\n",
};

async function withFolder<T>(fn: (cwd: string) => Promise<T>): Promise<T> {
  const folder = tempDir();
  try {
    writeFiles(join(folder.path, "migrations"), FILES);
    return await fn(folder.path);
  } finally {
    folder.remove();
  }
}

/** Runs `up`, `status` and `down` with `table`, asserting each succeeds. */
async function roundTrip(cwd: string, url: string, table: string): Promise<void> {
  let r = await runCli(["up", "--url", url, "--table", table], { cwd });
  assert.equal(r.code, 0, r.stderr);
  r = await runCli(["status", "--url", url, "--table", table], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /applied\s+001\s+a/);
  r = await runCli(["down", "--url", url, "--table", table], { cwd });
  assert.equal(r.code, 0, r.stderr);
  r = await runCli(["status", "--url", url, "--table", table], { cwd });
  assert.match(r.stdout, /pending\s+001\s+a/);
}

describe("--table schema.name on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");
  const query = async (url: string, text: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  };
  const tables = (url: string) =>
    query(
      url,
      "SELECT table_schema || '|' || table_name AS t FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    ).then((rows) => rows.map((r) => r.t));

  test("app.x: the schema is created and holds x and x_log; up, status and down work", {
    skip,
  }, async () => {
    const db = await freshDatabase("postgres");
    try {
      await withFolder(async (cwd) => {
        await roundTrip(cwd, db.url, "app.x");
        assert.deepEqual(await tables(db.url), ["app|x", "app|x_log"]);
        const rows = await query(db.url, "SELECT version, status FROM app.x");
        assert.deepEqual(rows, [{ version: "001", status: "rolled_back" }]);
      });
    } finally {
      await db.drop();
    }
  });

  test("the lock key includes the schema: app.x waits for app.x, other.x does not", {
    skip,
  }, async () => {
    const db = await freshDatabase("postgres");
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1::bigint)", [advisoryKey("app", "x")]);
      await withFolder(async (cwd) => {
        const blocked = await runCli(
          ["up", "--url", db.url, "--table", "app.x", "--lock-wait", "1"],
          {
            cwd,
          },
        );
        assert.equal(blocked.code, 3, blocked.stderr);
        const other = await runCli(["up", "--url", db.url, "--table", "other.x"], { cwd });
        assert.equal(other.code, 0, other.stderr);
      });
      assert.deepEqual(await tables(db.url), ["other|x", "other|x_log", "public|a"]);
    } finally {
      await holder.end();
      await db.drop();
    }
  });

  test('odd names (a"b, x;drop) are quoted, never injected', { skip }, async () => {
    const db = await freshDatabase("postgres");
    try {
      await withFolder(async (cwd) => {
        await roundTrip(cwd, db.url, 'a"b');
        await roundTrip(cwd, db.url, "x;drop table a");
      });
      assert.deepEqual(await tables(db.url), [
        'public|a"b',
        'public|a"b_log',
        "public|x;drop table a",
        "public|x;drop table a_log",
      ]);
    } finally {
      await db.drop();
    }
  });
});

describe("--table database.name on MySQL/MariaDB", async () => {
  const skip = await engineSkip("mysql");
  const tablesIn = async (database: string) => {
    const conn = await mysql.createConnection(MYSQL_URL);
    try {
      const [rows] = await conn.query(
        "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY 1",
        [database],
      );
      return (rows as { t: string }[]).map((r) => r.t);
    } finally {
      await conn.end();
    }
  };

  test("app.x: tables x and x_log land in database app; odd names are quoted", {
    skip,
  }, async () => {
    const db: TestDatabase = await freshDatabase("mysql");
    const app = `tm_app_${randomBytes(4).toString("hex")}`;
    try {
      await withFolder(async (cwd) => {
        await roundTrip(cwd, db.url, `${app}.x`);
        assert.deepEqual(await tablesIn(app), ["x", "x_log"]);
        await roundTrip(cwd, db.url, "a`b");
        await roundTrip(cwd, db.url, "x;drop table a");
      });
      const own = (await tablesIn(new URL(db.url).pathname.slice(1))).sort();
      assert.deepEqual(own, ["a`b", "a`b_log", "x;drop table a", "x;drop table a_log"]);
    } finally {
      const conn = await mysql.createConnection(MYSQL_URL);
      await conn.query(`DROP DATABASE IF EXISTS \`${app}\``);
      await conn.end();
      await db.drop();
    }
  });
});

describe("--table on SQLite", () => {
  test("app.x is refused in one line, before the database file is created", async () => {
    await withFolder(async (cwd) => {
      const r = await runCli(["up", "--table", "app.x"], { cwd });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /^error: Tracking table "app\.x": SQLite has no schemas.*\nhint: /);
      assert.equal(existsSync(join(cwd, "tidemark.db")), false);
    });
  });

  test('odd names (a"b, x;drop) are quoted, never injected', async () => {
    await withFolder(async (cwd) => {
      await roundTrip(cwd, "sqlite:./t.db", 'a"b');
      await roundTrip(cwd, "sqlite:./t.db", "x;drop table a");
      const db = new Database(join(cwd, "t.db"), { readonly: true });
      try {
        const names = db
          .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
          )
          .all()
          .map((r) => (r as { name: string }).name);
        assert.deepEqual(names, [
          'a"b',
          'a"b_lock',
          'a"b_log',
          "x;drop table a",
          "x;drop table a_lock",
          "x;drop table a_log",
        ]);
      } finally {
        db.close();
      }
    });
  });
});
