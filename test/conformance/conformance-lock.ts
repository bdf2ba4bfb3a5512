/** Conformance: the migration lock is exclusive per tracking table and dies with its session. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { migrationLock } from "../../src/core/lock.js";
import type { Connection, Dialect, MigrationLock } from "../../src/dialects/dialect.js";
import { type ConformanceCase, eventually } from "./harness.js";

const TABLE = "tidemark_migrations";
const HARNESS = fileURLToPath(new URL("./harness.ts", import.meta.url));
const LOCK = fileURLToPath(new URL("../../src/core/lock.ts", import.meta.url));

/** The migration lock the core takes for `table` on `conn`, as the dialect's capabilities say. */
function lockOf(dialect: Dialect, conn: Connection, table = TABLE): MigrationLock {
  return migrationLock(dialect, conn, table, "tidemark-conformance");
}

/** Another process that takes the lock on `url` and keeps it until killed; resolves once it holds it. */
async function holdInChild(
  url: string,
  dialectModule?: string,
): Promise<{ kill(): Promise<void> }> {
  const code = `const { dialectOf } = await import(${JSON.stringify(HARNESS)});
const { migrationLock } = await import(${JSON.stringify(LOCK)});
const dialect = await dialectOf(${JSON.stringify(url)}, ${JSON.stringify(dialectModule)});
const conn = await dialect.connect({ applicationName: "tidemark-conformance-child" });
const lock = migrationLock(dialect, conn, ${JSON.stringify(TABLE)}, "tidemark-conformance-child");
if (!(await lock.tryAcquire())) throw new Error("the lock was already held");
process.stdout.write("held\\n");
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("held") && resolve());
    void exited.then(() => reject(new Error(`the child did not take the lock: ${stderr}`)));
  });
  return {
    kill: async () => {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** The cases of this group. */
export const lockCases: readonly ConformanceCase[] = [
  {
    name: "the lock can be taken, released and taken again on one session",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      const lock = lockOf(dialect, conn);
      assert.equal(await lock.tryAcquire(), true);
      await lock.release();
      await lock.release();
      assert.equal(await lock.tryAcquire(), true);
      await lock.release();
    },
  },

  {
    name: "a second session cannot take the lock while the first holds it, and is told who holds it",
    appliesTo: (caps) => !caps.singleConnection,
    run: async ({ dialect, connect }) => {
      const first = lockOf(dialect, await connect());
      const second = lockOf(dialect, await connect());
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await second.tryAcquire(), false);
      const holder = await second.holder();
      assert.equal(typeof holder, "string", "holder() names the session holding the lock");
      assert.ok(holder!.length > 0);
      await first.release();
      assert.equal(await second.tryAcquire(), true);
      assert.equal(await first.tryAcquire(), false);
      await second.release();
    },
  },

  {
    name: "two tracking tables never block each other",
    appliesTo: (caps) => !caps.singleConnection,
    run: async ({ dialect, connect }) => {
      const first = lockOf(dialect, await connect());
      const other = lockOf(dialect, await connect(), "other_migrations");
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await other.tryAcquire(), true);
      await first.release();
      await other.release();
    },
  },

  {
    name: "closing the holder's session frees the lock",
    // A row lock outlives its session until released or its heartbeat stops (core/row-lock.ts).
    appliesTo: (caps) => !caps.singleConnection && caps.lock === "session",
    run: async ({ dialect, connect }) => {
      const holderConn = await connect();
      const first = lockOf(dialect, holderConn);
      const second = lockOf(dialect, await connect());
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await second.tryAcquire(), false);
      await holderConn.close();
      assert.equal(await eventually(() => second.tryAcquire()), true);
      await second.release();
    },
  },

  {
    name: "a row lock whose heartbeat stopped elsewhere is taken over; the old holder's release leaves the new row",
    appliesTo: (caps) => caps.lock === "table-row" && !caps.singleConnection,
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      const first = lockOf(dialect, conn);
      const second = lockOf(dialect, await connect());
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await second.tryAcquire(), false);
      // As if the first ran on another host and stopped beating ten minutes ago.
      const q = (n: string) => dialect.quoteIdent(n);
      await conn.query(
        `UPDATE ${dialect.tableRef(`${TABLE}_lock`)} SET ${q("host")} = ${dialect.placeholder(1)}, ${q("heartbeat_at")} = ${dialect.placeholder(2)}`,
        ["elsewhere.invalid", String(Date.now() - 600_000)],
      );
      assert.equal(await second.tryAcquire(), true);
      await first.release();
      assert.match(
        String(await first.holder()),
        /^tidemark-conformance/,
        "the new holder's row stays",
      );
      assert.equal(await lockOf(dialect, await connect()).tryAcquire(), false);
      await second.release();
      assert.equal(await first.holder(), null);
    },
  },

  {
    name: "a holder killed with SIGKILL never keeps the lock: the next run takes it",
    appliesTo: (caps) => !caps.singleConnection,
    run: async ({ url, dialect, dialectModule, connect }) => {
      const child = await holdInChild(url, dialectModule);
      const lock = lockOf(dialect, await connect());
      try {
        assert.equal(await lock.tryAcquire(), false, "the child holds the lock");
        const holder = await lock.holder();
        assert.ok(holder && holder.length > 0, "the live holder is named");
      } finally {
        await child.kill();
      }
      assert.equal(await eventually(() => lock.tryAcquire(), 10_000), true);
      await lock.release();
    },
  },
];
