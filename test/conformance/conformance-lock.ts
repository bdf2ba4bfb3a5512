/** Conformance: the migration lock is exclusive per tracking table and dies with its session. */
import assert from "node:assert/strict";
import { type ConformanceCase, eventually } from "./harness.js";

const TABLE = "tidemark_migrations";

/** The cases of this group. */
export const lockCases: readonly ConformanceCase[] = [
  {
    name: "the lock can be taken, released and taken again on one session",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      const lock = dialect.createLock(conn, TABLE);
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
      const first = dialect.createLock(await connect(), TABLE);
      const second = dialect.createLock(await connect(), TABLE);
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
      const first = dialect.createLock(await connect(), TABLE);
      const other = dialect.createLock(await connect(), "other_migrations");
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await other.tryAcquire(), true);
      await first.release();
      await other.release();
    },
  },

  {
    name: "closing the holder's session frees the lock",
    appliesTo: (caps) => !caps.singleConnection,
    run: async ({ dialect, connect }) => {
      const holderConn = await connect();
      const first = dialect.createLock(holderConn, TABLE);
      const second = dialect.createLock(await connect(), TABLE);
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await second.tryAcquire(), false);
      await holderConn.close();
      assert.equal(await eventually(() => second.tryAcquire()), true);
      await second.release();
    },
  },
];
