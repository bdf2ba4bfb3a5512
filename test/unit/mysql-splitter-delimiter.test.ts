import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasCode } from "../../src/core/errors.js";
import { splitMysqlStatements } from "../../src/dialects/mysql/mysql-splitter.js";

const sqls = (script: string) => splitMysqlStatements(script).map((s) => s.sql);

/** Every statement's offset must point at its text in the script, and its line must match. */
function assertPositions(script: string): void {
  for (const s of splitMysqlStatements(script)) {
    assert.equal(script.slice(s.offset, s.offset + s.sql.length), s.sql);
    assert.equal(s.line, script.slice(0, s.offset).split("\n").length);
  }
}

describe("splitMysqlStatements: DELIMITER", () => {
  it("changes the delimiter and never sends the DELIMITER lines", () => {
    const script = [
      "DELIMITER $$",
      "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END$$",
      "DELIMITER ;",
      "CALL p();",
    ].join("\n");
    assert.deepEqual(splitMysqlStatements(script), [
      { sql: "CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END", offset: 13, line: 2 },
      { sql: "CALL p()", offset: 78, line: 4 },
    ]);
  });

  it("accepts // and any case, and sends each delimited statement whole", () => {
    const script =
      "delimiter //\nCREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1; //\nSELECT 1 //\nDelimiter ;\nSELECT 2;";
    assert.deepEqual(sqls(script), [
      "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;",
      "SELECT 1",
      "SELECT 2",
    ]);
    assertPositions(script);
  });

  it("ignores the delimiter inside quotes and comments", () => {
    const script = "DELIMITER $$\nSELECT '$$' -- $$\n, 2 $$\nDELIMITER ;";
    assert.deepEqual(sqls(script), ["SELECT '$$' -- $$\n, 2"]);
  });

  it("is a command only at the start of a statement", () => {
    assert.deepEqual(sqls("SELECT 1 AS\nDELIMITER;"), ["SELECT 1 AS\nDELIMITER"]);
  });

  it("reads a mysqldump trigger between DELIMITER ;; lines", () => {
    const trigger =
      "/*!50003 CREATE*/ /*!50017 DEFINER=`root`@`localhost`*/ /*!50003 TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 1; END */";
    const script = `/*!40101 SET NAMES utf8mb4 */;\nDELIMITER ;;\n${trigger};;\nDELIMITER ;\nUNLOCK TABLES;\n`;
    assert.deepEqual(sqls(script), ["/*!40101 SET NAMES utf8mb4 */", trigger, "UNLOCK TABLES"]);
    assertPositions(script);
  });

  it("refuses a DELIMITER line without a delimiter, naming the line", () => {
    assert.throws(
      () => splitMysqlStatements("SELECT 1;\nDELIMITER\nSELECT 2;"),
      (err) => hasCode(err, "E_PARSE") && err.line === 2 && /DELIMITER/.test(err.message),
    );
  });

  it("checks the delimiter before a comment, as the client does (DELIMITER #)", () => {
    const script =
      "DELIMITER #\nCREATE PROCEDURE p() BEGIN SELECT 1; END #\nDELIMITER ;\nSELECT 2;";
    assert.deepEqual(sqls(script), ["CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 2"]);
    assertPositions(script);
  });

  it("takes -- as the delimiter before it is a comment", () => {
    assert.deepEqual(sqls("DELIMITER --\nSELECT 1 -- \nSELECT 2--\nDELIMITER ;"), [
      "SELECT 1",
      "SELECT 2",
    ]);
  });

  it("strips the quotes of a quoted delimiter", () => {
    for (const [arg, delimiter] of [
      ["'//'", "//"],
      ["':'", ":"],
      ['"$$"', "$$"],
      ["`!!`", "!!"],
      ['"a b"', "a b"],
    ] as const) {
      const script = `delimiter ${arg}\nCREATE PROCEDURE p() BEGIN SELECT 1; END ${delimiter}\ndelimiter ';'\nSELECT 2;`;
      assert.deepEqual(
        sqls(script),
        ["CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 2"],
        `delimiter ${arg}`,
      );
    }
  });

  it("reads DELIMITER as a command even when the delimiter is the word delimiter", () => {
    const script =
      "delimiter delimiter\nCREATE PROCEDURE p() BEGIN SELECT 1; END delimiter\ndelimiter ;\nSELECT 5;";
    assert.deepEqual(sqls(script), ["CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 5"]);
  });

  it("takes the argument up to the first space only, as the client's get_arg does", () => {
    // `DELIMITER $$ junk` is `$$`; `DELIMITER $$<tab>` is `$$<tab>` (only a space ends it).
    assert.deepEqual(sqls("DELIMITER $$ junk\nSELECT 31 $$\nDELIMITER ;"), ["SELECT 31"]);
    assert.deepEqual(sqls("DELIMITER $$\t\nSELECT 11 $$\t\nSELECT 12 $$\nSELECT 13 $$\t"), [
      "SELECT 11",
      "SELECT 12 $$\nSELECT 13",
    ]);
  });

  it("reads a CRLF script as the client does: the carriage return belongs to the delimiter", () => {
    const script =
      "DELIMITER $$\r\nCREATE PROCEDURE p() BEGIN SELECT 1; END $$\r\nDELIMITER ;\r\nSELECT 6;\r\n";
    assert.deepEqual(sqls(script), ["CREATE PROCEDURE p() BEGIN SELECT 1; END", "SELECT 6"]);
  });

  it("refuses the client's own commands, naming the line", () => {
    for (const [script, line, name] of [
      ["use other\nSELECT 1;", 1, "use other"],
      ["SELECT 1;\nsource more.sql\n", 2, "source more.sql"],
      ["SELECT 1;\n\\d //\nSELECT 2 //", 2, "\\d"],
      ["SELECT 1\\g\nSELECT 2;", 1, "\\g"],
      ["SELECT 1;\n  QUIT\nSELECT 2;", 2, "QUIT"],
      ["SELECT 1;\nstatus\n", 2, "status"],
    ] as const) {
      assert.throws(
        () => splitMysqlStatements(script),
        (err) =>
          hasCode(err, "E_PARSE") &&
          err.line === line &&
          err.message.includes(name) &&
          /mysql client/.test(err.message),
        script,
      );
    }
  });

  it("sends lines that only look like client commands as SQL", () => {
    assert.deepEqual(sqls("use other;\nCREATE TABLE t (\nstatus INT,\nuse INT);\nSELECT 'a\\g';"), [
      "use other",
      "CREATE TABLE t (\nstatus INT,\nuse INT)",
      "SELECT 'a\\g'",
    ]);
    // A command that takes no argument is SQL when the line has one (`status = 1` is not `status`).
    assert.deepEqual(sqls("UPDATE t SET a = 1 WHERE\nstatus = 1;"), [
      "UPDATE t SET a = 1 WHERE\nstatus = 1",
    ]);
    assert.deepEqual(sqls("SELECT \\N;"), ["SELECT \\N"]);
  });
});
