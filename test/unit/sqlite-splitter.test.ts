import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { hasCode } from "../../src/core/errors.js";
import { splitSqliteStatements } from "../../src/dialects/sqlite/sqlite-splitter.js";

const sqls = (script: string) => splitSqliteStatements(script).map((s) => s.sql);

/** The schema SQLite stores after `run` (what `sqlite3` shows with `.schema`), and every row of t. */
function schemaAfter(run: (db: Database.Database) => void): unknown[] {
  const db = new Database(":memory:");
  try {
    run(db);
    return db.prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY name").all();
  } finally {
    db.close();
  }
}

/** Running the statements one by one stores exactly what running the whole script (as the shell does) stores. */
function assertSameAsWhole(script: string): void {
  const whole = schemaAfter((db) => db.exec(script));
  const split = schemaAfter((db) => {
    for (const s of splitSqliteStatements(script)) db.exec(s.sql);
  });
  assert.deepEqual(split, whole);
  for (const s of splitSqliteStatements(script)) {
    assert.equal(script.slice(s.offset, s.offset + s.sql.length), s.sql);
    assert.equal(s.line, script.slice(0, s.offset).split("\n").length);
  }
}

describe("splitSqliteStatements", () => {
  it("sends each statement as written, up to its semicolon", () => {
    const script = "CREATE TABLE a (x) ;\n\n  CREATE VIEW v AS SELECT 1 /* c */ ;\nSELECT 1";
    assert.deepEqual(splitSqliteStatements(script), [
      { sql: "CREATE TABLE a (x) ", offset: 0, line: 1 },
      { sql: "CREATE VIEW v AS SELECT 1 /* c */ ", offset: 24, line: 3 },
      { sql: "SELECT 1", offset: 60, line: 4 },
    ]);
    assertSameAsWhole(script);
  });

  it("ends a trigger only at `; END ;`, so CASE … END; in its body does not end it", () => {
    const script = `CREATE TABLE t (a, b);
CREATE TRIGGER tr AFTER INSERT ON t
BEGIN
  UPDATE t SET b = CASE WHEN new.a > 0 THEN 'pos' ELSE 'neg' END;
  SELECT CASE new.a WHEN 1 THEN 'one' END;
END;
CREATE TEMP TRIGGER tt AFTER DELETE ON t BEGIN SELECT 1; END ;
INSERT INTO t (a) VALUES (1);`;
    assert.equal(splitSqliteStatements(script).length, 4);
    assert.match(sqls(script)[1]!, /^CREATE TRIGGER tr[\s\S]*END$/);
    assertSameAsWhole(script);
  });

  it("ignores semicolons in quotes, brackets and comments", () => {
    const script = `CREATE TABLE "a;b" ([c;d] TEXT, \`e;f\` TEXT DEFAULT 'g;''h');
-- a comment; with semicolons
/* and; a block */ INSERT INTO "a;b" VALUES ('1;2', 'x');`;
    assert.equal(splitSqliteStatements(script).length, 2);
    assertSameAsWhole(script);
  });

  it("drops statements of comments and white space only", () => {
    assert.deepEqual(sqls(";;\n-- nothing\n;\n/* nor this */;\nSELECT 1;;"), ["SELECT 1"]);
    assert.deepEqual(splitSqliteStatements("  \n-- only a comment\n"), []);
  });

  it("keeps CREATE TABLE named trigger or end an ordinary statement", () => {
    const script = 'CREATE TABLE "trigger" (end_ INT);\nCREATE TABLE x (y);\nSELECT 1 AS end;';
    assert.equal(splitSqliteStatements(script).length, 3);
    assertSameAsWhole(script);
  });

  it("reads CRLF scripts and a BOM-less Unicode script", () => {
    const script = "CREATE TABLE ü (名前 TEXT);\r\nINSERT INTO ü VALUES ('é;');\r\n";
    assert.deepEqual(sqls(script), ["CREATE TABLE ü (名前 TEXT)", "INSERT INTO ü VALUES ('é;')"]);
    assertSameAsWhole(script);
  });

  it("refuses a shell dot-command, naming its line", () => {
    assert.throws(
      () => splitSqliteStatements("CREATE TABLE a (x);\n.read more.sql\n"),
      (err) => hasCode(err, "E_PARSE") && err.line === 2 && /\.read more\.sql/.test(err.message),
    );
    // A dot that is not first on its line is SQL (and SQLite's to judge).
    assert.deepEqual(sqls("SELECT 1\n.5;"), ["SELECT 1\n.5"]);
  });
});
