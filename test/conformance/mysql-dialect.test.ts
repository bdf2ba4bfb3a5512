/** The MySQL / MariaDB dialect against a real server: queries, scripts, routines, errors, batches. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Connection } from "../../src/dialects/dialect.js";
import type { MysqlConnection } from "../../src/dialects/mysql/mysql-connection.js";
import { engineSkip, MYSQL_URL } from "../helpers/databases.js";
import { lineAt, queryError, tableExists, withHarness } from "./harness.js";

async function count(conn: Connection, table: string): Promise<number> {
  const rows = await conn.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
  return Number(rows[0]!.n);
}

describe("mysql dialect on a real server", { skip: await engineSkip("mysql") }, () => {
  test("connects, reads the server flavour and the current user", () =>
    withHarness("mysql", async ({ dialect, connect }) => {
      const conn = (await connect()) as MysqlConnection;
      const [row] = await conn.query<{ v: string }>("SELECT VERSION() AS v");
      assert.equal(conn.server.version, row!.v);
      assert.equal(conn.server.flavor, /mariadb/i.test(row!.v) ? "mariadb" : "mysql");
      const [user] = await conn.query(dialect.currentUserSql);
      // The user alone: CURRENT_USER()'s host part is cut (applied_by appends the machine's).
      assert.equal(user!.user, decodeURIComponent(new URL(MYSQL_URL).username));
    }));

  test("opens the session the mysql client opens: no IGNORE_SPACE, no FOUND_ROWS", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      const [mode] = await conn.query<{ m: string }>("SELECT @@SESSION.sql_mode AS m");
      assert.doesNotMatch(mode!.m, /IGNORE_SPACE/);
      // `count` is a table name the client accepts; with IGNORE_SPACE it is a syntax error.
      await conn.exec("CREATE TABLE count (i INT);\nINSERT INTO count VALUES (1);");
      await conn.exec("CREATE PROCEDURE pcount() SELECT 1");
      const [routine] = await conn.query<{ m: string }>(
        "SELECT sql_mode AS m FROM information_schema.routines WHERE routine_schema = DATABASE() AND routine_name = 'pcount'",
      );
      assert.equal(routine!.m, mode!.m);
      // Without FOUND_ROWS an UPDATE that changes nothing reports 0 rows, as in the client.
      await conn.exec("UPDATE count SET i = 1");
      const [changed] = await conn.query<{ n: string | number }>("SELECT ROW_COUNT() AS n");
      assert.equal(Number(changed!.n), 0);
    }));

  test("binds string, Date, null and big integer parameters and reads them back exactly", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      await conn.exec("CREATE TABLE p (s VARCHAR(50), d DATETIME(3), z INT NULL, b BIGINT)");
      const when = new Date("2024-05-06T07:08:09.123Z");
      const big = 9007199254740993n;
      await conn.query("INSERT INTO p (s, d, z, b) VALUES (?, ?, ?, ?)", [
        "it's ? é",
        when,
        null,
        big,
      ]);
      const rows = await conn.query("SELECT s, d, z, b, '?' AS q FROM p WHERE s = ?", ["it's ? é"]);
      assert.equal(rows.length, 1);
      assert.deepEqual(rows[0], { s: "it's ? é", d: when, z: null, b: "9007199254740993", q: "?" });
    }));

  test("exec runs a script with a procedure written with and without DELIMITER, then CALLs both", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      await conn.exec(`CREATE TABLE log (v VARCHAR(20));
CREATE PROCEDURE add_plain(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  WHILE i < n DO
    IF i % 2 = 0 THEN INSERT INTO log VALUES (CONCAT('plain;', i)); END IF;
    SET i = i + 1;
  END WHILE;
END;
DELIMITER $$
CREATE PROCEDURE add_delimited()
BEGIN
  INSERT INTO log VALUES ('delimited');
END$$
DELIMITER ;
CALL add_plain(4);
CALL add_delimited();`);
      const rows = await conn.query("SELECT v FROM log ORDER BY v");
      assert.deepEqual(
        rows.map((r) => r.v),
        ["delimited", "plain;0", "plain;2"],
      );
    }));

  test("a trigger with a BEGIN … END body fires", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      await conn.exec(`CREATE TABLE t (a INT);
CREATE TRIGGER t_clamp BEFORE INSERT ON t FOR EACH ROW
BEGIN
  IF NEW.a < 0 THEN SET NEW.a = 0; END IF;
END;
INSERT INTO t VALUES (-5), (7);`);
      const rows = await conn.query("SELECT a FROM t ORDER BY a");
      assert.deepEqual(
        rows.map((r) => r.a),
        [0, 7],
      );
    }));

  test("a failing statement of a script reports its position, after the earlier ones ran", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      const script =
        "CREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);\n-- then\nINSERT INTO a\n  VALUES (1,, 2);";
      const e = await queryError(conn.exec(script));
      assert.equal(e.sqlState, "ER_PARSE_ERROR");
      // The server quotes the text after the token it stopped at: here, after the second comma.
      assert.equal(e.position, script.indexOf(" 2)"));
      assert.equal(lineAt(script, e.position!), 5);
      assert.equal(await count(conn, "a"), 1);
      const missing = await queryError(conn.exec("SELECT 1;\n\nSELECT * FROM nowhere;"));
      assert.equal(missing.sqlState, "ER_NO_SUCH_TABLE");
      assert.equal(missing.position, 11);
    }));

  test("batch rolls data back and names the failing part", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      await conn.exec("CREATE TABLE k (v VARCHAR(10) PRIMARY KEY)");
      const file = "INSERT INTO k VALUES ('a');\nINSERT INTO k VALUES ('b');";
      const dup = await queryError(
        conn.batch([{ sql: file }, { sql: "INSERT INTO k VALUES (?)", params: ["a"] }], {
          transaction: true,
        }),
      );
      assert.equal(dup.part, 1);
      assert.equal(dup.sqlState, "ER_DUP_ENTRY");
      assert.equal(await count(conn, "k"), 0);
      const inFile = await queryError(
        conn.batch([{ sql: "INSERT INTO k VALUES ('c');\nINSERT INTO k VALUES ('c');" }], {
          transaction: true,
        }),
      );
      assert.deepEqual([inFile.part, inFile.position], [0, 28]);
      assert.equal(await count(conn, "k"), 0);
      await conn.batch([{ sql: file }, { sql: "INSERT INTO k VALUES (?)", params: ["z"] }], {
        transaction: true,
      });
      assert.equal(await count(conn, "k"), 3);
    }));

  test("DDL is not rolled back, as transactionalDdl = false says", () =>
    withHarness("mysql", async ({ dialect, connect }) => {
      assert.equal(dialect.capabilities.transactionalDdl, false);
      const conn = await connect();
      const e = await queryError(
        conn.batch([{ sql: "CREATE TABLE kept (a INT)" }, { sql: "SELECT * FROM nowhere" }], {
          transaction: true,
        }),
      );
      assert.equal(e.part, 1);
      assert.equal(await tableExists(conn, dialect, "kept"), true);
    }));

  test("begin, query, batch without transaction, then rollback or commit", () =>
    withHarness("mysql", async ({ connect }) => {
      const conn = await connect();
      await conn.exec("CREATE TABLE c (v INT)");
      await conn.begin();
      await conn.query("INSERT INTO c VALUES (?)", [1]);
      await conn.batch([{ sql: "INSERT INTO c VALUES (?)", params: [2] }], { transaction: false });
      await conn.rollback();
      assert.equal(await count(conn, "c"), 0);
      await conn.begin();
      await conn.query("INSERT INTO c VALUES (?)", [3]);
      await conn.batch([{ sql: "INSERT INTO c VALUES (?)", params: [4] }], { transaction: false });
      await conn.commit();
      assert.equal(await count(conn, "c"), 2);
    }));
});
