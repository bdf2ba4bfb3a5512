/** The MySQL / MariaDB migration lock, lock-wait diagnostics and connection errors, on a real server. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasCode } from "../../src/core/errors.js";
import type { Connection } from "../../src/dialects/dialect.js";
import { createDialect } from "../../src/dialects/mysql/mysql-dialect.js";
import { engineSkip, MYSQL_URL } from "../helpers/databases.js";
import { eventually, queryError, withHarness } from "./harness.js";

async function connectionId(conn: Connection): Promise<string> {
  const [row] = await conn.query("SELECT CONNECTION_ID() AS id");
  return String(row!.id);
}

describe("mysql migration lock on a real server", { skip: await engineSkip("mysql") }, () => {
  test("GET_LOCK is exclusive across sessions and holder() names the holder", () =>
    withHarness("mysql", async ({ dialect, connect }) => {
      const a = await connect();
      const b = await connect();
      const lockA = dialect.createLock!(a, "tidemark_migrations");
      const lockB = dialect.createLock!(b, "tidemark_migrations");
      assert.equal(await lockA.tryAcquire(), true);
      assert.equal(await lockA.tryAcquire(), true);
      assert.equal(await lockB.tryAcquire(), false);
      const holder = await lockB.holder();
      assert.match(holder!, new RegExp(`connection ${await connectionId(a)}\\b`));
      assert.match(holder!, /root@/);
      assert.equal(await dialect.createLock!(b, "other_table").tryAcquire(), true);
      await lockA.release();
      assert.equal(await lockB.tryAcquire(), true);
      assert.equal(await lockA.tryAcquire(), false);
    }));

  test("the lock is freed when the holding session is closed", () =>
    withHarness("mysql", async ({ dialect, connect }) => {
      const a = await connect();
      const b = await connect();
      assert.equal(await dialect.createLock!(a, "tm").tryAcquire(), true);
      const lockB = dialect.createLock!(b, "tm");
      assert.equal(await lockB.tryAcquire(), false);
      await a.close();
      assert.equal(await eventually(() => lockB.tryAcquire()), true);
      assert.equal(
        await lockB.holder(),
        `connection ${await connectionId(b)} (${await userHost(b)}), running query for 0 s`,
      );
    }));

  test("a row lock wait timeout is recognised and its blocker named", () =>
    withHarness("mysql", async ({ dialect, connect }) => {
      const a = await connect();
      const b = await connect();
      await a.exec("CREATE TABLE r (id INT PRIMARY KEY, v INT);\nINSERT INTO r VALUES (1, 0);");
      await a.begin();
      await a.query("UPDATE r SET v = 1 WHERE id = 1");
      await b.query("SET SESSION innodb_lock_wait_timeout = 1");
      const e = await queryError(
        b.batch([{ sql: "UPDATE r SET v = 2 WHERE id = 1" }], { transaction: true }),
      );
      assert.equal(dialect.isLockTimeout(e), true);
      const blockers = await dialect.describeLockBlockers(b, "UPDATE r SET v = 2 WHERE id = 1");
      assert.match(
        blockers!,
        new RegExp(`connection ${await connectionId(a)} .*transaction open for \\d+ s`),
      );
      await a.rollback();
    }));
});

async function userHost(conn: Connection): Promise<string> {
  const [row] = await conn.query(
    "SELECT CONCAT(USER, '@', HOST) AS who FROM information_schema.PROCESSLIST WHERE ID = CONNECTION_ID()",
  );
  return String(row!.who);
}

describe("mysql connection errors", async () => {
  const skip = await engineSkip("mysql");

  test("an unreachable server is E_CONNECT without the password", async () => {
    const dialect = createDialect("mysql://root:s3cret@127.0.0.1:1/test");
    await assert.rejects(dialect.connect({ applicationName: "tidemark test" }), (err) => {
      assert.ok(hasCode(err, "E_CONNECT"));
      assert.equal(
        err.message,
        "Cannot connect to mysql://root:***@127.0.0.1:1/test: connect ECONNREFUSED 127.0.0.1:1",
      );
      assert.ok(!`${err.message} ${err.hint}`.includes("s3cret"));
      return true;
    });
  });

  test("a wrong password is E_CONNECT without the password", { skip }, async () => {
    const url = new URL(MYSQL_URL);
    url.username = "tidemark_nobody";
    url.password = "wr0ngpass";
    await assert.rejects(
      createDialect(url.toString()).connect({ applicationName: "tidemark test" }),
      (err) => {
        assert.ok(hasCode(err, "E_CONNECT"));
        assert.match(err.message, /Access denied/);
        assert.ok(!err.message.includes("wr0ngpass"));
        assert.match(err.hint ?? "", /user name and password/);
        return true;
      },
    );
  });
});
