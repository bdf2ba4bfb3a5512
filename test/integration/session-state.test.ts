/**
 * A migration that changes its session (MySQL `USE other`, `LOCK TABLES`; PostgreSQL
 * `SET search_path`, pg_dump's emptied search_path, `SET ROLE`) must not break tidemark's own
 * writes, and the next migration starts in the session as it opened (issue 9).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { resolveDialect } from "../../src/dialects/registry.js";
import { createMigrator } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { type Engine, engineSkip, freshDatabase, tempDir } from "../helpers/databases.js";

/** Applies `migrations` to a fresh database of `engine`, then hands `check` a query function. */
async function applied(
  engine: Engine,
  migrations: Record<string, string>,
  check: (query: (sql: string) => Promise<Record<string, unknown>[]>, url: string) => Promise<void>,
  before?: (query: (sql: string) => Promise<Record<string, unknown>[]>) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(engine);
  const folder = tempDir();
  const query = async (sql: string) => {
    const conn = await (await resolveDialect(db.url)).connect({ applicationName: "test" });
    try {
      return await conn.query(sql);
    } finally {
      await conn.close();
    }
  };
  try {
    await before?.(query);
    const dir = join(folder.path, "migrations");
    writeFiles(dir, migrations);
    const migrator = await createMigrator({ url: db.url, dir });
    try {
      await migrator.up();
    } finally {
      await migrator.close();
    }
    await check(query, db.url);
  } finally {
    await db.drop();
    folder.remove();
  }
}

const up = (sql: string, down = "") => `-- migrate:up\n${sql}\n-- migrate:down\n${down}\n`;

describe("MySQL: USE and LOCK TABLES in a migration", { skip: await engineSkip("mysql") }, () => {
  // Another database of its own, so that a parallel run of this file cannot drop it under us.
  const other = `tm_other_${process.pid}`;
  test("USE other: the row is written in the URL's database, and the next migration runs there", () =>
    applied(
      "mysql",
      {
        "001_use.sql": up(
          `CREATE TABLE IF NOT EXISTS ${other}.t1 (id INT);\nUSE ${other};\nCREATE TABLE t2 (id INT);`,
        ),
        "002_next.sql": up("CREATE TABLE t3 (id INT);"),
      },
      async (query) => {
        const rows = await query(
          "SELECT version, status FROM tidemark_migrations ORDER BY version",
        );
        assert.deepEqual(
          rows.map((r) => [r.version, r.status]),
          [
            ["001", "applied"],
            ["002", "applied"],
          ],
        );
        // Only these two databases: information_schema on MySQL spans the whole server, where
        // tests running alongside make their own t3.
        const here = (await query("SELECT DATABASE() AS d"))[0]!.d as string;
        const t3 = await query(
          `SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 't3' AND table_schema IN ('${here}', '${other}')`,
        );
        assert.deepEqual(
          t3.map((r) => r.s),
          [here],
        );
        const t2 = await query(
          `SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 't2' AND table_schema = '${other}'`,
        );
        assert.equal(t2.length, 1);
        await query(`DROP DATABASE ${other}`);
      },
      async (query) => {
        await query(`DROP DATABASE IF EXISTS ${other}`);
        await query(`CREATE DATABASE ${other}`);
      },
    ));

  test("LOCK TABLES … UNLOCK TABLES runs statement by statement with its progress recorded", () =>
    applied(
      "mysql",
      {
        "001_t.sql": up("CREATE TABLE t (id INT);"),
        "002_locked.sql": up(
          "LOCK TABLES t WRITE;\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);\nUNLOCK TABLES;\nCREATE TABLE after_lock (id INT);",
        ),
        // A lock left held at the end is released before the next migration.
        "003_left_locked.sql": up("LOCK TABLES t READ;\nSELECT COUNT(*) FROM t;"),
        "004_next.sql": up("INSERT INTO t VALUES (3);"),
      },
      async (query) => {
        const rows = await query(
          "SELECT version, status, statements_done AS done FROM tidemark_migrations ORDER BY version",
        );
        assert.deepEqual(
          rows.map((r) => [r.version, r.status, Number(r.done)]),
          [
            ["001", "applied", 1],
            ["002", "applied", 5],
            ["003", "applied", 2],
            // DML only: one transaction, not a statement-by-statement journal.
            ["004", "applied", 0],
          ],
        );
        assert.deepEqual(
          (await query("SELECT id FROM t ORDER BY id")).map((r) => Number(r.id)),
          [1, 2, 3],
        );
      },
    ));
});

test("MySQL: a failure while tables are locked is recorded as failed, with its statement", {
  skip: await engineSkip("mysql"),
}, async () => {
  const db = await freshDatabase("mysql");
  const folder = tempDir();
  try {
    const dir = join(folder.path, "migrations");
    writeFiles(dir, {
      "001_t.sql": up("CREATE TABLE t (id INT);"),
      "002_locked.sql": up(
        "LOCK TABLES t WRITE;\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1, 2);\nUNLOCK TABLES;",
      ),
    });
    const migrator = await createMigrator({ url: db.url, dir });
    try {
      await assert.rejects(migrator.up(), (err: Error & { file?: string }) => {
        assert.equal(err.file, "002_locked.sql");
        assert.match(err.message, /statement 3 of 4/);
        return true;
      });
      const [row] = await migrator.records().then((r) => r.filter((x) => x.id === "002"));
      assert.equal(row?.status, "failed");
      assert.equal(row?.statementsDone, 2);
      assert.equal(row?.failedStatement, 2);
    } finally {
      await migrator.close();
    }
  } finally {
    await db.drop();
    folder.remove();
  }
});

describe("PostgreSQL: search_path and role changed by a migration", {
  skip: await engineSkip("postgres"),
}, () => {
  test("SET search_path, pg_dump's emptied search_path and SET ROLE leave tidemark's writes whole", () =>
    applied(
      "postgres",
      {
        "001_path.sql": up(
          "CREATE SCHEMA app;\nSET search_path TO app;\nCREATE TABLE in_app (id int);",
        ),
        "002_next.sql": up("CREATE TABLE in_public (id int);"),
        "003_dump.sql": up(
          "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE public.from_dump (id int);",
        ),
        "004_role.sql": up("SET ROLE tm_session_role;\nCREATE TABLE public.owned (id int);"),
        "005_after_role.sql": up("CREATE TABLE mine (id int);"),
      },
      async (query) => {
        const rows = await query(
          "SELECT version, status FROM public.tidemark_migrations ORDER BY version",
        );
        assert.deepEqual(
          rows.map((r) => [r.version, r.status]),
          ["001", "002", "003", "004", "005"].map((v) => [v, "applied"]),
        );
        const where = await query(
          "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_name IN ('in_app', 'in_public', 'from_dump', 'owned', 'mine') ORDER BY 1",
        );
        assert.deepEqual(
          where.map((r) => r.t),
          ["app.in_app", "public.from_dump", "public.in_public", "public.mine", "public.owned"],
        );
        const owners = await query(
          "SELECT tablename, tableowner FROM pg_tables WHERE tablename IN ('owned', 'mine') ORDER BY 1",
        );
        assert.equal(owners[1]!.tableowner, "tm_session_role", "owned was created as the role");
        assert.notEqual(owners[0]!.tableowner, "tm_session_role", "mine, after it, was not");
      },
      async (query) => {
        await query(
          "DO $$ BEGIN CREATE ROLE tm_session_role NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$",
        );
        // The role may create in the migrations' schemas but may not touch tidemark's tables.
        await query("GRANT CREATE, USAGE ON SCHEMA public TO tm_session_role");
        await query("GRANT tm_session_role TO CURRENT_USER");
      },
    ));
});

describe("PGlite: search_path changed by a migration", () => {
  test("SET search_path and an emptied search_path leave tidemark's writes whole", () =>
    applied(
      "pglite",
      {
        "001_path.sql": up(
          "CREATE SCHEMA app;\nSET search_path TO app;\nCREATE TABLE in_app (id int);",
        ),
        "002_dump.sql": up(
          "SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE public.from_dump (id int);",
        ),
        "003_next.sql": up("CREATE TABLE in_public (id int);"),
      },
      async (query) => {
        const rows = await query(
          "SELECT version, status FROM public.tidemark_migrations ORDER BY 1",
        );
        assert.deepEqual(
          rows.map((r) => [r.version, r.status]),
          ["001", "002", "003"].map((v) => [v, "applied"]),
        );
        const where = await query(
          "SELECT table_schema || '.' || table_name AS t FROM information_schema.tables WHERE table_name IN ('in_app', 'in_public', 'from_dump') ORDER BY 1",
        );
        assert.deepEqual(
          where.map((r) => r.t),
          ["app.in_app", "public.from_dump", "public.in_public"],
        );
      },
    ));
});
