/**
 * generate on MariaDB: from an empty folder to tables, keys, checks, indexes, foreign keys, a
 * view, a function and a trigger, then one change at a time. Each generated migration is
 * proved by generate, applied to a real database (the change checked there), and the whole
 * folder passes `verify`; its downs empty the database again.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createMigrator, type GenerateOptions, type Migrator } from "../../src/index.js";
import { engineSkip, freshDatabase, tempDir } from "../helpers/databases.js";
import { dialectQuery } from "../helpers/sql.js";

const BASE = `CREATE TABLE teams (id int PRIMARY KEY, name varchar(40) NOT NULL UNIQUE) COMMENT='groups';
CREATE TABLE users (
  id int AUTO_INCREMENT PRIMARY KEY,
  email varchar(200) NOT NULL,
  team_id int,
  score int DEFAULT 0 CHECK (score >= 0),
  KEY users_email (email),
  CONSTRAINT users_team FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);
CREATE VIEW v_users AS SELECT id, email FROM users;
CREATE FUNCTION add1(x int) RETURNS int DETERMINISTIC RETURN x + 1;
CREATE TRIGGER users_bi BEFORE INSERT ON users FOR EACH ROW SET NEW.score = 0;
`;

interface Change {
  readonly name: string;
  readonly edit: (schema: string) => string;
  readonly expect: readonly RegExp[];
  readonly check: (url: string) => Promise<void>;
  readonly renames?: readonly { from: string; to: string }[];
}

const replace = (from: string, to: string) => (s: string) => {
  assert.ok(s.includes(from), `the schema holds ${from}`);
  return s.replace(from, to);
};
const value = async (url: string, sql: string) =>
  Object.values((await dialectQuery(url, sql))[0] ?? {})[0];

const CHANGES: readonly Change[] = [
  {
    name: "columns_and_index",
    edit: (s) =>
      `${replace("email varchar(200) NOT NULL,", "email varchar(320) NOT NULL, nick varchar(20) NOT NULL,")(s)}CREATE INDEX users_score ON users (score);\n`,
    expect: [
      /ADD COLUMN `nick` varchar\(20\) NULL;/,
      /-- TODO: fill users\.nick/,
      /MODIFY COLUMN `nick` varchar\(20\) NOT NULL;/,
      /MODIFY COLUMN `email` varchar\(320\) NOT NULL;/,
      /ADD KEY `users_score`/,
      /DROP COLUMN `nick`;/,
    ],
    check: async (url) =>
      assert.equal(
        await value(
          url,
          "SELECT IS_NULLABLE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'nick'",
        ),
        "NO",
      ),
  },
  {
    name: "function_body",
    edit: replace("RETURN x + 1", "RETURN x + 2"),
    expect: [
      /DROP FUNCTION `add1`;/,
      /DELIMITER ;;\nCREATE FUNCTION `add1`\(x int\)[\s\S]*RETURN x \+ 2;;\nDELIMITER ;/,
    ],
    check: async (url) => assert.equal(Number(await value(url, "SELECT add1(1)")), 3),
  },
  {
    name: "foreign_key_and_check",
    edit: (s) =>
      replace(
        ",\n  CONSTRAINT users_team FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE",
        "",
      )(replace("score int DEFAULT 0 CHECK (score >= 0),", "score int DEFAULT 1,")(s)),
    expect: [
      /DROP FOREIGN KEY `users_team`;/,
      /MODIFY COLUMN `score` int\(11\) NULL DEFAULT 1;/,
      /ADD CONSTRAINT `users_team` FOREIGN KEY/,
    ],
    check: async (url) =>
      assert.equal(
        Number(
          await value(
            url,
            "SELECT count(*) FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
          ),
        ),
        0,
      ),
  },
  {
    name: "view",
    edit: replace(
      "CREATE VIEW v_users AS SELECT id, email FROM users;",
      "CREATE VIEW v_users AS SELECT id, email, nick FROM users;",
    ),
    expect: [/DROP VIEW `v_users`;/, /CREATE VIEW `v_users` AS select .*`nick`/],
    check: async (url) =>
      assert.equal(
        Number(
          await value(
            url,
            "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'v_users'",
          ),
        ),
        3,
      ),
  },
  {
    name: "rename_and_drop_table",
    edit: (s) =>
      replace(
        "CREATE TABLE teams (id int PRIMARY KEY, name varchar(40) NOT NULL UNIQUE) COMMENT='groups';\n",
        "",
      )(s.replaceAll("nick", "handle")),
    renames: [{ from: "users.nick", to: "handle" }],
    expect: [
      /RENAME COLUMN `nick` TO `handle`;/,
      /-- warning: drops table teams and the data in it\nDROP TABLE `teams`;/,
      /RENAME COLUMN `handle` TO `nick`;/,
    ],
    check: async (url) =>
      assert.equal(
        Number(
          await value(
            url,
            "SELECT count(*) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME = 'handle'",
          ),
        ),
        2,
      ),
  },
];

describe("generate on MariaDB", async () => {
  const skip = await engineSkip("mysql");
  test("empty folder → tables, keys, views, routines, triggers, then one change at a time; each passes verify", {
    skip,
  }, async () => {
    const db = await freshDatabase("mysql");
    const folder = tempDir();
    const dir = join(folder.path, "migrations");
    const schemaFile = join(folder.path, "schema.sql");
    const withMigrator = async <T>(fn: (m: Migrator) => Promise<T>): Promise<T> => {
      const m = await createMigrator({ url: db.url, dir });
      try {
        return await fn(m);
      } finally {
        await m.close();
      }
    };
    const generate = (name: string, options: Omit<GenerateOptions, "schema"> = {}) =>
      withMigrator((m) => m.generate(name, { schema: schemaFile, ...options }));
    try {
      let schema = BASE;
      writeFileSync(schemaFile, schema);
      const first = await generate("init");
      assert.deepEqual(first.proof, { up: [], down: [] });
      await withMigrator((m) => m.up());
      assert.equal(Number(await value(db.url, "SELECT count(*) FROM users")), 0);
      for (const change of CHANGES) {
        schema = change.edit(schema);
        writeFileSync(schemaFile, schema);
        const report = await generate(change.name, { renames: change.renames });
        assert.deepEqual(report.proof, { up: [], down: [] }, change.name);
        const text = report.migrations
          .flatMap((m) => m.files.map((f) => readFileSync(f, "utf8")))
          .join("\n");
        for (const pattern of change.expect)
          assert.match(text, pattern, `${change.name}:\n${text}`);
        await withMigrator((m) => m.up());
        await change.check(db.url);
        assert.equal((await generate(change.name, { check: true })).upToDate, true, change.name);
      }
      const verified = await withMigrator((m) => m.verify());
      assert.equal(
        verified.failed,
        0,
        JSON.stringify(verified.results.filter((r) => r.outcome !== "ok")),
      );
      await withMigrator((m) => m.down({ to: "zero" }));
      const left = await value(
        db.url,
        "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'tidemark%'",
      );
      assert.equal(Number(left), 0);
    } finally {
      folder.remove();
      await db.drop();
    }
  });
});
