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
});
