/**
 * generate on MariaDB: from an empty folder to tables, keys, checks, indexes, foreign keys, a
 * view, a function and a trigger, then one change at a time. Each generated migration is
 * proved by generate, applied to a real database (the change checked there), and the whole
 * folder passes `verify`; its downs empty the database again.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engineSkip } from "../helpers/databases.js";
import { generateSteps, replace, type SchemaStep } from "../helpers/generate-steps.js";
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

const value = async (url: string, sql: string) =>
  Object.values((await dialectQuery(url, sql))[0] ?? {})[0];

const CHANGES: readonly SchemaStep[] = [
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
  test(
    "empty folder → tables, keys, views, routines, triggers, then one change at a time; each passes verify",
    { skip },
    () =>
      generateSteps("mysql", BASE, CHANGES, async (url) => {
        const left = await value(
          url,
          "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME NOT LIKE 'tidemark%'",
        );
        assert.equal(Number(left), 0);
      }),
  );
});
