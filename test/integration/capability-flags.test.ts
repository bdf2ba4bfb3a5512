/**
 * The lock and the transaction plan follow the dialect's capabilities, not its name: the
 * migrator on the real PostgreSQL through a dialect declaring `lock: "table-row"` and
 * `ddlPerTransaction: "one"` (test/helpers/distributed-pg-dialect.ts), against the stock one.
 */
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import pg from "pg";
import { RowLock } from "../../src/core/row-lock.js";
import { createMigrator, LockTimeoutError, type Migrator } from "../../src/index.js";
import { eventually } from "../conformance/harness.js";
import { writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, type TestDatabase, tempDir } from "../helpers/databases.js";
import { createDialect } from "../helpers/distributed-pg-dialect.js";
import { pgQuery } from "../helpers/sql.js";

interface Setup {
  readonly db: TestDatabase;
  readonly dir: string;
  /** A migrator through the distributed dialect (or the stock PostgreSQL one with `stock`). */
  migrator(options?: { stock?: boolean; lockWaitMs?: number }): Promise<Migrator>;
}

async function withSetup(files: Record<string, string>, fn: (s: Setup) => Promise<void>) {
  const db = await freshDatabase("postgres");
  const folder = tempDir();
  const dir = join(folder.path, "migrations");
  writeFiles(dir, files);
  const opened: Migrator[] = [];
  try {
    await fn({
      db,
      dir,
      migrator: async (o = {}) => {
        const m = await createMigrator({
          url: db.url,
          dir,
          lockWaitMs: o.lockWaitMs ?? 30_000,
          dialect: o.stock ? undefined : createDialect,
        });
        opened.push(m);
        return m;
      },
    });
  } finally {
    for (const m of opened) await m.close();
    await db.drop();
    folder.remove();
  }
}

const tables = async (url: string) =>
  (
    await pgQuery(
      url,
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'tidemark%' ORDER BY 1",
    )
  ).map((r) => r.t);

const lockRows = (url: string) =>
  pgQuery(url, "SELECT holder, host, pid FROM tidemark_migrations_lock ORDER BY 1");

describe("lock: table-row", { skip: await engineSkip("postgres") }, () => {
  test("parallel up() calls apply each migration once, under a lock row and no advisory lock", async () => {
    // The first migration reads a table the test holds locked, so the runs stay inside the lock
    // until the test has looked at it, however slow the machine (no race with a sleep).
    const files: Record<string, string> = {
      "001_slow.sql": "SELECT count(*) FROM gate;\nCREATE TABLE t1 (id int);\n",
    };
    for (let i = 2; i <= 6; i++) files[`00${i}_t.sql`] = `CREATE TABLE t${i} (id int);\n`;
    await withSetup(files, async (s) => {
      await pgQuery(s.db.url, "CREATE TABLE gate (id int)");
      const gate = new pg.Client({ connectionString: s.db.url });
      await gate.connect();
      let runs: Promise<unknown> | undefined;
      try {
        await gate.query("BEGIN; LOCK TABLE gate IN ACCESS EXCLUSIVE MODE");
        const migrators = await Promise.all(Array.from({ length: 4 }, () => s.migrator()));
        const started = Promise.all(migrators.map((m) => m.up()));
        runs = started.catch(() => {});
        // While the first migration waits at the gate: one lock row, naming this process; no
        // advisory lock.
        let seen: Record<string, unknown>[] = [];
        assert.ok(
          await eventually(async () => {
            seen = await lockRows(s.db.url).catch(() => []);
            return seen.length > 0;
          }, 30_000),
          "a run took the lock",
        );
        assert.equal(seen.length, 1);
        assert.match(String(seen[0]!.holder), /^tidemark/);
        assert.equal(seen[0]!.host, hostname());
        assert.equal(Number(seen[0]!.pid), process.pid);
        const advisory = await pgQuery(
          s.db.url,
          // This database's only: other tests' runs hold advisory locks on theirs meanwhile.
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
        );
        assert.equal(advisory[0]!.n, 0);
        await gate.query("COMMIT");
        const reports = await started;
        const applied = reports.flatMap((r) => r.steps.map((x) => x.version));
        assert.deepEqual([...applied].sort(), ["001", "002", "003", "004", "005", "006"]);
        assert.deepEqual(await lockRows(s.db.url), [], "released: the row is gone");
        assert.deepEqual(await tables(s.db.url), ["gate", "t1", "t2", "t3", "t4", "t5", "t6"]);
      } finally {
        // Opened on failure too, so the runs end before their migrators are closed.
        await gate.end().catch(() => {});
        await runs;
      }
    });
  });

  test("a live holder elsewhere makes up wait and time out naming it; a stale one is taken over", async () => {
    await withSetup({ "001_a.sql": "CREATE TABLE a (id int);\n" }, async (s) => {
      const plant = async (heartbeat: number) => {
        await pgQuery(
          s.db.url,
          `CREATE TABLE IF NOT EXISTS tidemark_migrations_lock (id integer PRIMARY KEY, holder text NOT NULL, pid integer NOT NULL, host text NOT NULL, token text NOT NULL, acquired_at text NOT NULL, heartbeat_at text NOT NULL);
           DELETE FROM tidemark_migrations_lock;`,
        );
        await pgQuery(
          s.db.url,
          "INSERT INTO tidemark_migrations_lock VALUES (1, 'tidemark 9.9 on ci-runner-7:4242', 4242, 'ci-runner-7.invalid', 'tok', '2026-01-01T00:00:00.000Z', $1)",
          [String(heartbeat)],
        );
      };
      await plant(Date.now());
      const waiting = await s.migrator({ lockWaitMs: 600 });
      await assert.rejects(waiting.up(), (err: unknown) => {
        assert.ok(err instanceof LockTimeoutError);
        assert.match(
          err.message,
          /held by tidemark 9\.9 on ci-runner-7:4242, since 2026-01-01T00:00:00Z/,
        );
        return true;
      });
      assert.deepEqual(await tables(s.db.url), []);

      await plant(Date.now() - 10 * 60_000);
      const next = await s.migrator({ lockWaitMs: 600 });
      assert.equal((await next.up()).steps.length, 1);
      assert.deepEqual(await tables(s.db.url), ["a"]);
      assert.deepEqual(await lockRows(s.db.url), []);
    });
  });
});

describe("the core's RowLock", { skip: await engineSkip("postgres") }, () => {
  test("beats on a session of its own while held; release deletes the row and closes that session", async () => {
    const db = await freshDatabase("postgres");
    const dialect = createDialect(db.url);
    const conn = await dialect.connect({ applicationName: "row-lock-test" });
    try {
      const lock = new RowLock(dialect, conn, "tm", "row-lock-test", 100);
      assert.equal(await lock.tryAcquire(), true);
      const beatOf = async () =>
        Number((await pgQuery(db.url, "SELECT heartbeat_at FROM tm_lock"))[0]!.heartbeat_at);
      const first = await beatOf();
      const heartbeats = () =>
        pgQuery(
          db.url,
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'row-lock-test (lock heartbeat)'",
        ).then((r) => r[0]!.n);
      assert.equal(await eventually(async () => (await beatOf()) > first), true);
      assert.equal(await heartbeats(), 1);
      await lock.release();
      assert.deepEqual(await pgQuery(db.url, "SELECT * FROM tm_lock"), []);
      assert.equal(await eventually(async () => (await heartbeats()) === 0), true);
    } finally {
      await conn.close();
      await db.drop();
    }
  });
  test("a row just written by another lock of this process is held, before its INSERT answers", async () => {
    // Two migrators of one process: the first's INSERT is committed, its answer not yet read.
    // The second reads a row naming this pid with a token no lease held yet: it took it for a
    // gone holder's, deleted it and took the lock too (two runs then made the tracking tables
    // at once, and one failed on pg_type's key).
    const db = await freshDatabase("postgres");
    const dialect = createDialect(db.url);
    const connA = await dialect.connect({ applicationName: "row-lock-a" });
    const connB = await dialect.connect({ applicationName: "row-lock-b" });
    let inserted!: () => void;
    const insertDone = new Promise<void>((r) => {
      inserted = r;
    });
    const slowInsert: typeof connA = Object.create(connA);
    slowInsert.query = async (sql, params) => {
      const rows = await connA.query(sql, params);
      if (sql.startsWith("INSERT")) {
        inserted();
        await new Promise((r) => setTimeout(r, 300));
      }
      return rows as never;
    };
    try {
      const a = new RowLock(dialect, slowInsert, "tm", "row-lock-a", 60_000);
      const b = new RowLock(dialect, connB, "tm", "row-lock-b", 60_000);
      const taking = a.tryAcquire();
      await insertDone;
      assert.equal(await b.tryAcquire(), false, "the second lock waits");
      assert.equal(await taking, true);
      const rows = await pgQuery(db.url, "SELECT holder FROM tm_lock");
      assert.deepEqual(
        rows.map((r) => r.holder),
        ["row-lock-a"],
      );
      await a.release();
      assert.equal(await b.tryAcquire(), true, "free once released");
      await b.release();
    } finally {
      await connA.close();
      await connB.close();
      await db.drop();
    }
  });
});

describe("ddlPerTransaction: one", { skip: await engineSkip("postgres") }, () => {
  const TWO_DDL = "CREATE TABLE a (id int);\nCREATE TABLE b (id int);\nINSERT INTO a VALUES (1);\n";
  const FAILS =
    "CREATE TABLE c (id int);\nINSERT INTO missing VALUES (1);\nCREATE TABLE d (id int);\n";

  test("DDL among several statements runs statement by statement; one statement is one transaction", async () => {
    await withSetup(
      { "001_two.sql": TWO_DDL, "002_one.sql": "CREATE TABLE e (id int);\n" },
      async (s) => {
        const m = await s.migrator();
        const report = await m.up();
        assert.deepEqual(
          report.steps.map((x) => [x.version, x.transactional]),
          [
            ["001", false],
            ["002", true],
          ],
        );
        const sql = await m.sql({});
        assert.equal(sql.trim(), "", "nothing left to apply");
        assert.deepEqual(await tables(s.db.url), ["a", "b", "e"]);
        const rows = await pgQuery(
          s.db.url,
          "SELECT status, statements_done FROM tidemark_migrations ORDER BY version",
        );
        assert.deepEqual(
          rows.map((r) => r.status),
          ["applied", "applied"],
        );
      },
    );
  });

  test("--single-transaction refuses a file the plan runs statement by statement; nothing applied", async () => {
    await withSetup({ "001_two.sql": TWO_DDL }, async (s) => {
      const m = await s.migrator();
      await assert.rejects(m.up({ singleTransaction: true }), (err: Error) => {
        assert.match(
          err.message,
          /cannot run inside --single-transaction: holds DDL \(line 1\) among 3 statements, and this database commits each DDL statement on its own\. Nothing was applied/,
        );
        return true;
      });
      assert.deepEqual(await tables(s.db.url), []);
      // The stock dialect runs the same file in the one transaction.
      const stock = await s.migrator({ stock: true });
      assert.equal((await stock.up({ singleTransaction: true })).steps.length, 1);
      assert.deepEqual(await tables(s.db.url), ["a", "b"]);
    });
  });

  test("a failure keeps the statements committed before it, on record; --resume continues from it", async () => {
    await withSetup({ "001_fails.sql": FAILS }, async (s) => {
      // The stock PostgreSQL dialect: one transaction, nothing of it kept.
      const stock = await s.migrator({ stock: true });
      await assert.rejects(stock.up(), /relation "missing" does not exist/);
      assert.deepEqual(await tables(s.db.url), []);
      await stock.close();
      await pgQuery(
        s.db.url,
        "DROP TABLE IF EXISTS tidemark_migrations, tidemark_migrations_log CASCADE",
      );

      const m = await s.migrator();
      await assert.rejects(m.up(), /relation "missing" does not exist/);
      assert.deepEqual(await tables(s.db.url), ["c"], "the first statement committed alone");
      const status = await m.status();
      assert.deepEqual(
        status.problems.map((p) => [p.kind, p.version]),
        [["failed", "001"]],
      );
      assert.match(status.problems[0]!.message, /failed at statement 2 of 3/);
      await pgQuery(s.db.url, "CREATE TABLE missing (id int)");
      const resumed = await m.up({ resume: true });
      assert.deepEqual(
        resumed.steps.map((x) => x.version),
        ["001"],
      );
      assert.deepEqual(await tables(s.db.url), ["c", "d", "missing"]);
      assert.deepEqual(
        (await pgQuery(s.db.url, "SELECT id FROM missing")).map((r) => r.id),
        [1],
      );
    });
  });
});
