/**
 * `create`, `drop` and `wait` (dbmate's database lifecycle) on every engine, through the
 * library, checked in the server's catalog or on disk: create twice (the second is not an
 * error), drop, drop again, a drop refused while another session is connected (naming how
 * many), wait on a live server and on a closed port.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import mysql from "mysql2/promise";
import pg from "pg";
import { createMigrator } from "../../src/index.js";
import { type Engine, engineSkip, MYSQL_URL, PG_URL, tempDir } from "../helpers/databases.js";
import { mysqlQuery, pgQuery } from "../helpers/sql.js";

const name = () => `tm_life_${process.pid}_${randomBytes(3).toString("hex")}`;
const withDatabase = (url: string, db: string) => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

interface Server {
  readonly url: (db: string) => string;
  readonly exists: (db: string) => Promise<boolean>;
  /** Opens a session on `db`; returns its closer. */
  readonly connect: (db: string) => Promise<() => Promise<void>>;
  readonly closedPortUrl: string;
}

const servers: Record<"postgres" | "mysql", Server> = {
  postgres: {
    url: (db) => withDatabase(PG_URL, db),
    exists: async (db) =>
      (await pgQuery(PG_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [db])).length > 0,
    connect: async (db) => {
      const c = new pg.Client({ connectionString: withDatabase(PG_URL, db) });
      await c.connect();
      return () => c.end();
    },
    closedPortUrl: "postgres://postgres@127.0.0.1:1/nodb",
  },
  mysql: {
    url: (db) => withDatabase(MYSQL_URL, db),
    exists: async (db) => (await mysqlQuery(MYSQL_URL, `SHOW DATABASES LIKE '${db}'`)).length > 0,
    connect: async (db) => {
      const c = await mysql.createConnection(withDatabase(MYSQL_URL, db));
      return () => c.end();
    },
    closedPortUrl: "mysql://root@127.0.0.1:1/nodb",
  },
};

for (const engine of ["postgres", "mysql"] as const) {
  describe(`database lifecycle on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    const server = servers[engine];

    test("create twice, refuse a drop while a session is connected, drop, drop again", {
      skip,
    }, async () => {
      const db = name();
      const m = await createMigrator({ url: server.url(db) });
      try {
        assert.deepEqual(await m.createDatabase(), { url: server.url(db), created: true });
        assert.equal(await server.exists(db), true);
        assert.equal((await m.createDatabase()).created, false, "exists: not an error");
        const close = await server.connect(db);
        try {
          await assert.rejects(m.dropDatabase(), {
            code: "E_IN_USE",
            message: /1 other session is connected/,
          });
          assert.equal(await server.exists(db), true, "not dropped");
        } finally {
          await close();
        }
        assert.equal((await m.dropDatabase()).dropped, true);
        assert.equal(await server.exists(db), false);
        assert.equal((await m.dropDatabase()).dropped, false, "gone: not an error");
      } finally {
        await m.close();
        if (await server.exists(db))
          await createMigrator({ url: server.url(db) }).then((x) => x.dropDatabase());
      }
    });

    test("a created database takes migrations; wait returns on a live server", {
      skip,
    }, async () => {
      const db = name();
      const dir = tempDir();
      const m = await createMigrator({ url: server.url(db), dir: dir.path });
      try {
        await m.createDatabase();
        assert.equal((await m.up()).steps.length, 0);
        const waited = await m.waitForServer({ timeoutMs: 5000 });
        assert.equal(waited.attempts, 1);
      } finally {
        await m.dropDatabase().catch(() => undefined);
        await m.close();
        dir.remove();
      }
      assert.equal(await server.exists(db), false);
    });

    test("a session closed with detach (the CLI's last close) does not make the next drop refuse", {
      skip,
    }, async () => {
      const db = name();
      const dir = tempDir();
      writeFileSync(join(dir.path, "001_a.sql"), "-- migrate:up\nCREATE TABLE a (id INT);\n");
      const m = await createMigrator({ url: server.url(db), dir: dir.path });
      const admin = await createMigrator({ url: server.url(db) });
      try {
        await m.createDatabase();
        for (let round = 0; round < 3; round++) {
          assert.equal((await m.up()).steps.length, round === 0 ? 1 : 0);
          await m.close({ detach: true });
        }
        // As `tidemark up && tidemark drop --yes` does: the drop comes while the server may
        // still be ending the session the up just left.
        assert.equal((await admin.dropDatabase()).dropped, true);
        assert.equal(await server.exists(db), false);
      } finally {
        await m.close();
        await admin.close();
        if (await server.exists(db)) await admin.dropDatabase().catch(() => undefined);
        dir.remove();
      }
    });

    test("wait on a closed port gives up after the timeout, naming the URL", { skip }, async () => {
      const m = await createMigrator({ url: server.closedPortUrl });
      const started = Date.now();
      await assert.rejects(m.waitForServer({ timeoutMs: 1500, intervalMs: 200 }), {
        code: "E_CONNECT",
        message: /127\.0\.0\.1:1\/nodb did not accept connections within 1\.5 s/,
      });
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 1400 && elapsed < 10_000, `waited ${elapsed} ms`);
    });
  });
}

const inProcess: Record<
  "sqlite" | "pglite",
  { url: (dir: string) => string; marker: (dir: string) => string }
> = {
  sqlite: { url: (d) => `sqlite:${join(d, "app.db")}`, marker: (d) => join(d, "app.db") },
  pglite: {
    url: (d) => `pglite:${join(d, "pgdata")}`,
    marker: (d) => join(d, "pgdata", "PG_VERSION"),
  },
};

for (const engine of ["sqlite", "pglite"] as Engine[]) {
  const { url, marker } = inProcess[engine as "sqlite" | "pglite"];
  test(`database lifecycle on ${engine}: create twice, drop, wait at once`, async () => {
    const dir = tempDir();
    const m = await createMigrator({ url: url(dir.path), dir: join(dir.path, "migrations") });
    try {
      assert.equal((await m.createDatabase()).created, true);
      assert.ok(existsSync(marker(dir.path)));
      assert.equal((await m.createDatabase()).created, false);
      assert.deepEqual(await m.waitForServer({ timeoutMs: 1 }), {
        url: url(dir.path),
        waitedMs: 0,
        attempts: 0,
      });
      assert.equal((await m.dropDatabase()).dropped, true);
      assert.equal(existsSync(marker(dir.path)), false);
      assert.equal((await m.dropDatabase()).dropped, false);
    } finally {
      await m.close();
      dir.remove();
    }
  });
}
