/**
 * Every PostgreSQL rule: one fixture that triggers it, one that must not (a new table, a
 * disable directive, or the safe variant). No database: the real parser, offline.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { LINT_RULES } from "../../src/lint/rules/index.js";
import { lintText, migrationText as m, ruleIds } from "../helpers/lint.js";

interface Case {
  readonly rule: string;
  readonly bad: string;
  /** Safe variants or new-table forms that must not trigger the rule. */
  readonly good: readonly string[];
  readonly down?: string | null;
  readonly badDown?: string | null;
  readonly rules?: Record<string, "off" | "warning" | "error">;
  /** Earlier migrations (their facts: column types, validated checks). */
  readonly earlier?: readonly string[];
}

const CASES: readonly Case[] = [
  {
    rule: "drop-table",
    bad: "DROP TABLE users;",
    good: ["CREATE TABLE t (id int);\nDROP TABLE t;"],
  },
  {
    rule: "drop-column",
    bad: "ALTER TABLE users DROP COLUMN email;",
    good: ["CREATE TABLE t (id int, x int);\nALTER TABLE t DROP COLUMN x;"],
  },
  { rule: "drop-schema", bad: "DROP SCHEMA app CASCADE;", good: ["CREATE SCHEMA app;"] },
  { rule: "drop-database", bad: "DROP DATABASE other;", good: ["CREATE DATABASE other;"] },
  {
    rule: "not-null-without-default",
    bad: "ALTER TABLE users ADD COLUMN age int NOT NULL;",
    good: [
      "ALTER TABLE users ADD COLUMN age int NOT NULL DEFAULT 0;",
      "ALTER TABLE users ADD COLUMN age int;",
      "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN age int NOT NULL;",
    ],
  },
  {
    rule: "volatile-default",
    bad: "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();",
    good: [
      "ALTER TABLE users ADD COLUMN created timestamptz DEFAULT now();",
      "CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN r float DEFAULT random();",
    ],
  },
  {
    rule: "change-column-type",
    bad: "ALTER TABLE users ALTER COLUMN name TYPE int USING name::int;",
    good: [
      "ALTER TABLE users ALTER COLUMN name TYPE varchar(200);",
      "ALTER TABLE users ALTER COLUMN name TYPE text;",
      "CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;",
    ],
    earlier: [m("CREATE TABLE users (name varchar(100));")],
  },
  {
    rule: "rename-table",
    bad: "ALTER TABLE users RENAME TO people;",
    good: ["CREATE TABLE t (id int);\nALTER TABLE t RENAME TO u;"],
  },
  {
    rule: "rename-column",
    bad: "ALTER TABLE users RENAME COLUMN name TO full_name;",
    good: ["CREATE TABLE t (a int);\nALTER TABLE t RENAME COLUMN a TO b;"],
  },
  {
    rule: "set-not-null",
    bad: "ALTER TABLE users ALTER COLUMN name SET NOT NULL;",
    good: [
      "ALTER TABLE users ADD CONSTRAINT name_nn CHECK (name IS NOT NULL) NOT VALID;\nALTER TABLE users VALIDATE CONSTRAINT name_nn;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;",
      "CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;",
    ],
  },
  {
    rule: "index-not-concurrent",
    bad: "CREATE INDEX users_name ON users (name);",
    good: [
      "CREATE INDEX CONCURRENTLY users_name ON users (name);",
      "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);",
      "-- tidemark:disable-next index-not-concurrent\nCREATE INDEX users_name ON users (name);",
    ],
  },
  {
    rule: "drop-index-not-concurrent",
    bad: "DROP INDEX users_name;",
    good: [
      "DROP INDEX CONCURRENTLY users_name;",
      "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);\nDROP INDEX t_a;",
    ],
  },
  {
    rule: "concurrently-in-transaction",
    bad: "BEGIN;\nCREATE INDEX CONCURRENTLY users_name ON users (name);\nCOMMIT;",
    good: ["CREATE INDEX CONCURRENTLY users_name ON users (name);"],
  },
  {
    rule: "foreign-key-not-valid",
    bad: "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id);",
    good: [
      "ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;",
      "CREATE TABLE o (user_id int REFERENCES users (id));",
    ],
  },
  {
    rule: "check-not-valid",
    bad: "ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age > 0);",
    good: ["ALTER TABLE users ADD CONSTRAINT age_ok CHECK (age > 0) NOT VALID;"],
  },
  {
    rule: "unique-using-index",
    bad: "ALTER TABLE users ADD CONSTRAINT email_u UNIQUE (email);",
    good: ["ALTER TABLE users ADD CONSTRAINT email_u UNIQUE USING INDEX users_email;"],
  },
  { rule: "vacuum-full", bad: "VACUUM FULL users;", good: ["VACUUM users;"] },
  {
    rule: "cluster",
    bad: "CLUSTER users USING users_pkey;",
    good: ["CREATE TABLE t (a int primary key);\nCLUSTER t USING t_pkey;"],
  },
  {
    rule: "lock-table",
    bad: "LOCK TABLE users IN ACCESS EXCLUSIVE MODE;",
    good: ["CREATE TABLE t (a int);\nLOCK TABLE t;"],
  },
  {
    rule: "update-without-where",
    bad: "UPDATE users SET active = true;",
    good: ["UPDATE users SET active = true WHERE id < 1000;"],
  },
  {
    rule: "delete-without-where",
    bad: "DELETE FROM users;",
    good: [
      "DELETE FROM users WHERE id = 1;",
      "-- tidemark:disable delete-without-where\nDELETE FROM users;",
    ],
  },
  {
    rule: "missing-down",
    bad: "SELECT 1;",
    badDown: null,
    good: ["-- tidemark:irreversible\nSELECT 1;"],
    down: null,
  },
  {
    rule: "down-does-not-undo",
    bad: "CREATE TABLE t (a int);",
    badDown: "SELECT 1;",
    good: ["CREATE TABLE t (a int);"],
    down: "DROP TABLE t;",
  },
  {
    rule: "enum-value-in-transaction",
    bad: "ALTER TYPE mood ADD VALUE 'meh';\nUPDATE users SET mood = 'meh' WHERE mood IS NULL;",
    good: ["ALTER TYPE mood ADD VALUE 'meh';"],
  },
  {
    rule: "lock-timeout-set-by-runner",
    bad: "SET lock_timeout = '10s';",
    good: ["SET statement_timeout = '10s';"],
  },
  {
    rule: "prefer-identity",
    bad: "CREATE TABLE t (id serial);",
    good: ["CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY);"],
    rules: { "prefer-identity": "warning" },
  },
  {
    rule: "prefer-timestamptz",
    bad: "CREATE TABLE t (at timestamp);",
    good: ["CREATE TABLE t (at timestamptz);"],
    rules: { "prefer-timestamptz": "warning" },
  },
  {
    rule: "prefer-text",
    bad: "CREATE TABLE t (name varchar(20));",
    good: ["CREATE TABLE t (name text);"],
    rules: { "prefer-text": "error" },
  },
];

describe("PostgreSQL lint rules", () => {
  for (const c of CASES) {
    test(`${c.rule}: triggers`, async () => {
      const findings = await lintText(
        m(c.bad, c.badDown === undefined ? (c.down ?? "SELECT 1;") : c.badDown),
        {
          rules: c.rules,
          earlier: c.earlier,
        },
      );
      const hit = findings.find((f) => f.rule === c.rule);
      assert.ok(
        hit,
        `${c.rule} not reported for:\n${c.bad}\n(got ${findings.map((f) => f.rule).join(", ")})`,
      );
      assert.ok(hit.line >= 2 && hit.column >= 1 && hit.why !== "" && hit.safe !== "");
    });
    c.good.forEach((good, i) => {
      test(`${c.rule}: not for safe variant ${i + 1}`, async () => {
        const ids = await ruleIds(m(good, c.down === undefined ? "SELECT 1;" : c.down), {
          rules: c.rules,
          earlier: c.earlier,
        });
        assert.ok(!ids.includes(c.rule), `${c.rule} reported for:\n${good}`);
      });
    });
  }

  test("every PostgreSQL rule has a fixture", () => {
    const covered = new Set(CASES.map((c) => c.rule));
    const pg = LINT_RULES.filter(
      (r) => r.syntaxes.includes("postgres") && r.id !== "transaction-in-wrapped-file",
    );
    assert.deepEqual(
      pg.map((r) => r.id).filter((id) => !covered.has(id)),
      [],
    );
  });

  test("opt-in rules are off unless the config turns them on", async () => {
    assert.deepEqual(
      await ruleIds(m("CREATE TABLE t (id serial, at timestamp, n varchar(3));", "DROP TABLE t;")),
      [],
    );
  });

  test("the config turns a rule off or changes its level", async () => {
    const off = await ruleIds(m("DROP TABLE users;"), { rules: { "drop-table": "off" } });
    assert.deepEqual(off, []);
    const [f] = await lintText(m("DROP TABLE users;"), { rules: { "drop-table": "warning" } });
    assert.equal(f?.level, "warning");
  });

  test("a finding points at the statement's file line and column", async () => {
    const [f] = await lintText(m("SELECT 1;\n   DROP TABLE users;"));
    assert.deepEqual(
      [f?.rule, f?.line, f?.column, f?.source],
      ["drop-table", 3, 4, "   DROP TABLE users;"],
    );
  });

  test("an unknown rule id in a directive is refused by name, with file:line", async () => {
    await assert.rejects(
      lintText(m("-- tidemark:disable-next drop-tabel\nDROP TABLE users;")),
      (err: Error) => {
        assert.match(
          err.message,
          /^9_target\.sql:2: unknown lint rule "drop-tabel" \(did you mean "drop-table"\?\)/,
        );
        return true;
      },
    );
  });

  test("disable-next applies to the next statement only", async () => {
    const findings = await lintText(
      m("-- tidemark:disable-next drop-table\nDROP TABLE a;\nDROP TABLE b;"),
    );
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line]),
      [["drop-table", 4]],
    );
  });
});
