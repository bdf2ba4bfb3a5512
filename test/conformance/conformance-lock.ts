/** Conformance: the migration lock is exclusive per tracking table and dies with its session. */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { Engine } from "../helpers/databases.js";
import { eventually, withHarness } from "./harness.js";

const TABLE = "tidemark_migrations";

/** Registers the tests of this group. */
export function lockTests(engine: Engine): void {
  test("the lock can be taken, released and taken again on one session", (t) =>
    withHarness(engine, t, async ({ dialect, connect }) => {
      const conn = await connect();
      const lock = dialect.createLock(conn, TABLE);
      assert.equal(await lock.tryAcquire(), true);
      await lock.release();
      await lock.release();
      assert.equal(await lock.tryAcquire(), true);
      await lock.release();
    }));

  test("a second session cannot take the lock while the first holds it, and is told who holds it", async (t) => {
    await withHarness(engine, t, async ({ dialect, connect }) => {
      if (dialect.capabilities.singleConnection) {
        t.diagnostic("not applicable: single-session engine");
        return;
      }
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
    });
  });

  test("two tracking tables never block each other", async (t) => {
    await withHarness(engine, t, async ({ dialect, connect }) => {
      if (dialect.capabilities.singleConnection) {
        t.diagnostic("not applicable: single-session engine");
        return;
      }
      const first = dialect.createLock(await connect(), TABLE);
      const other = dialect.createLock(await connect(), "other_migrations");
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await other.tryAcquire(), true);
      await first.release();
      await other.release();
    });
  });

  test("closing the holder's session frees the lock", async (t) => {
    await withHarness(engine, t, async ({ dialect, connect }) => {
      if (dialect.capabilities.singleConnection) {
        t.diagnostic("not applicable: single-session engine");
        return;
      }
      const holderConn = await connect();
      const first = dialect.createLock(holderConn, TABLE);
      const second = dialect.createLock(await connect(), TABLE);
      assert.equal(await first.tryAcquire(), true);
      assert.equal(await second.tryAcquire(), false);
      await holderConn.close();
      assert.equal(await eventually(() => second.tryAcquire()), true);
      await second.release();
    });
  });
}
