/** PostgreSQL-only behaviour of the `pg` dialect, against the real server. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import pg from "pg";
import { TidemarkError } from "../../src/core/errors.js";
import { PgConnection } from "../../src/dialects/postgres/pg-connection.js";
import { openPgSession } from "../../src/dialects/postgres/pg-driver.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { engineSkip } from "../helpers/databases.js";
import { queryError, withHarness } from "./harness.js";

const skip = await engineSkip("postgres");

/** A plain `pg` client on the same database, standing for another application. */
async function otherClient(url: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return client;
}

describe("postgres dialect", { skip }, () => {
  test("?schema= creates the schema, holds the tracking table and receives the migrations' objects", () =>
    withHarness("postgres", async ({ url }) => {
      const dialect = await resolveDialect(`${url}?schema=app`);
      const conn = await dialect.connect({ applicationName: "tidemark-test" });
      try {
        await conn.exec(`CREATE TABLE ${dialect.tableRef("tidemark_migrations")} (v text)`);
        await conn.exec("CREATE TABLE users (id int)");
        const rows = await conn.query(
          "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name",
        );
        assert.deepEqual(rows, [
          { table_schema: "app", table_name: "tidemark_migrations" },
          { table_schema: "app", table_name: "users" },
        ]);
      } finally {
        await conn.close();
      }
    }));

  test("every session names itself and watches for a dead client", () =>
    withHarness("postgres", async ({ dialect }) => {
      const conn = await dialect.connect({ applicationName: "tidemark 0.1.0 host:99" });
      try {
        const rows = await conn.query(
          "SELECT current_setting('application_name') AS app, current_setting('client_connection_check_interval') AS check",
        );
        assert.deepEqual(rows, [{ app: "tidemark 0.1.0 host:99", check: "1s" }]);
      } finally {
        await conn.close();
      }
    }));

  test("a session's set-up makes its settings and reads its schema in one round trip", () =>
    withHarness("postgres", async ({ url }) => {
      const session = await openPgSession({
        connectionString: url,
        applicationName: "tidemark-test",
        connectTimeoutMs: 5000,
      });
      const conn = new PgConnection(session, []);
      try {
        const captured = await conn.captureSession(
          ["set_config('statement_timeout', $1, false)", "set_config('lock_timeout', '2s', false)"],
          ["1234ms"],
        );
        assert.deepEqual(captured, { schema: "public" });
        const rows = await conn.query(
          "SELECT current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt",
        );
        assert.deepEqual(rows, [{ st: "1234ms", lt: "2s" }]);
        // A setting the server refuses fails the whole round trip (the dialect then reads without it).
        await assert.rejects(conn.captureSession(["set_config('no_such_setting', '1', false)"]));
        assert.deepEqual(await conn.captureSession(), { schema: "public" });
      } finally {
        await conn.close();
      }
    }));

  test("a PL/pgSQL function with a $$ body and its trigger run through exec", () =>
    withHarness("postgres", async ({ connect }) => {
      const conn = await connect();
      await conn.exec(`CREATE TABLE items (id int PRIMARY KEY, name text, changes int NOT NULL DEFAULT 0);
CREATE FUNCTION count_change() RETURNS trigger AS $$
BEGIN
  NEW.changes := OLD.changes + 1; -- a semicolon inside the body
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER items_changes BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION count_change();
INSERT INTO items (id, name) VALUES (1, 'a');
UPDATE items SET name = 'b';
UPDATE items SET name = 'c';`);
      assert.deepEqual(await conn.query("SELECT name, changes FROM items"), [
        { name: "c", changes: 2 },
      ]);
    }));

  test("statements flagged by nonTransactionalReason are really refused in a transaction", () =>
    withHarness("postgres", async ({ dialect, connect }) => {
      const conn = await connect();
      await conn.exec("CREATE TABLE t (x int); CREATE INDEX t_x ON t (x)");
      const statements = [
        "CREATE INDEX CONCURRENTLY t_x2 ON t (x)",
        "DROP INDEX CONCURRENTLY t_x",
        "REINDEX INDEX CONCURRENTLY t_x",
        "VACUUM t",
        "CREATE DATABASE tm_never_created",
        "ALTER SYSTEM SET work_mem = '64MB'",
      ];
      for (const sql of statements) {
        assert.ok(await dialect.nonTransactionalReason(sql), sql);
        const err = await queryError(conn.batch([{ sql }], { transaction: true }));
        assert.equal(err.sqlState, "25001", sql);
      }
      for (const statement of await dialect.splitStatements(
        "CREATE INDEX CONCURRENTLY t_x2 ON t (x);\nVACUUM t;",
      )) {
        await conn.exec(statement.sql);
      }
      assert.equal(
        (await conn.query("SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 't_x2'"))[0]!
          .n,
        1,
      );
    }));

  test("describeLockBlockers names the session holding a LOCK TABLE", () =>
    withHarness("postgres", async ({ url, dialect, connect }) => {
      const conn = await connect();
      await conn.exec("CREATE TABLE users (id int)");
      const blocker = await otherClient(url, "psql");
      try {
        const pid = (await blocker.query("SELECT pg_backend_pid() AS pid")).rows[0].pid;
        await blocker.query("BEGIN; LOCK TABLE users;");
        const settings = dialect
          .migrationSettings({ lockTimeoutMs: 100, statementTimeoutMs: 0 })
          .map((sql) => ({ sql }));
        const statement = "ALTER TABLE users ADD COLUMN email text";
        const err = await queryError(
          conn.batch([...settings, { sql: statement }], { transaction: true }),
        );
        assert.equal(dialect.isLockTimeout(err), true);
        const text = await dialect.describeLockBlockers(conn, statement);
        assert.match(
          text ?? "",
          new RegExp(
            `^table "users" is locked by pid ${pid} \\(AccessExclusiveLock; psql, idle in transaction since \\d\\d:\\d\\d:\\d\\d UTC: "BEGIN; LOCK TABLE users;"\\)$`,
          ),
        );
        assert.equal(await dialect.describeLockBlockers(conn, "SELECT 1 FROM pg_class"), null);
      } finally {
        await blocker.end();
      }
    }));

  test("holder() names the other run's application_name and pid", () =>
    withHarness("postgres", async ({ dialect }) => {
      const first = await dialect.connect({ applicationName: "tidemark 0.1.0 build-host:4242" });
      const second = await dialect.connect({ applicationName: "tidemark 0.1.0 other:1" });
      try {
        assert.equal(await dialect.createLock!(first, "tm").tryAcquire(), true);
        const holder = await dialect.createLock!(second, "tm").holder();
        assert.match(
          holder ?? "",
          /^tidemark 0\.1\.0 build-host:4242 \(pid \d+\), since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
        );
      } finally {
        await first.close();
        await second.close();
      }
    }));

  test("a session killed by the server gives a QueryError, not a crash", () =>
    withHarness("postgres", async ({ connect }) => {
      const conn = await connect();
      const killer = await connect();
      const pid = (await conn.query("SELECT pg_backend_pid() AS pid"))[0]!.pid;
      await killer.query("SELECT pg_terminate_backend($1)", [pid]);
      await new Promise((r) => setTimeout(r, 100));
      await queryError(conn.query("SELECT 1"));
      await conn.close();
      assert.deepEqual(await killer.query("SELECT 1 AS n"), [{ n: 1 }]);
    }));

  test("a password never appears in a connection error", async () => {
    const dialect = await resolveDialect("postgres://postgres:s3cret@127.0.0.1:1/test");
    assert.equal(dialect.displayUrl, "postgres://postgres:***@127.0.0.1:1/test");
    const err = await dialect.connect({ applicationName: "x" }).then(
      () => assert.fail("connected to port 1"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TidemarkError);
    assert.equal(err.code, "E_CONNECT");
    assert.match(
      err.message,
      /^Cannot connect to postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: /,
    );
    assert.doesNotMatch(`${err.message} ${err.hint} ${err.stack}`, /s3cret/);
  });
});
