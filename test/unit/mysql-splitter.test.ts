import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientLineEnds } from "../../src/dialects/mysql/mysql-lexer.js";
import { splitMysqlStatements } from "../../src/dialects/mysql/mysql-splitter.js";

const sqls = (script: string) => splitMysqlStatements(script).map((s) => s.sql);

/** Every statement's offset must point at its text in the script, and its line must match. */
function assertPositions(script: string): void {
  for (const s of splitMysqlStatements(script)) {
    assert.equal(script.slice(s.offset, s.offset + s.sql.length), s.sql);
    assert.equal(s.line, script.slice(0, s.offset).split("\n").length);
  }
}

describe("splitMysqlStatements: plain statements", () => {
  it("cuts at semicolons with exact sql, offset and line", () => {
    const script = "CREATE TABLE a (id INT);\n\n  INSERT INTO a VALUES (1);\nSELECT 1";
    assert.deepEqual(splitMysqlStatements(script), [
      { sql: "CREATE TABLE a (id INT)", offset: 0, line: 1 },
      { sql: "INSERT INTO a VALUES (1)", offset: 28, line: 3 },
      { sql: "SELECT 1", offset: 54, line: 4 },
    ]);
  });

  it("drops empty statements and statements of comments only", () => {
    assert.deepEqual(sqls(";;\n-- nothing\n;\n/* nor this */;\n# nor this\nSELECT 1;;"), [
      "SELECT 1",
    ]);
    assert.deepEqual(splitMysqlStatements("  \n-- only a comment\n"), []);
    assert.deepEqual(splitMysqlStatements(""), []);
  });

  it("starts a statement after its leading comments", () => {
    const script = "-- create it\n/* block */\n# hash\nCREATE TABLE a (id INT);";
    assert.deepEqual(splitMysqlStatements(script), [
      { sql: "CREATE TABLE a (id INT)", offset: 32, line: 4 },
    ]);
  });

  it("ignores semicolons inside quoted text", () => {
    const script = `INSERT INTO t VALUES ('a;b', "c;d", 'it''s;', 'x\\';y');\nSELECT \`we;ird\` FROM t`;
    assert.deepEqual(sqls(script), [
      `INSERT INTO t VALUES ('a;b', "c;d", 'it''s;', 'x\\';y')`,
      "SELECT `we;ird` FROM t",
    ]);
    assertPositions(script);
  });

  it("takes backslashes literally in backtick identifiers and doubled backticks as one", () => {
    assert.deepEqual(sqls("SELECT 1 AS `a\\`; SELECT 2 AS `b``;c`;"), [
      "SELECT 1 AS `a\\`",
      "SELECT 2 AS `b``;c`",
    ]);
  });

  it("ignores semicolons inside comments", () => {
    const script = "SELECT 1 -- not; here\n;\nSELECT 2 # nor; here\n;\nSELECT /* in; side */ 3;";
    assert.deepEqual(sqls(script), [
      "SELECT 1 -- not; here",
      "SELECT 2 # nor; here",
      "SELECT /* in; side */ 3",
    ]);
  });

  it("needs white space after -- for a comment, as MySQL does", () => {
    assert.deepEqual(sqls("SELECT 1--1;\nSELECT 2"), ["SELECT 1--1", "SELECT 2"]);
    assert.deepEqual(sqls("SELECT 1 --\n;SELECT 2"), ["SELECT 1 --", "SELECT 2"]);
  });

  it("keeps executable comments as statements", () => {
    const script = "/*!40101 SET NAMES utf8mb4 */;\n/*M!100100 SET @x = 1 */;\n/* plain */;";
    assert.deepEqual(sqls(script), ["/*!40101 SET NAMES utf8mb4 */", "/*M!100100 SET @x = 1 */"]);
  });

  it("keeps a statement without a final delimiter, and counts CRLF lines", () => {
    const script = "SELECT 1;\r\n\r\nSELECT 2\r\n";
    assert.deepEqual(splitMysqlStatements(script), [
      { sql: "SELECT 1", offset: 0, line: 1 },
      { sql: "SELECT 2", offset: 13, line: 3 },
    ]);
  });

  it("treats BEGIN; and BEGIN WORK as transaction statements", () => {
    const script =
      "BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;\nBEGIN WORK;\nUPDATE t SET a = 2;\nROLLBACK;";
    assert.deepEqual(sqls(script), [
      "BEGIN",
      "INSERT INTO t VALUES (1)",
      "COMMIT",
      "BEGIN WORK",
      "UPDATE t SET a = 2",
      "ROLLBACK",
    ]);
  });

  it("does not take column names or variables for block keywords", () => {
    const script =
      "CREATE TABLE t (`begin` INT, `end` INT);\nSELECT t.begin, @end FROM t;\nSELECT 1";
    assert.equal(splitMysqlStatements(script).length, 3);
  });
});

describe("splitMysqlStatements: bodies without DELIMITER", () => {
  it("keeps a stored procedure's BEGIN … END body whole", () => {
    const procedure = [
      "CREATE PROCEDURE fill(IN n INT)",
      "BEGIN",
      "  DECLARE i INT DEFAULT 0;",
      "  WHILE i < n DO",
      "    INSERT INTO t VALUES (i);",
      "    SET i = i + 1;",
      "  END WHILE;",
      "END",
    ].join("\n");
    const script = `CREATE TABLE t (a INT);\n${procedure};\nCALL fill(3);`;
    assert.deepEqual(splitMysqlStatements(script), [
      { sql: "CREATE TABLE t (a INT)", offset: 0, line: 1 },
      { sql: procedure, offset: 24, line: 2 },
      { sql: "CALL fill(3)", offset: 24 + procedure.length + 2, line: 10 },
    ]);
  });

  it("keeps a trigger body whole, with IF … END IF inside", () => {
    const trigger =
      "CREATE TRIGGER t_bi BEFORE INSERT ON t FOR EACH ROW BEGIN\n  IF NEW.a < 0 THEN SET NEW.a = 0; ELSEIF NEW.a > 9 THEN SET NEW.a = 9; END IF;\nEND";
    assert.deepEqual(sqls(`${trigger};\nINSERT INTO t VALUES (-1);`), [
      trigger,
      "INSERT INTO t VALUES (-1)",
    ]);
  });

  it("keeps a trigger whose body is one IF statement without BEGIN", () => {
    const trigger =
      "CREATE TRIGGER t_bu BEFORE UPDATE ON t FOR EACH ROW IF NEW.a IS NULL THEN SET NEW.a = 0; END IF";
    assert.deepEqual(sqls(`${trigger};SELECT 1`), [trigger, "SELECT 1"]);
  });

  it("tracks nested IF, LOOP, REPEAT, CASE and labelled blocks", () => {
    const body = [
      "CREATE DEFINER = CURRENT_USER PROCEDURE nest()",
      "outer_block: BEGIN",
      "  DECLARE i INT DEFAULT 0;",
      "  l1: LOOP",
      "    SET i = i + 1;",
      "    IF i > 3 THEN LEAVE l1; END IF;",
      "    REPEAT SET i = i + 1; UNTIL i > 5 END REPEAT;",
      "    CASE i WHEN 1 THEN SELECT 1; ELSE BEGIN SELECT 2; END; END CASE;",
      "  END LOOP l1;",
      "END outer_block",
    ].join("\n");
    assert.deepEqual(sqls(`${body};\nDROP PROCEDURE nest;`), [body, "DROP PROCEDURE nest"]);
  });

  it("tells the IF() and REPEAT() functions and CASE expressions from statements", () => {
    const fn = [
      "CREATE FUNCTION grade(x INT) RETURNS VARCHAR(10) DETERMINISTIC",
      "BEGIN",
      "  DECLARE s VARCHAR(10) DEFAULT IF(x > 5, 'high', 'low');",
      "  SET s = CONCAT(s, REPEAT('!', 2));",
      "  SET s = CASE WHEN x > 9 THEN IF(x > 99, 'huge', 'top') ELSE s END;",
      "  RETURN s;",
      "END",
    ].join("\n");
    assert.deepEqual(sqls(`${fn};\nSELECT grade(3);`), [fn, "SELECT grade(3)"]);
  });

  it("is not fooled by END or semicolons in quotes and comments of a body", () => {
    const proc =
      "CREATE PROCEDURE q() BEGIN SELECT 'END;'; -- END;\n SELECT \"END IF;\"; /* END; */ END";
    assert.deepEqual(sqls(`${proc};SELECT 2;`), [proc, "SELECT 2"]);
  });

  it("ends a routine without BEGIN at its semicolon", () => {
    const script = "CREATE FUNCTION one() RETURNS INT RETURN 1;\nSELECT one();";
    assert.deepEqual(sqls(script), ["CREATE FUNCTION one() RETURNS INT RETURN 1", "SELECT one()"]);
  });

  it("keeps an event's DO BEGIN … END body whole", () => {
    const event =
      "CREATE EVENT purge ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM t WHERE a < 0; DELETE FROM u; END";
    assert.deepEqual(sqls(`${event};\nSELECT 1;`), [event, "SELECT 1"]);
  });

  it("keeps MariaDB's anonymous BEGIN NOT ATOMIC blocks whole", () => {
    const block = "BEGIN NOT ATOMIC DECLARE x INT DEFAULT 1; SELECT x; END";
    assert.deepEqual(sqls(`${block};\nSELECT 2;`), [block, "SELECT 2"]);
  });

  it("splits a body the same way when it is split again on its own", () => {
    const script =
      "DELIMITER $$\nCREATE PROCEDURE r() BEGIN IF 1 THEN SELECT 1; END IF; END$$\nDELIMITER ;\n";
    const [statement] = splitMysqlStatements(script);
    assert.deepEqual(sqls(statement!.sql), [statement!.sql]);
  });

  it("keeps a routine whose body is a bare IF after its parameter list", () => {
    const proc = "CREATE PROCEDURE bare(IN x INT) IF x > 0 THEN SELECT 1; ELSE SELECT 2; END IF";
    assert.deepEqual(sqls(`${proc};\nSELECT 3;`), [proc, "SELECT 3"]);
  });

  it("keeps MariaDB FOR loops and := assignments inside a body", () => {
    const proc = "CREATE PROCEDURE f() BEGIN FOR i IN 1..3 DO SET @s := @s + i; END FOR; END";
    assert.deepEqual(sqls(`${proc};SELECT @s;`), [proc, "SELECT @s"]);
  });

  it("does not treat a table named function as a routine", () => {
    assert.deepEqual(sqls("CREATE TABLE function (a INT);\nSELECT 1;"), [
      "CREATE TABLE function (a INT)",
      "SELECT 1",
    ]);
  });
});

describe("splitMysqlStatements: NO_BACKSLASH_ESCAPES, as the client follows it", () => {
  it("reads a backslash as a plain character once the script sets the mode", () => {
    const script =
      "SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES');\nINSERT INTO t VALUES ('back\\');\nINSERT INTO t VALUES ('quote'';\\');";
    const statements = splitMysqlStatements(script);
    assert.deepEqual(
      statements.map((s) => [s.sql, s.noBackslashEscapes ?? false]),
      [
        ["SET SESSION sql_mode = CONCAT(@@SESSION.sql_mode, ',NO_BACKSLASH_ESCAPES')", false],
        ["INSERT INTO t VALUES ('back\\')", true],
        ["INSERT INTO t VALUES ('quote'';\\')", true],
      ],
    );
  });

  it("turns escapes back on for a literal mode without it, or a REPLACE that removes it", () => {
    for (const reset of [
      "SET sql_mode = 'STRICT_TRANS_TABLES'",
      "SET @@SESSION.sql_mode = REPLACE(@@SESSION.sql_mode, 'NO_BACKSLASH_ESCAPES', '')",
      "/*!40101 SET SQL_MODE='NO_AUTO_VALUE_ON_ZERO' */",
    ]) {
      const script = `SET sql_mode = 'NO_BACKSLASH_ESCAPES';\n${reset};\nSELECT 'a\\';b';`;
      assert.deepEqual(sqls(script).slice(2), ["SELECT 'a\\';b'"], reset);
    }
    // A mode built from @@sql_mode or a variable keeps it as it was.
    assert.equal(
      splitMysqlStatements(
        "SET sql_mode = 'NO_BACKSLASH_ESCAPES';\nSET sql_mode = @@GLOBAL.sql_mode;\nSELECT 'a\\';",
      )[2]!.noBackslashEscapes,
      true,
    );
  });
});

describe("clientLineEnds", () => {
  it("drops the CR of CRLF outside strings (comments included) and keeps it inside them", () => {
    assert.equal(
      clientLineEnds("BEGIN\r\n  INSERT INTO t VALUES ('a\r\nb'); -- c\r\n  /* d\r\n */\r\nEND"),
      "BEGIN\n  INSERT INTO t VALUES ('a\r\nb'); -- c\n  /* d\n */\nEND",
    );
    assert.equal(clientLineEnds("no CR here\n"), "no CR here\n");
    assert.equal(clientLineEnds("SELECT 'a\\'\r\n'", false), "SELECT 'a\\'\n'");
  });
});
