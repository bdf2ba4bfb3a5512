/**
 * A misspelt marker or directive is an error naming the file, the line and the right spelling,
 * never SQL of the section before it (SPEC §2); ordinary comments stay comments.
 */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import { nearMiss, osaDistance } from "../../src/sources/marker-spelling.js";
import { parseDownFile, parseSqlFile } from "../../src/sources/sql-file.js";

/** Line 3 of a file whose up section is line 2: `line` sits between up SQL and more SQL. */
const withLine = (line: string) => `-- migrate:up\ncreate table t (id int);\n${line}\nselect 2;\n`;

/** Each valid line and what it must be read as. */
const VALID: readonly [string, string][] = [
  ["-- migrate:up", "up"],
  ["-- migrate:down", "down"],
  ["--migrate:up", "up"],
  ["--migrate:down", "down"],
  ["--   migrate:down", "down"],
  ["-- migrate:up transaction:false", "up no-transaction"],
  ["-- migrate:down transaction:false", "down no-transaction"],
  ["-- migrate:up transaction:true", "up"],
  ["-- migrate:down   ", "down"],
  ["\t-- migrate:down", "down"],
  ["-- Up Migration", "up"],
  ["-- Down Migration", "down"],
  ["-- up migration", "up"],
  ["-- DOWN MIGRATION", "down"],
  ["-- Down Migration: undo the users table", "down"],
  ["-- Up Migration (v2)", "up"],
  ["--Down Migration", "down"],
  ["-- tidemark:no-transaction", "directive no-transaction"],
  ["--tidemark:no-transaction", "directive no-transaction"],
  ["-- tidemark:irreversible", "directive irreversible"],
  ["-- tidemark:depends 001", "directive depends"],
  ["-- tidemark:depends 001 002, 1.1", "directive depends"],
  ["-- tidemark:disable drop-table", "directive disable"],
  ["-- tidemark:disable-next add-column-default", "directive disable-next"],
];

/** Lines that must be refused, with the spelling the message must give. */
const REFUSED: readonly [string, string][] = [
  ["-- migrate: down", "-- migrate:down"],
  ["-- migrate: up", "-- migrate:up"],
  ["-- migrate : down", "-- migrate:down"],
  ["-- migrate :up", "-- migrate:up"],
  ["-- migrate down", "-- migrate:down"],
  ["-- migrate up", "-- migrate:up"],
  ["-- migrate:dwon", "-- migrate:down"],
  ["-- migrate:donw", "-- migrate:down"],
  ["--  migrate:donw", "-- migrate:down"],
  ["-- migrate:dow", "-- migrate:down"],
  ["-- migrate:downn", "-- migrate:down"],
  ["-- migrate:dowm", "-- migrate:down"],
  ["-- migrate:uo", "-- migrate:up"],
  ["-- migrate:upp", "-- migrate:up"],
  ["-- migrate:up,", "-- migrate:up"],
  ["-- Migrate:Up", "-- migrate:up"],
  ["-- MIGRATE:DOWN", "-- migrate:down"],
  ["-- migrate:Down", "-- migrate:down"],
  ["- migrate:up", "-- migrate:up"],
  ["- migrate:down", "-- migrate:down"],
  ["--- migrate:down", "-- migrate:down"],
  ["\u2014 migrate:down", "-- migrate:down"],
  ["-- mirgate:down", "-- migrate:down"],
  ["-- migrat:down", "-- migrate:down"],
  ["-- migrates:up", "-- migrate:up"],
  ["-- mgrate down", "-- migrate:down"],
  ["-- migrate_down", "-- migrate:down"],
  ["-- migrate-up", "-- migrate:up"],
  ["-- Up Migraton", "-- Up Migration"],
  ["-- Down Migation", "-- Down Migration"],
  ["-- Up Migrations", "-- Up Migration"],
  ["-- Down: Migration", "-- Down Migration"],
  ["-- Dwon Migration", "-- Down Migration"],
  ["-- Upp Migration", "-- Up Migration"],
  ["- Up Migration", "-- Up Migration"],
  ["-- Up Migraton: create users", "-- Up Migration: create users"],
  ["-- tidemark:no-transacton", "-- tidemark:no-transaction"],
  ["-- tidemark:no-transactoin", "-- tidemark:no-transaction"],
  ["-- tidemark:notransaction", "-- tidemark:no-transaction"],
  ["-- tidemark:no_transaction", "-- tidemark:no-transaction"],
  ["-- tidemark:No-Transaction", "-- tidemark:no-transaction"],
  ["-- TIDEMARK:no-transaction", "-- tidemark:no-transaction"],
  ["-- tidemark: depends 1", "-- tidemark:depends 1"],
  ["-- tidemark:depend 1", "-- tidemark:depends 1"],
  ["-- tidemark:depends,1", "-- tidemark:depends 1"],
  ["-- tidemark depends 1", "-- tidemark:depends 1"],
  ["-- tidemark:irreversable", "-- tidemark:irreversible"],
  ["-- tidemark irreversible", "-- tidemark:irreversible"],
  ["-- tidmark:irreversible", "-- tidemark:irreversible"],
  ["- tidemark:no-transaction", "-- tidemark:no-transaction"],
  ["-- tidemark:disabel drop-table", "-- tidemark:disable drop-table"],
  ["-- tidemark:disable-nxt drop-table", "-- tidemark:disable-next drop-table"],
];

/** Ordinary comments (and SQL) that must pass as they are. */
const ORDINARY: readonly string[] = [
  "-- migrate users to the new table",
  "-- migrate us to postgres",
  "-- migrate: do this before the deploy",
  "-- migrate: see README",
  "-- migrate:done",
  "-- migrated users",
  "-- down payment column",
  "-- downgrade path: none",
  "-- Upgrade notes",
  "-- up to 10 rows",
  "-- update migration notes",
  "-- undo migration by hand",
  "-- tidemark rocks",
  "-- tidemarks are nice",
  "-- migration for orders",
  "-- migrations run in order",
  "-- TODO: migrate:later",
  "-- note: migrate:down is below",
  "-- see -- migrate:down",
  "--",
  "-- ",
  "-----------------------------",
  "-- 2025-01-01: migrate",
  "-- up",
  "-- down",
  "-- migrate",
  "-- tidemark",
  "-1 + 2",
  "- 5",
];

function refused(text: string, file = "001_a.sql"): TidemarkError {
  try {
    parseSqlFile(text, file);
  } catch (err) {
    assert.ok(err instanceof TidemarkError, String(err));
    return err;
  }
  assert.fail(`not refused: ${JSON.stringify(text)}`);
}

describe("markers and directives: valid spellings", () => {
  for (const [line, meaning] of VALID) {
    it(`reads ${JSON.stringify(line)} as ${meaning}`, () => {
      const [what, name] = meaning.split(" ");
      if (what === "directive") {
        const p = parseSqlFile(`${line}\nselect 1;\n`, "m.sql");
        const got = {
          "no-transaction": p.transaction === "never",
          irreversible: p.irreversible,
          depends: p.depends.length > 0,
          disable: p.disabledRules.length > 0,
          "disable-next": p.disabledNext.length > 0,
        }[name!];
        assert.equal(got, true, `${line} was not read as ${name}`);
        assert.equal(p.up.sql, `${line.trim()}\nselect 1;`);
        return;
      }
      const text =
        what === "up"
          ? `${line}\nselect 1;\n-- migrate:down\nselect 2;\n`
          : `-- migrate:up\nselect 1;\n${line}\nselect 2;\n`;
      const p = parseSqlFile(text, "m.sql");
      assert.deepEqual(p.up, { sql: "select 1;", line: 2 });
      assert.deepEqual(p.down, { sql: "select 2;", line: 4 });
      assert.equal(p.transaction, name === "no-transaction" ? "never" : "auto");
    });
  }

  it("keeps the arguments of the lint directives for the linter", () => {
    const p = parseSqlFile(
      "select 1;\n-- tidemark:disable-next drop-table, rename-column\ndrop table t;\n",
      "m.sql",
    );
    assert.deepEqual(p.disabledNext, [
      { rule: "drop-table", line: 2 },
      { rule: "rename-column", line: 2 },
    ]);
    assert.deepEqual(p.disabledRules, []);
  });
});

describe("markers and directives: misspelt lines are refused", () => {
  for (const [line, correct] of REFUSED) {
    it(`refuses ${JSON.stringify(line)}, saying to write ${correct}`, () => {
      const err = refused(withLine(line));
      assert.equal(err.code, "E_PARSE");
      assert.equal(err.file, "001_a.sql");
      assert.equal(err.line, 3);
      assert.ok(
        err.message.startsWith(`001_a.sql:3: \`${line.trim()}\` looks like the `),
        err.message,
      );
      assert.ok(err.message.endsWith(`but is misspelt; write \`${correct}\``), err.message);
      assert.match(err.hint ?? "", /spelt exactly/);
    });
  }

  it("gives the brief's message for `-- migrate: down` on line 7", () => {
    const text =
      "-- migrate:up\ncreate table t (id int);\n\n\n\n\n-- migrate: down\ndrop table t;\n";
    assert.equal(
      refused(text).message,
      "001_a.sql:7: `-- migrate: down` looks like the marker `-- migrate:down` but is misspelt; write `-- migrate:down`",
    );
  });

  it("refuses a misspelt line before any marker, in a file without markers, and in a down file", () => {
    assert.equal(refused("-- migrate: up\ncreate table t (id int);\n").line, 1);
    assert.equal(refused("create table t (id int);\n-- migrate:dwon\ndrop table t;\n").line, 2);
    assert.throws(() => parseDownFile("drop table t;\n-- tidemark:irreversable\n", "1.down.sql"), {
      code: "E_PARSE",
      file: "1.down.sql",
      line: 2,
    });
  });

  it("refuses unknown `-- tidemark:` directives, with the known ones", () => {
    for (const line of ["-- tidemark:foo", "-- tidemark: rocks", "-- tidemark:", "-- Tidemark:x"]) {
      const err = refused(withLine(line));
      assert.equal(err.line, 3);
      assert.match(err.message, /unknown directive `-- tidemark:/);
      assert.match(err.hint ?? "", /no-transaction, depends, irreversible, disable, disable-next/);
    }
  });

  it("refuses a misspelt dbmate transaction option, which would silently run in a transaction", () => {
    const cases: [string, string, string][] = [
      ["-- migrate:up transaction: false", "transaction: false", "-- migrate:up transaction:false"],
      ["-- migrate:up transaction:flase", "transaction:flase", "-- migrate:up transaction:false"],
      ["-- migrate:up Transaction:false", "Transaction:false", "-- migrate:up transaction:false"],
      ["-- migrate:up transactions:false", "transactions:false", "-- migrate:up transaction:false"],
      ["-- migrate:up transaction=false", "transaction=false", "-- migrate:up transaction:false"],
      ["-- migrate:down transaction:ture", "transaction:ture", "-- migrate:down transaction:true"],
    ];
    for (const [marker, option, correct] of cases) {
      const text = marker.includes(":up")
        ? `${marker}\nvacuum;\n`
        : `-- migrate:up\nselect 1;\n${marker}\nselect 2;\n`;
      const err = refused(text);
      assert.equal(err.line, marker.includes(":up") ? 1 : 3);
      assert.match(err.message, new RegExp(`\`${option}\` looks like dbmate's option`));
      assert.ok(err.message.endsWith(`write \`${correct}\``), err.message);
    }
  });
});

describe("markers and directives: ordinary comments stay comments", () => {
  for (const line of ORDINARY) {
    it(`keeps ${JSON.stringify(line)} in the section's SQL`, () => {
      const p = parseSqlFile(withLine(line), "m.sql");
      assert.equal(p.up.sql, `create table t (id int);\n${line}\nselect 2;`);
      assert.equal(p.down, null);
      assert.equal(nearMiss(line.trim()), null);
    });
  }

  it("does not look inside block comments", () => {
    const p = parseSqlFile(withLine("/*\n-- migrate: down\n*/"), "m.sql");
    assert.match(p.up.sql, /-- migrate: down/);
  });
});

describe("osaDistance", () => {
  const cases: [string, string, number][] = [
    ["down", "down", 0],
    ["dwon", "down", 1],
    ["donw", "down", 1],
    ["dow", "down", 1],
    ["downn", "down", 1],
    ["up", "uo", 1],
    ["irreversable", "irreversible", 1],
    ["notransaction", "no-transaction", 1],
    ["no-transacton", "no-transaction", 1],
    ["tidmark", "tidemark", 1],
    ["mgrate", "migrate", 1],
    ["migrat", "migrate", 1],
    ["mirgate", "migrate", 1],
    ["ca", "abc", 3],
    ["do", "down", 2],
    ["us", "up", 1],
    ["", "up", 2],
    ["users", "up", 3],
    ["migration", "migrate", 3],
  ];
  for (const [a, b, d] of cases) {
    it(`${a} → ${b}: ${d}`, () => {
      assert.equal(osaDistance(a, b), d);
      assert.equal(osaDistance(b, a), d, "symmetric");
    });
  }
});
