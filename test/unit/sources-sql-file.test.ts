import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDownFile, parseSqlFile } from "../../src/sources/sql-file.js";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

function parseError(text: string, expected: { line: number; message: RegExp }) {
  assert.throws(() => parseSqlFile(text, "m.sql"), {
    name: "TidemarkError",
    code: "E_PARSE",
    file: "m.sql",
    line: expected.line,
    message: expected.message,
  });
}

describe("parseSqlFile: sections", () => {
  it("splits dbmate markers into up and down with their file lines", () => {
    const text = lines(
      "-- migrate:up",
      "create table t (id int);",
      "insert into t values (1);",
      "",
      "-- migrate:down",
      "drop table t;",
    );
    const p = parseSqlFile(text, "m.sql");
    assert.equal(p.hasMarkers, true);
    assert.deepEqual(p.up, { sql: "create table t (id int);\ninsert into t values (1);", line: 2 });
    assert.deepEqual(p.down, { sql: "drop table t;", line: 6 });
    assert.equal(p.transaction, "auto");
    assert.equal(p.irreversible, false);
    assert.deepEqual(p.depends, []);
  });

  it("accepts the alternate markers with trailing words, in any case", () => {
    const text = lines(
      "-- Up Migration",
      "create table t (id int);",
      "-- DOWN MIGRATION: undo it",
      "drop table t;",
    );
    const p = parseSqlFile(text, "m.sql");
    assert.deepEqual(p.up, { sql: "create table t (id int);", line: 2 });
    assert.deepEqual(p.down, { sql: "drop table t;", line: 4 });
  });

  it("keeps comment lines before the up marker out of the up section", () => {
    const p = parseSqlFile(
      lines("-- adds t", "", "-- migrate:up", "create table t (id int);"),
      "m.sql",
    );
    assert.deepEqual(p.up, { sql: "create table t (id int);", line: 4 });
    assert.equal(p.down, null);
  });

  it("maps lines correctly with CRLF line endings and a byte-order mark", () => {
    const text = "\uFEFF-- migrate:up\r\nselect 1;\r\n-- migrate:down\r\nselect 2;\r\n";
    const p = parseSqlFile(text, "m.sql");
    assert.deepEqual(p.up, { sql: "select 1;", line: 2 });
    assert.deepEqual(p.down, { sql: "select 2;", line: 4 });
  });

  it("makes the whole file the up section when there are no markers", () => {
    const text = lines("-- a comment", "create table t (id int);", "create index i on t (id);");
    const p = parseSqlFile(text, "m.sql");
    assert.equal(p.hasMarkers, false);
    assert.deepEqual(p.up, { sql: text.trimEnd(), line: 1 });
    assert.equal(p.down, null);
  });

  it("keeps an empty down section as a down that does nothing", () => {
    const p = parseSqlFile(
      lines("-- migrate:up", "select 1;", "-- migrate:down", "-- nothing to undo", ""),
      "m.sql",
    );
    assert.deepEqual(p.down, { sql: "-- nothing to undo", line: 4 });
    const bare = parseSqlFile("-- migrate:up\nselect 1;\n-- migrate:down", "m.sql");
    assert.deepEqual(bare.down, { sql: "", line: 4 });
  });

  it("does not take markers inside block comments", () => {
    const p = parseSqlFile(lines("/*", "-- migrate:down", "*/", "select 1;"), "m.sql");
    assert.equal(p.hasMarkers, false);
  });
});

describe("parseSqlFile: directives", () => {
  it("reads no-transaction at the top of the file", () => {
    const p = parseSqlFile(
      lines("-- tidemark:no-transaction", "create index concurrently i on t (id);"),
      "m.sql",
    );
    assert.equal(p.transaction, "never");
  });

  it("reads dbmate's transaction:false on the marker line", () => {
    const p = parseSqlFile(
      lines("-- migrate:up transaction:false", "vacuum;", "-- migrate:down"),
      "m.sql",
    );
    assert.equal(p.transaction, "never");
    const t = parseSqlFile(lines("-- migrate:up transaction:true", "select 1;"), "m.sql");
    assert.equal(t.transaction, "auto");
  });

  it("reads depends with one or more versions and their line", () => {
    const text = lines(
      "-- migrate:up",
      "-- tidemark:depends 20250101120000 20250101_000000_1.0.0, 1.1",
      "-- tidemark:depends 2",
      "select 1;",
    );
    assert.deepEqual(parseSqlFile(text, "m.sql").depends, [
      { version: "20250101120000", line: 2 },
      { version: "20250101_000000_1.0.0", line: 2 },
      { version: "1.1", line: 2 },
      { version: "2", line: 3 },
    ]);
  });

  it("reads irreversible at the top of a section", () => {
    const p = parseSqlFile(
      lines("-- migrate:up", "select 1;", "-- migrate:down", "-- tidemark:irreversible"),
      "m.sql",
    );
    assert.equal(p.irreversible, true);
  });

  it("keeps lint disable directives anywhere for the linter", () => {
    const p = parseSqlFile(
      lines("select 1;", "-- tidemark:disable drop-table", "drop table t;"),
      "m.sql",
    );
    assert.deepEqual(p.disabledRules, [{ rule: "drop-table", line: 2 }]);
  });
});

describe("parseSqlFile: errors", () => {
  it("reports a down marker without an up marker", () => {
    parseError(lines("select 1;", "-- migrate:down", "select 2;"), {
      line: 2,
      message: /up section missing/,
    });
  });

  it("reports markers out of order", () => {
    parseError(lines("-- migrate:down", "select 2;", "-- migrate:up", "select 1;"), {
      line: 1,
      message: /out of order.*line 3/,
    });
  });

  it("reports a repeated marker", () => {
    parseError(lines("-- migrate:up", "select 1;", "-- Up Migration", "select 2;"), {
      line: 3,
      message: /repeats the up marker of line 1/,
    });
    parseError(lines("-- migrate:up", "-- migrate:down", "select 1;", "-- migrate:down"), {
      line: 4,
      message: /repeats the down marker of line 2/,
    });
  });

  it("names an unknown directive", () => {
    parseError(lines("-- tidemark:no-transactoin", "select 1;"), {
      line: 1,
      message: /tidemark:no-transactoin/,
    });
  });

  it("reports depends with no version, or with something that is not a version", () => {
    parseError(lines("-- migrate:up", "-- tidemark:depends", "select 1;"), {
      line: 2,
      message: /names no version/,
    });
    parseError(lines("-- tidemark:depends 001_init"), {
      line: 1,
      message: /001_init.*not a version/,
    });
  });

  it("reports a directive placed after SQL", () => {
    parseError(lines("select 1;", "-- tidemark:no-transaction"), { line: 2, message: /after SQL/ });
  });

  it("reports SQL before the up marker", () => {
    parseError(lines("select 0;", "-- migrate:up", "select 1;"), {
      line: 1,
      message: /before the up marker/,
    });
  });
});

describe("parseDownFile", () => {
  it("makes the whole file the down, with directives", () => {
    const p = parseDownFile(
      lines("-- tidemark:no-transaction", "drop index concurrently i;"),
      "m.down.sql",
    );
    assert.deepEqual(p.up, {
      sql: "-- tidemark:no-transaction\ndrop index concurrently i;",
      line: 1,
    });
    assert.equal(p.transaction, "never");
  });

  it("refuses markers in a separate down file", () => {
    assert.throws(() => parseDownFile(lines("drop table t;", "-- migrate:down"), "m.down.sql"), {
      code: "E_PARSE",
      file: "m.down.sql",
      line: 2,
    });
  });
});
