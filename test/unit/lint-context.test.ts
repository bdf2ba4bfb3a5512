/**
 * Lint's context (new tables, the runner's transaction plan), MySQL and SQLite rules, and every
 * output format, SARIF checked against the 2.1.0 schema's required properties.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { formatGithub } from "../../src/lint/formats/github.js";
import { formatHuman } from "../../src/lint/formats/human.js";
import { formatSarif } from "../../src/lint/formats/sarif.js";
import type { LintFinding } from "../../src/lint/types.js";
import { lintText, migrationText as m, ruleIds } from "../helpers/lint.js";

describe("lint context", () => {
  test("a table created by an earlier migration of the same run is new", async () => {
    const earlier = [m("CREATE TABLE t (a int);", "DROP TABLE t;")];
    const bad = m("CREATE INDEX t_a ON t (a);", "DROP INDEX t_a;");
    assert.deepEqual(await ruleIds(bad, { earlier, run: true }), []);
    assert.deepEqual(await ruleIds(bad, { earlier, run: false }), ["index-not-concurrent"]);
  });

  test("CONCURRENTLY alone: the runner runs the file outside a transaction, no finding", async () => {
    assert.deepEqual(
      await ruleIds(m("CREATE INDEX CONCURRENTLY i ON users (a);", "DROP INDEX i;")),
      [],
    );
  });

  test("CONCURRENTLY under --single-transaction: the runner wraps it, flagged", async () => {
    const ids = await ruleIds(m("CREATE INDEX CONCURRENTLY i ON users (a);", "DROP INDEX i;"), {
      singleTransaction: true,
    });
    assert.deepEqual(ids, ["concurrently-in-transaction"]);
  });

  test("BEGIN/COMMIT in a SQLite file the runner wraps is flagged; in PostgreSQL the runner does not wrap it", async () => {
    const text = m("BEGIN;\nINSERT INTO users VALUES (1);\nCOMMIT;");
    assert.deepEqual(await ruleIds(text, { syntax: "sqlite" }), [
      "transaction-in-wrapped-file",
      "transaction-in-wrapped-file",
    ]);
    assert.deepEqual(await ruleIds(text), []);
  });

  test("an enum value used after ADD VALUE in a file run statement by statement is fine", async () => {
    const text = m(
      "-- tidemark:no-transaction\nALTER TYPE mood ADD VALUE 'meh';\nUPDATE users SET mood = 'meh' WHERE id = 1;",
    );
    assert.deepEqual(await ruleIds(text), []);
  });

  test("column facts come from earlier migrations: varchar(10) → varchar(20) is a safe widening", async () => {
    const earlier = [m("CREATE TABLE u (n varchar(10));", "DROP TABLE u;")];
    assert.deepEqual(
      await ruleIds(m("ALTER TABLE u ALTER COLUMN n TYPE varchar(20);"), { earlier }),
      [],
    );
    assert.deepEqual(
      await ruleIds(m("ALTER TABLE u ALTER COLUMN n TYPE varchar(5);"), { earlier }),
      ["change-column-type"],
    );
  });
});

describe("lint context: facts across files", () => {
  test("a type changed by an earlier file is the type a later file is judged against", async () => {
    const earlier = [
      m("CREATE TABLE u (n varchar(10));", "DROP TABLE u;"),
      m("ALTER TABLE u ALTER COLUMN n TYPE varchar(20);"),
    ];
    const narrower = m("ALTER TABLE u ALTER COLUMN n TYPE varchar(15);");
    assert.deepEqual(await ruleIds(narrower, { earlier }), ["change-column-type"]);
    assert.deepEqual(await ruleIds(narrower, { earlier: earlier.slice(0, 1) }), []);
  });

  test("a NOT VALID check of an earlier file, validated in this one, proves the column not null", async () => {
    const earlier = [
      m("CREATE TABLE u (n text);", "DROP TABLE u;"),
      m("ALTER TABLE u ADD CONSTRAINT n_nn CHECK (n IS NOT NULL) NOT VALID;"),
    ];
    const validated = m(
      "ALTER TABLE u VALIDATE CONSTRAINT n_nn;\nALTER TABLE u ALTER COLUMN n SET NOT NULL;",
    );
    assert.deepEqual(await ruleIds(validated, { earlier }), []);
    const unvalidated = m("ALTER TABLE u ALTER COLUMN n SET NOT NULL;");
    assert.deepEqual(await ruleIds(unvalidated, { earlier }), ["set-not-null"]);
  });
});

describe("MySQL rules", () => {
  const my = { syntax: "mysql" as const };
  for (const [rule, bad, good] of [
    ["drop-table", "DROP TABLE users;", "CREATE TABLE t (a int);\nDROP TABLE t;"],
    [
      "drop-column",
      "ALTER TABLE users DROP COLUMN email;",
      "ALTER TABLE users ADD COLUMN x int NULL;",
    ],
    ["drop-database", "DROP SCHEMA other;", "CREATE DATABASE other;"],
    [
      "not-null-without-default",
      "ALTER TABLE users ADD COLUMN age INT NOT NULL;",
      "ALTER TABLE users ADD COLUMN age INT NOT NULL DEFAULT 0;",
    ],
    [
      "change-column-type",
      "ALTER TABLE users MODIFY COLUMN name TEXT;",
      "ALTER TABLE users ADD COLUMN n TEXT;",
    ],
    ["rename-table", "RENAME TABLE users TO people;", "CREATE TABLE people (a int);"],
    [
      "rename-column",
      "ALTER TABLE users RENAME COLUMN a TO b;",
      "ALTER TABLE users RENAME INDEX a TO b;",
    ],
    ["update-without-where", "UPDATE users SET a = 1;", "UPDATE users SET a = 1 WHERE id = 2;"],
    ["delete-without-where", "DELETE FROM users;", "DELETE FROM users WHERE id = 2;"],
    [
      "mysql-not-online",
      "ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4;",
      "ALTER TABLE users ADD INDEX i (a), ALGORITHM=INPLACE, LOCK=NONE;",
    ],
  ] as const) {
    test(`${rule}: triggers, and not for the safe form`, async () => {
      assert.ok((await ruleIds(m(bad), my)).includes(rule), bad);
      assert.ok(!(await ruleIds(m(good), my)).includes(rule), good);
    });
  }

  test("missing-down on a file without a down", async () => {
    assert.deepEqual(await ruleIds(m("INSERT INTO t VALUES (1);", null), my), ["missing-down"]);
  });
});

describe("SQLite rules", () => {
  const lite = { syntax: "sqlite" as const };
  for (const [rule, bad, good] of [
    ["drop-table", "DROP TABLE users;", "CREATE TABLE t (a);\nDROP TABLE t;"],
    ["drop-column", "ALTER TABLE users DROP COLUMN email;", "ALTER TABLE users ADD COLUMN x TEXT;"],
    [
      "not-null-without-default",
      "ALTER TABLE users ADD COLUMN a INTEGER NOT NULL;",
      "ALTER TABLE users ADD COLUMN a INTEGER NOT NULL DEFAULT 0;",
    ],
    ["rename-table", "ALTER TABLE users RENAME TO people;", "CREATE TABLE people (a);"],
    [
      "rename-column",
      "ALTER TABLE users RENAME COLUMN a TO b;",
      "ALTER TABLE users ADD COLUMN b TEXT;",
    ],
    ["update-without-where", "UPDATE users SET a = 1;", "UPDATE users SET a = 1 WHERE id = 2;"],
    [
      "sqlite-unsupported-alter",
      "ALTER TABLE users ALTER COLUMN a TYPE TEXT;",
      "ALTER TABLE users ADD COLUMN b TEXT DEFAULT 'x';",
    ],
  ] as const) {
    test(`${rule}: triggers, and not for the safe form`, async () => {
      assert.ok((await ruleIds(m(bad), lite)).includes(rule), bad);
      assert.ok(!(await ruleIds(m(good), lite)).includes(rule), good);
    });
  }

  test("ADD COLUMN with a non-constant default is refused by SQLite", async () => {
    const findings = await lintText(
      m("ALTER TABLE users ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP;"),
      lite,
    );
    const f = findings.find((x) => x.rule === "sqlite-unsupported-alter");
    assert.equal(f?.rule, "sqlite-unsupported-alter");
    assert.match(f?.message ?? "", /non-constant default/);
  });
});

const FINDING: LintFinding = {
  rule: "drop-table",
  level: "error",
  file: "001_a.sql",
  path: "migrations/001_a.sql",
  line: 3,
  column: 5,
  version: "001",
  message: "drops table users, 100%",
  why: "Data is lost.",
  safe: "Expand, then contract.",
  source: "    DROP TABLE users;",
};

describe("lint output formats", () => {
  test("human: file:line:col, level, rule, the line with a caret under the statement, why and safe", () => {
    const lines = formatHuman([FINDING]);
    assert.equal(lines[0], "migrations/001_a.sql:3:5  error  drop-table  drops table users, 100%");
    assert.equal(lines[1], "3 |     DROP TABLE users;");
    assert.equal(lines[2], `${" ".repeat(8)}^${"~".repeat(16)}`);
    assert.match(lines[3] ?? "", /why: +Data is lost\./);
    assert.match(lines[4] ?? "", /safe: Expand, then contract\./);
    assert.equal(lines.at(-1), "1 error, 0 warnings, 0 notes");
  });

  test("human: coloured by level", () => {
    const painted = formatHuman([FINDING], (c, t) => `<${c}>${t}</${c}>`);
    assert.match(painted[0] ?? "", /<red>error<\/red>/);
    assert.match(painted[2] ?? "", /<red>\^~+<\/red>/);
  });

  test("github: one workflow command per finding, properties and data escaped", () => {
    const [line] = formatGithub([FINDING, { ...FINDING, level: "info" }]);
    assert.equal(
      line,
      "::error file=migrations/001_a.sql,line=3,col=5,title=tidemark drop-table::drops table users, 100%25. Data is lost. Safe: Expand, then contract.",
    );
    assert.match(formatGithub([{ ...FINDING, level: "info" }])[0] ?? "", /^::notice /);
  });

  test("sarif: the 2.1.0 schema's required properties, rules and results", () => {
    // biome-ignore lint/suspicious/noExplicitAny: the log is read back as untyped JSON, as a consumer reads it
    const log = JSON.parse(JSON.stringify(formatSarif([FINDING]))) as Record<string, any>;
    assert.equal(log.version, "2.1.0");
    assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
    const run = log.runs[0];
    assert.equal(typeof run.tool.driver.name, "string");
    const ids = new Set<string>();
    for (const rule of run.tool.driver.rules) {
      assert.equal(typeof rule.id, "string");
      assert.ok(!ids.has(rule.id), `duplicate rule ${rule.id}`);
      ids.add(rule.id);
      assert.ok(["none", "note", "warning", "error"].includes(rule.defaultConfiguration.level));
      assert.equal(typeof rule.shortDescription.text, "string");
    }
    const [result] = run.results;
    assert.equal(typeof result.message.text, "string");
    assert.equal(result.ruleId, "drop-table");
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, "drop-table");
    assert.ok(["none", "note", "warning", "error"].includes(result.level));
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    assert.equal(artifactLocation.uri, "migrations/001_a.sql");
    assert.ok(Number.isInteger(region.startLine) && region.startLine >= 1);
    assert.ok(Number.isInteger(region.startColumn) && region.startColumn >= 1);
  });
});
