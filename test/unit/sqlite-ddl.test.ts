import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  parseCreateIndex,
  parseCreateTable,
  parseCreateTrigger,
} from "../../src/dialects/sqlite/sqlite-ddl.js";
import { tokenize } from "../../src/dialects/sqlite/sqlite-tokens.js";

describe("SQLite DDL tokenizer", () => {
  it("keeps quoted text whole and unquotes identifiers", () => {
    const tokens = tokenize(`CREATE TABLE "a ""b"" (" ([x y], \`z\`, 'it''s, (no') -- c (\n`);
    assert.deepEqual(
      tokens.map((t) => t.value),
      ["CREATE", "TABLE", 'a "b" (', "(", "x y", ",", "z", ",", "'it''s, (no'", ")"],
    );
    assert.deepEqual(
      tokens.map((t) => t.depth),
      [0, 0, 0, 0, 1, 1, 1, 1, 1, 0],
    );
  });
});

describe("CHECK clause extraction", () => {
  it("finds column and table checks, named and unnamed, with nested parentheses and quotes", () => {
    const t = parseCreateTable(`CREATE TABLE t (
      a INT CONSTRAINT a_pos CHECK (a > 0) NOT NULL,
      b TEXT DEFAULT 'CHECK (x)' CHECK (b IN ('x', 'y)')),
      c INT, -- CHECK (c > 1) is a comment
      CHECK ((a + c) < 10),
      CONSTRAINT "both" CHECK (a <> c)
    )`);
    assert.deepEqual(t.checks, [
      { name: "a_pos", expression: "CHECK (a > 0)" },
      { name: undefined, expression: "CHECK (b IN ('x', 'y)'))" },
      { name: undefined, expression: "CHECK ((a + c) < 10)" },
      { name: "both", expression: "CHECK (a <> c)" },
    ]);
  });

  it("reads constraint names, COLLATE, AUTOINCREMENT, generated columns and deferrable keys", () => {
    const t = parseCreateTable(`CREATE TABLE t (
      id INTEGER CONSTRAINT pk PRIMARY KEY AUTOINCREMENT,
      code TEXT COLLATE NOCASE CONSTRAINT code_u UNIQUE,
      p INT REFERENCES parent ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
      g INT GENERATED ALWAYS AS (id * 2) STORED,
      v INT AS (lower(code)),
      x INT, y INT,
      CONSTRAINT xy_fk FOREIGN KEY (x, y) REFERENCES other (a, b) ON UPDATE CASCADE,
      UNIQUE (x, y)
    )`);
    assert.deepEqual(t.primaryKey, { name: "pk", columns: ["id"] });
    assert.deepEqual(t.uniques, [
      { name: "code_u", columns: ["code"] },
      { name: undefined, columns: ["x", "y"] },
    ]);
    assert.deepEqual(
      t.foreignKeys.map((f) => [f.name, f.columns, f.table, f.deferrable, f.initiallyDeferred]),
      [
        [undefined, ["p"], "parent", true, true],
        ["xy_fk", ["x", "y"], "other", false, false],
      ],
    );
    assert.equal(t.columns.get("id")?.autoincrement, true);
    assert.equal(t.columns.get("code")?.collation, "NOCASE");
    assert.deepEqual(t.columns.get("g")?.generated, { expression: "id * 2", stored: true });
    assert.deepEqual(t.columns.get("v")?.generated, { expression: "lower(code)", stored: false });
  });
});

describe("index and trigger text", () => {
  it("splits an index's key parts and predicate", () => {
    assert.deepEqual(
      parseCreateIndex(
        `CREATE UNIQUE INDEX "i" ON t (lower(a), b COLLATE NOCASE DESC) WHERE b > 1 AND (a IS NOT NULL)`,
      ),
      { columns: ["lower(a)", "b COLLATE NOCASE DESC"], where: "b > 1 AND (a IS NOT NULL)" },
    );
    assert.deepEqual(parseCreateIndex("CREATE INDEX i ON t(a)"), { columns: ["a"] });
  });

  it("reads a trigger's timing and event", () => {
    assert.deepEqual(
      parseCreateTrigger("CREATE TRIGGER x AFTER UPDATE OF a ON t BEGIN SELECT 1; END"),
      {
        timing: "AFTER",
        events: ["UPDATE"],
      },
    );
    assert.deepEqual(
      parseCreateTrigger("CREATE TRIGGER x INSTEAD OF DELETE ON v BEGIN SELECT 1; END"),
      {
        timing: "INSTEAD OF",
        events: ["DELETE"],
      },
    );
    assert.deepEqual(parseCreateTrigger("CREATE TRIGGER x INSERT ON t BEGIN SELECT 1; END"), {
      timing: "BEFORE",
      events: ["INSERT"],
    });
  });
});
