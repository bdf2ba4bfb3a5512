import * as assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { hasCode, QueryError } from "../../src/core/errors.js";
import { createDialect } from "../../src/dialects/mysql/mysql-dialect.js";
import { parseMysqlUrl, serverInfo } from "../../src/dialects/mysql/mysql-driver.js";
import { mysqlQueryError, syntaxErrorOffset } from "../../src/dialects/mysql/mysql-errors.js";
import { bindPlaceholders } from "../../src/dialects/mysql/mysql-lexer.js";
import { lockName } from "../../src/dialects/mysql/mysql-lock.js";

const dialect = createDialect("mysql://app:s3cret@db.example:3307/shop");

describe("mysql dialect: nonTransactionalReason", () => {
  it("is null for a file of data statements only", async () => {
    const script =
      "INSERT INTO t VALUES (1);\nUPDATE t SET a = 2;\nDELETE FROM t WHERE a = 3;\nREPLACE INTO t VALUES (4);\nSELECT 1;\nWITH x AS (SELECT 1) SELECT * FROM x;\nSET @v = 1;\n/*!40101 SET NAMES utf8mb4 */;";
    assert.equal(await dialect.nonTransactionalReason(script), null);
    assert.equal(await dialect.nonTransactionalReason(""), null);
  });

  it("names the line and verb of the first DDL statement", async () => {
    const script =
      "INSERT INTO t VALUES (1);\n\nCREATE UNIQUE INDEX i ON t (a);\nALTER TABLE t ADD b INT;";
    assert.equal(
      await dialect.nonTransactionalReason(script),
      "line 3: CREATE INDEX commits implicitly on MySQL, so the file runs statement by statement",
    );
  });

  it("treats CALL, transaction control and committing SETs as non-transactional", async () => {
    assert.match(
      (await dialect.nonTransactionalReason("CALL p();"))!,
      /^line 1: CALL may run statements/,
    );
    assert.match(
      (await dialect.nonTransactionalReason("SELECT 1;\nCOMMIT;"))!,
      /^line 2: COMMIT controls the transaction/,
    );
    assert.match(
      (await dialect.nonTransactionalReason("SET autocommit = 0;"))!,
      /^line 1: SET AUTOCOMMIT/,
    );
    assert.match(
      (await dialect.nonTransactionalReason("SET PASSWORD = 'x';"))!,
      /^line 1: SET PASSWORD/,
    );
    assert.match(
      (await dialect.nonTransactionalReason("TRUNCATE TABLE t;"))!,
      /^line 1: TRUNCATE TABLE commits/,
    );
  });
});

describe("mysql dialect: URL, quoting and tracking SQL", () => {
  it("does not load mysql2 before connect()", () => {
    const cache = createRequire(import.meta.url).cache;
    assert.equal(
      Object.keys(cache).some((path) => path.includes("/node_modules/mysql2/")),
      false,
    );
  });

  it("parses the URL, decoding user, password and database", () => {
    assert.deepEqual(parseMysqlUrl("mariadb://us%40r:p%3Ass@[::1]/my%20db?sslmode=require"), {
      host: "::1",
      port: 3306,
      user: "us@r",
      password: "p:ss",
      database: "my db",
      ssl: { rejectUnauthorized: false },
    });
  });

  it("refuses a URL without a database, without showing the password", () => {
    assert.throws(
      () => createDialect("mysql://root:s3cret@localhost:3306/"),
      (err) =>
        hasCode(err, "E_CONFIG") && !err.message.includes("s3cret") && err.message.includes("***"),
    );
  });

  it("shows the URL redacted and quotes identifiers with backticks", () => {
    assert.equal(dialect.displayUrl, "mysql://app:***@db.example:3307/shop");
    assert.equal(dialect.quoteIdent("we`ird"), "`we``ird`");
    // Always qualified with the URL's database: a migration's `USE other` never moves the writes.
    assert.equal(dialect.tableRef("tidemark_migrations"), "`shop`.`tidemark_migrations`");
    assert.equal(dialect.placeholder(3), "?");
    assert.equal(dialect.types.key, "VARCHAR(191)");
    assert.equal(dialect.capabilities.transactionalDdl, false);
  });

  it("names the lock after database and table, hashing names over 64 characters", () => {
    assert.equal(lockName("shop", "tidemark_migrations"), "tidemark:shop.tidemark_migrations");
    const long = lockName("d".repeat(40), "t".repeat(40));
    assert.ok(long.length <= 64);
    assert.notEqual(long, lockName("d".repeat(40), "u".repeat(40)));
  });

  it("binds ? outside quotes and comments only", () => {
    const bound = bindPlaceholders("SELECT '?', `a?`, ? -- ?\n, ?", (i) => `<${i}>`);
    assert.deepEqual(bound, { sql: "SELECT '?', `a?`, <0> -- ?\n, <1>", count: 2 });
  });
});

describe("mysql dialect: errors and server info", () => {
  it("finds a syntax error's position from near '…' at line N", () => {
    const sql = "SELECT 1\nFROM\n  WHERE x";
    const message = "You have an error in your SQL syntax; … to use near 'WHERE x' at line 3";
    assert.equal(syntaxErrorOffset(message, sql), sql.indexOf("WHERE"));
    assert.equal(syntaxErrorOffset("… near '' at line 1", "SELECT (1"), 9);
    assert.equal(syntaxErrorOffset("Table 'x.y' doesn't exist", sql), undefined);
  });

  it("turns a driver error into a QueryError with the error name and no password", () => {
    const driverError = Object.assign(new Error("Duplicate entry 's3cret' for key 'PRIMARY'"), {
      code: "ER_DUP_ENTRY",
      errno: 1062,
      sqlState: "23000",
    });
    const e = dialect.normalizeError(driverError, "INSERT INTO t VALUES ('s3cret')");
    assert.ok(e instanceof QueryError);
    assert.equal(e.sqlState, "ER_DUP_ENTRY");
    assert.equal(e.detail, "error 1062, SQLSTATE 23000");
    assert.equal(e.message, "Duplicate entry '***' for key 'PRIMARY'");
    assert.equal(
      dialect.isLockTimeout(
        mysqlQueryError({ code: "ER_LOCK_WAIT_TIMEOUT", errno: 1205 }, "x", []),
      ),
      true,
    );
    assert.equal(dialect.isLockTimeout(e), false);
  });

  it("reads flavour, version and features from VERSION()", () => {
    const maria = serverInfo("10.11.6-MariaDB-0+deb12u1");
    assert.equal(maria.flavor, "mariadb");
    assert.equal(maria.supportsAddColumnIfNotExists, true);
    assert.equal(maria.supportsRenameColumn, true);
    assert.equal(serverInfo("10.4.30-MariaDB").supportsRenameColumn, false);
    const mysql = serverInfo("8.0.15");
    assert.deepEqual([mysql.flavor, mysql.major, mysql.minor], ["mysql", 8, 0]);
    assert.equal(mysql.supportsAddColumnIfNotExists, false);
    assert.equal(mysql.supportsRenameColumn, true);
    assert.equal(mysql.supportsCheckConstraints, false);
    assert.equal(serverInfo("8.0.16").supportsCheckConstraints, true);
  });
});
