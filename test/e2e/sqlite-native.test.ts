/**
 * SQL as the sqlite3 shell reads it, run through the built CLI: the database must hold what the
 * shell would have stored, and what the shell accepts but the driver refuses says why.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { sqliteRows } from "../helpers/sql.js";

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

const query = (sql: string) => sqliteRows(join(dir.path, "tidemark.db"), sql);

describe("SQLite scripts as the sqlite3 shell reads them", () => {
  test("a trigger whose body ends a statement with CASE … END; is created whole and fires", async () => {
    writeFiles(join(dir.path, "migrations"), {
      "001_trigger.sql": `-- migrate:up
CREATE TABLE t (a INTEGER, sign TEXT);
CREATE TRIGGER t_sign AFTER INSERT ON t
BEGIN
  UPDATE t SET sign = CASE WHEN new.a >= 0 THEN 'pos' ELSE 'neg' END WHERE rowid = new.rowid;
END;
INSERT INTO t (a) VALUES (-2), (3);
-- migrate:down
DROP TABLE t;
`,
    });
    const r = await runCli(["up"], { cwd: dir.path });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(query("SELECT a, sign FROM t ORDER BY a"), [
      { a: -2, sign: "neg" },
      { a: 3, sign: "pos" },
    ]);
    const [trigger] = query("SELECT sql FROM sqlite_master WHERE name = 't_sign'");
    assert.match(String(trigger!.sql), /END WHERE rowid = new\.rowid;\nEND$/);
  });

  test("double-quoted text fails with a hint to use single quotes, and nothing is applied", async () => {
    writeFiles(join(dir.path, "migrations"), {
      "001_dq.sql":
        '-- migrate:up\nCREATE TABLE t (v TEXT);\nINSERT INTO t VALUES ("y");\n-- migrate:down\nDROP TABLE t;\n',
    });
    const r = await runCli(["up"], { cwd: dir.path });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /001_dq\.sql:3/);
    assert.match(r.stderr, /single quotes/);
    assert.deepEqual(query("SELECT name FROM sqlite_master WHERE name = 't'"), []);
  });

  test("a client command is refused at the file's line, by up and validate, and nothing is applied", async () => {
    writeFiles(join(dir.path, "migrations"), {
      "001_shell.sql":
        "-- migrate:up\nCREATE TABLE a (id INTEGER);\n.read more.sql\n-- migrate:down\n",
    });
    const r = await runCli(["up"], { cwd: dir.path });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.split("\n")[0],
      "error: 001_shell.sql:3: `.read more.sql` is a command of the sqlite3 shell, not SQL; tidemark sends SQL only",
    );
    const tableA = existsSync(join(dir.path, "tidemark.db"))
      ? query("SELECT name FROM sqlite_master WHERE name = 'a'")
      : [];
    assert.deepEqual(tableA, [], "nothing of the file was applied");
    writeFiles(join(dir.path, "migrations"), {
      "001_shell.sql": "-- migrate:up\nuse other\nCREATE TABLE a (id INT);\n-- migrate:down\n",
    });
    const v = await runCli(["validate", "--dialect", "mysql"], { cwd: dir.path });
    assert.equal(v.code, 1);
    assert.match(
      v.stdout,
      /invalid_sql: 001_shell\.sql:2: `use other` is a command of the mysql client/,
    );
  });
});
