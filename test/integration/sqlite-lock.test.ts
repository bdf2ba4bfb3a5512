/**
 * The SQLite migration lock lives in the database (a row of `<table>_lock`): who holds it, when a
 * holder is stale, and that nothing is ever written beside the database file.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import type { Connection, Dialect } from "../../src/dialects/dialect.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { sqlitePath } from "../../src/dialects/sqlite/sqlite-dialect.js";
import { HEARTBEAT_MS, STALE_MS } from "../../src/dialects/sqlite/sqlite-lock.js";
import { freshDatabase, type TestDatabase } from "../helpers/databases.js";

const TABLE = "tidemark_migrations";

let db: TestDatabase;
let dialect: Dialect;
const open: Connection[] = [];

async function connect(name = "tidemark-test"): Promise<Connection> {
  const conn = await dialect.connect({ applicationName: name });
  open.push(conn);
  return conn;
}

function raw<T>(fn: (d: Database.Database) => T): T {
  const d = new Database(sqlitePath(db.url));
  try {
    return fn(d);
  } finally {
    d.close();
  }
}

/** Writes a lock row as another run would have left it. */
function plantHolder(row: { pid: number; host: string; heartbeatAt: number; token?: string }) {
  raw((d) =>
    d
      .prepare(
        "INSERT OR REPLACE INTO tidemark_migrations_lock (id, holder, pid, host, token, acquired_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        `tidemark 0.0.0 ${row.host}:${row.pid}`,
        row.pid,
        row.host,
        row.token ?? "planted",
        new Date(row.heartbeatAt).toISOString(),
        row.heartbeatAt,
      ),
  );
}

const lockRows = () =>
  raw((d) =>
    d.prepare("SELECT pid, host, holder, heartbeat_at FROM tidemark_migrations_lock").all(),
  ) as { pid: number; host: string; holder: string; heartbeat_at: number }[];

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.on("exit", resolve));
  return child.pid!;
}

/** Creates the lock table (a first run's acquire and release). */
async function firstRun(): Promise<void> {
  const lock = dialect.createLock!(await connect(), TABLE);
  assert.equal(await lock.tryAcquire(), true);
  await lock.release();
}

beforeEach(async () => {
  db = await freshDatabase("sqlite");
  dialect = await resolveDialect(db.url);
});
afterEach(async () => {
  for (const conn of open.splice(0)) await conn.close();
  await db.drop();
});

describe("SQLite migration lock", () => {
  test("nothing but the database file is written, and release deletes the lock row", async () => {
    const conn = await connect("tidemark 9.9.9 here:1");
    const lock = dialect.createLock!(conn, TABLE);
    assert.equal(await lock.tryAcquire(), true);
    assert.deepEqual(
      lockRows().map((r) => [r.holder, r.pid, r.host]),
      [["tidemark 9.9.9 here:1", process.pid, hostname()]],
    );
    assert.deepEqual(readdirSync(dirname(sqlitePath(db.url))), ["test.db"]);
    await lock.release();
    assert.deepEqual(lockRows(), []);
    await conn.close();
    assert.deepEqual(readdirSync(dirname(sqlitePath(db.url))), ["test.db"]);
  });

  test("a holder whose pid is dead on this host is taken over", async () => {
    await firstRun();
    plantHolder({ pid: await deadPid(), host: hostname(), heartbeatAt: Date.now() });
    const lock = dialect.createLock!(await connect(), TABLE);
    assert.equal(await lock.tryAcquire(), true);
    assert.equal(lockRows()[0]!.pid, process.pid);
    await lock.release();
  });

  test("a live holder on this host keeps the lock and is named", async () => {
    await firstRun();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], {
      stdio: "ignore",
    });
    try {
      plantHolder({ pid: child.pid!, host: hostname(), heartbeatAt: Date.now() });
      const lock = dialect.createLock!(await connect(), TABLE);
      assert.equal(await lock.tryAcquire(), false);
      assert.match(
        (await lock.holder()) ?? "",
        new RegExp(`^tidemark 0\\.0\\.0 ${hostname()}:${child.pid}, since \\d{4}-`),
      );
    } finally {
      child.kill("SIGKILL");
    }
  });

  test("another host's holder is taken over only once its heartbeat has expired", async () => {
    await firstRun();
    const lock = dialect.createLock!(await connect(), TABLE);
    plantHolder({ pid: 1, host: "elsewhere.invalid", heartbeatAt: Date.now() });
    assert.equal(await lock.tryAcquire(), false);
    plantHolder({ pid: 1, host: "elsewhere.invalid", heartbeatAt: Date.now() - STALE_MS - 1000 });
    assert.equal(await lock.tryAcquire(), true);
    assert.equal(lockRows()[0]!.host, hostname());
    await lock.release();
  });

  test("a row with this process's pid that no lock here holds is a leftover, taken over", async () => {
    await firstRun();
    plantHolder({ pid: process.pid, host: hostname(), heartbeatAt: Date.now(), token: "gone" });
    const lock = dialect.createLock!(await connect(), TABLE);
    assert.equal(await lock.tryAcquire(), true);
    await lock.release();
  });

  test("an attempt answers at once while another connection writes, without waiting for it", async () => {
    await firstRun();
    const writer = new Database(sqlitePath(db.url));
    try {
      writer.exec("BEGIN IMMEDIATE");
      const lock = dialect.createLock!(await connect(), TABLE);
      const started = Date.now();
      assert.equal(await lock.tryAcquire(), false);
      assert.ok(Date.now() - started < 1000, "no busy wait");
      writer.exec("ROLLBACK");
      assert.equal(await lock.tryAcquire(), true);
      await lock.release();
    } finally {
      writer.close();
    }
  });

  test("a held lock refreshes its heartbeat on a timer", async (t) => {
    const start = Date.now();
    t.mock.timers.enable({ apis: ["Date", "setInterval"], now: start });
    const lock = dialect.createLock!(await connect(), TABLE);
    assert.equal(await lock.tryAcquire(), true);
    assert.equal(lockRows()[0]!.heartbeat_at, start);
    t.mock.timers.tick(HEARTBEAT_MS);
    assert.equal(lockRows()[0]!.heartbeat_at, start + HEARTBEAT_MS);
    await lock.release();
  });
});
