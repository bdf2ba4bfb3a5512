/**
 * What the CLI prints for errors, tables and durations (src/cli/render.ts). No database.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  duration,
  errorJson,
  layOut,
  Output,
  type OutputOptions,
  renderError,
  stripAnsi,
} from "../../src/cli/render.js";
import {
  LockTimeoutError,
  MigrationError,
  QueryError,
  TidemarkError,
} from "../../src/core/errors.js";

const output = (options: Partial<OutputOptions> = {}) =>
  new Output({ json: false, quiet: false, verbose: false, color: false, ...options });

const SQL_LINE = "INSERT INTO nope (id) VALUES (1);";

function failed(options: Partial<ConstructorParameters<typeof MigrationError>[1]> = {}) {
  return new MigrationError('relation "nope" does not exist', {
    file: "003_fill.sql",
    line: 4,
    column: SQL_LINE.indexOf("nope") + 1,
    statement: SQL_LINE,
    version: "003",
    sqlState: "42P01",
    detail: "the table was dropped by 002",
    serverHint: "create it first",
    hint: "Fix the migration, then run `tidemark up` again.",
    cause: new QueryError('relation "nope" does not exist', { position: 12 }),
    ...options,
  });
}

describe("renderError", () => {
  test("a migration error: file:line:col, the SQL line, a caret under the column, detail, hints", () => {
    const lines = renderError(failed(), output());
    assert.deepEqual(lines, [
      'error: 003_fill.sql:4:13: relation "nope" does not exist',
      `4 | ${SQL_LINE}`,
      `${" ".repeat("4 | ".length + SQL_LINE.indexOf("nope"))}^`,
      "  detail: the table was dropped by 002",
      "  server hint: create it first",
      "hint: Fix the migration, then run `tidemark up` again.",
    ]);
    assert.equal(lines[2]!.indexOf("^"), lines[1]!.indexOf("nope"), "caret under the column");
  });

  test("the caret keeps tabs, so it lines up under a tab-indented line", () => {
    const statement = "\t\tINSERT INTO nope VALUES (1);";
    const lines = renderError(
      failed({ statement, column: statement.indexOf("nope") + 1, line: 12 }),
      output(),
    );
    assert.equal(lines[1], `12 | ${statement}`);
    assert.equal(lines[2], `     \t\t${" ".repeat("INSERT INTO ".length)}^`);
  });

  test("a column at the end of the line puts the caret just past it", () => {
    const lines = renderError(failed({ column: SQL_LINE.length + 1 }), output());
    assert.equal(lines[2], `${" ".repeat(4 + SQL_LINE.length)}^`);
  });

  test("without a column: the SQL line and no caret; without a line: neither", () => {
    let lines = renderError(failed({ column: undefined }), output());
    assert.equal(lines[0], 'error: 003_fill.sql:4: relation "nope" does not exist');
    assert.equal(lines[1], `4 | ${SQL_LINE}`);
    assert.ok(!lines.some((l) => l.includes("^")));
    lines = renderError(failed({ line: undefined, column: undefined }), output());
    assert.equal(lines[0], 'error: 003_fill.sql: relation "nope" does not exist');
    assert.ok(!lines.some((l) => l.includes(SQL_LINE)));
  });

  test("a message that already starts with the file does not name it twice", () => {
    let lines = renderError(
      new MigrationError("003_fill.ts: validate() returned false after up", {
        file: "003_fill.ts",
      }),
      output(),
    );
    assert.equal(lines[0], "error: 003_fill.ts: validate() returned false after up");
    lines = renderError(
      new TidemarkError("E_CHECKSUM", "003_fill.sql changed while tidemark was running", {
        file: "003_fill.sql",
      }),
      output(),
    );
    assert.equal(lines[0], "error: 003_fill.sql changed while tidemark was running");
    lines = renderError(
      new TidemarkError("E_PARSE", "003_fill.sql: markers out of order", {
        file: "003_fill.sql",
        line: 7,
      }),
      output(),
    );
    assert.equal(lines[0], "error: 003_fill.sql:7: markers out of order");
  });

  test("a plain TidemarkError: one line and its hint", () => {
    const err = new TidemarkError("E_CONFIG", 'unknown key "ulr"', {
      file: "tidemark.config.json",
      hint: "Known keys: url, dir.",
    });
    assert.deepEqual(renderError(err, output()), [
      'error: tidemark.config.json: unknown key "ulr"',
      "hint: Known keys: url, dir.",
    ]);
    assert.deepEqual(renderError(new TidemarkError("E_USAGE", "Nothing to merge"), output()), [
      "error: Nothing to merge",
    ]);
  });

  test("a lock timeout names the holder", () => {
    const err = new LockTimeoutError(
      "Timed out after 60 s waiting for the lock",
      "tidemark 0.1.0 ci:42",
    );
    assert.deepEqual(renderError(err, output()), [
      "error: Timed out after 60 s waiting for the lock",
      "  holder: tidemark 0.1.0 ci:42",
    ]);
  });

  test("--verbose adds the chain of causes", () => {
    const lines = renderError(failed(), output({ verbose: true }));
    assert.ok(lines.some((l) => l.startsWith('caused by: QueryError: relation "nope"')));
    assert.ok(!renderError(failed(), output()).some((l) => l.startsWith("caused by")));
  });

  test("a non-tidemark error: its message, no stack unless --verbose", () => {
    const err = new TypeError("cannot read properties of undefined");
    const lines = renderError(err, output());
    assert.deepEqual(lines, [
      "error: cannot read properties of undefined",
      "(run with --verbose for details)",
    ]);
    assert.ok(!lines.join("\n").includes("    at "));
    const verbose = renderError(err, output({ verbose: true }));
    assert.equal(verbose[0], "error: cannot read properties of undefined");
    assert.match(verbose[1]!, /^TypeError: cannot read properties of undefined\n\s+at /);
    assert.deepEqual(renderError("a string", output()), [
      "error: a string",
      "(run with --verbose for details)",
    ]);
  });

  test("with colour: the same text, painted", () => {
    const painted = renderError(failed(), output({ color: true }));
    assert.match(painted[0]!, /^\u001b\[31merror:\u001b\[0m /);
    assert.deepEqual(painted.map(stripAnsi), renderError(failed(), output()));
  });
});

describe("errorJson", () => {
  test("a migration error with every field, and nothing undefined once serialised", () => {
    const doc = JSON.parse(JSON.stringify(errorJson(failed({ statementIndex: 2 }))));
    assert.deepEqual(doc, {
      error: {
        code: "E_MIGRATION",
        message: 'relation "nope" does not exist',
        file: "003_fill.sql",
        line: 4,
        column: 13,
        version: "003",
        hint: "Fix the migration, then run `tidemark up` again.",
        direction: "up",
        statement: SQL_LINE,
        statementIndex: 2,
        sqlState: "42P01",
        detail: "the table was dropped by 002",
        serverHint: "create it first",
      },
    });
  });

  test("a TidemarkError, a lock timeout and anything else", () => {
    assert.deepEqual(
      JSON.parse(JSON.stringify(errorJson(new TidemarkError("E_USAGE", "bad", { hint: "h" })))),
      { error: { code: "E_USAGE", message: "bad", hint: "h" } },
    );
    assert.deepEqual(errorJson(new LockTimeoutError("timed out", "host:1")).error, {
      code: "E_LOCK_TIMEOUT",
      message: "timed out",
      file: undefined,
      line: undefined,
      column: undefined,
      version: undefined,
      hint: undefined,
      holder: "host:1",
    });
    assert.deepEqual(errorJson(new RangeError("x")), {
      error: { code: "E_INTERNAL", message: "x" },
    });
    assert.deepEqual(errorJson(42), { error: { code: "E_INTERNAL", message: "42" } });
  });
});

/** The lines {@link layOut} makes of `rows`, one at a time, without their newlines. */
function table(rows: readonly (readonly string[])[]): string[] {
  const lines: string[] = [];
  layOut(rows, "", 1, (line) => lines.push(line.slice(0, -1)));
  return lines;
}

describe("table", () => {
  test("pads every column but the last to the widest cell, two spaces apart", () => {
    assert.deepEqual(
      table([
        ["applied", "001", "create_users", "12 ms"],
        ["pending", "20250101120000", "add_index", ""],
        ["x", "2", "y", "1.2 s"],
      ]),
      [
        "applied  001             create_users  12 ms",
        "pending  20250101120000  add_index",
        "x        2               y             1.2 s",
      ],
    );
  });

  test("colour codes take no width", () => {
    const green = "\u001b[32mapplied\u001b[0m";
    const lines = table([
      [green, "001"],
      ["pending", "002"],
    ]);
    assert.equal(lines[0], `${green}  001`);
    assert.deepEqual(lines.map(stripAnsi), ["applied  001", "pending  002"]);
  });

  test("pads by the visible length: colour codes take no room", () => {
    const red = "\u001b[31mfailed\u001b[0m";
    assert.deepEqual(
      table([
        ["applied", "001", "a"],
        [red, "002", "b"],
      ]),
      ["applied  001  a", `${red}   002  b`],
    );
  });

  test("short rows and no rows", () => {
    assert.deepEqual(table([["a", "bb", "c"], ["long-cell"]]), ["a          bb  c", "long-cell"]);
    assert.deepEqual(table([]), []);
  });

  test("layOut hands the lines over some at a time, each after the indent, none ending in blanks", () => {
    const rows = Array.from({ length: 5 }, (_, i) => [`r${i}`, i === 3 ? "" : "x".repeat(i), ""]);
    const chunks: string[] = [];
    layOut(rows, "  ", 2, (text) => chunks.push(text));
    assert.deepEqual(chunks, ["  r0\n  r1  x\n", "  r2  xx\n  r3\n", "  r4  xxxx\n"]);
    const none: string[] = [];
    layOut([], "  ", 2, (text) => none.push(text));
    assert.deepEqual(none, []);
  });

  test("parts laid out with the whole table's widths at the least are the whole table", () => {
    const paint = (s: string) => `\u001b[32m${s}\u001b[39m`;
    const rows = [
      [paint("applied"), "001", "a", "2026-11-27 08:04:12 +00:00", "3 ms"],
      [paint("stamped"), "002", "a_much_longer_name", "2026-11-27 08:04:12 +00:00", "not run"],
      [paint("applied"), "003", "b", "", ""],
      [paint("applied"), "R__view", "v", "2026-11-27 08:04:13 +00:00", ""],
    ];
    const whole: string[] = [];
    layOut(rows, "  ", 1024, (text) => whole.push(text));
    const least = [7, "R__view".length, "a_much_longer_name".length, 26];
    for (const size of [1, 2, 3]) {
      const parts: string[] = [];
      for (let i = 0; i < rows.length; i += size)
        layOut(rows.slice(i, i + size), "  ", 1024, (text) => parts.push(text), least);
      assert.equal(parts.join(""), whole.join(""), `parts of ${size}`);
    }
    // Without them, a part is padded to its own widest cells only.
    const alone: string[] = [];
    layOut(rows.slice(0, 1), "  ", 1024, (text) => alone.push(text));
    assert.notEqual(alone.join(""), whole.join("").split("\n")[0]!.concat("\n"));
  });
});

describe("duration", () => {
  test("milliseconds, seconds with one decimal, minutes and seconds", () => {
    assert.equal(duration(0), "0 ms");
    assert.equal(duration(12.4), "12 ms");
    assert.equal(duration(999.4), "999 ms");
    assert.equal(duration(1000), "1.0 s");
    assert.equal(duration(1449), "1.4 s");
    assert.equal(duration(59_900), "59.9 s");
    assert.equal(duration(60_000), "1 min 0 s");
    assert.equal(duration(125_000), "2 min 5 s");
  });

  test("rounding never shows 1000 ms, 60.0 s or 60 s", () => {
    assert.equal(duration(999.6), "1.0 s");
    assert.equal(duration(59_960), "1 min 0 s");
    assert.equal(duration(119_600), "2 min 0 s");
    assert.equal(duration(3_599_700), "60 min 0 s");
  });
});
