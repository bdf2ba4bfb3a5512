import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { QueryError } from "../../src/core/errors.js";
import { relationNames, splitPgStatements } from "../../src/dialects/postgres/pg-parser.js";

/** Asserts each statement is the script's own text at its offset, and returns [line, sql] pairs. */
async function split(script: string): Promise<Array<[number, string]>> {
  const statements = await splitPgStatements(script);
  for (const s of statements) {
    assert.equal(script.slice(s.offset, s.offset + s.sql.length), s.sql);
    assert.equal(script.slice(0, s.offset).split("\n").length, s.line);
  }
  return statements.map((s) => [s.line, s.sql]);
}

describe("splitPgStatements (libpg-query boundaries)", () => {
  test("cuts at semicolons outside strings, identifiers and comments", async () => {
    const script = `-- header; comment
CREATE TABLE "a;b" (v text DEFAULT 'x;y');
/* block ; comment
   over lines */ INSERT INTO "a;b" VALUES (E'it\\'s;');
SELECT 1`;
    assert.deepEqual(await split(script), [
      [2, `CREATE TABLE "a;b" (v text DEFAULT 'x;y')`],
      [4, `INSERT INTO "a;b" VALUES (E'it\\'s;')`],
      [5, "SELECT 1"],
    ]);
  });

  test("keeps $$ and $tag$ bodies, DO blocks and triggers whole", async () => {
    const script = `CREATE FUNCTION touch() RETURNS trigger AS $fn$
BEGIN
  NEW.updated_at := now(); -- inner ; semicolon
  RETURN NEW;
END;
$fn$ LANGUAGE plpgsql;

CREATE TRIGGER t BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
DO $$ BEGIN PERFORM 1; END $$;`;
    const statements = await split(script);
    assert.deepEqual(
      statements.map(([line]) => line),
      [1, 8, 9],
    );
    assert.match(statements[0]![1], /^CREATE FUNCTION[\s\S]*\$fn\$ LANGUAGE plpgsql$/);
    assert.equal(statements[2]![1], "DO $$ BEGIN PERFORM 1; END $$");
  });

  test("offsets are string offsets even after multi-byte characters", async () => {
    const script = "SELECT 'é😀ü';\nSELECT 'ß' AS \"ä\";\n  SELECT 3";
    assert.deepEqual(await split(script), [
      [1, "SELECT 'é😀ü'"],
      [2, `SELECT 'ß' AS "ä"`],
      [3, "SELECT 3"],
    ]);
  });

  test("empty statements and comment-only scripts give nothing", async () => {
    assert.deepEqual(await split(";;\n-- nothing here\n/* nor here */"), []);
    assert.deepEqual(await split(""), []);
    assert.deepEqual(await split("SELECT 1;;;\n;SELECT 2;"), [
      [1, "SELECT 1"],
      [2, "SELECT 2"],
    ]);
  });

  test("invalid SQL is refused with a QueryError pointing at the error", async () => {
    const script = "SELECT '😀';\nSELECT 'unterminated";
    const err = await splitPgStatements(script).then(
      () => assert.fail("parsed"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof QueryError);
    assert.equal(err.sqlState, "42601");
    assert.match(err.message, /unterminated quoted string/);
    assert.equal(script.slice(err.position!), "'unterminated");
  });
});

describe("relationNames", () => {
  test("finds every table a statement names, with its schema, once each", async () => {
    const names = await relationNames(
      "ALTER TABLE app.users ADD COLUMN x int; UPDATE orders o SET total = 0 FROM users u WHERE u.id = o.user_id",
    );
    assert.deepEqual(names, [
      { schema: "app", name: "users" },
      { schema: null, name: "orders" },
      { schema: null, name: "users" },
    ]);
  });

  test("refuses psql's COPY … FROM stdin with inline rows, pointing at the COPY", async () => {
    for (const script of [
      "CREATE TABLE t (a int, b text);\nCOPY t (a, b) FROM stdin;\n1\tfoo\n2\tbar\n\\.\n",
      "CREATE TABLE t (a int);\nCOPY t FROM STDIN WITH (FORMAT csv);\n\\.\n",
      "CREATE TABLE t (a int);\nCOPY public.t FROM stdin;",
    ]) {
      await assert.rejects(splitPgStatements(script), (err) => {
        assert.ok(err instanceof QueryError);
        assert.match(err.message, /COPY … FROM stdin/);
        assert.match(err.hint ?? "", /INSERT/);
        assert.equal(err.position, script.indexOf("COPY"));
        return true;
      });
    }
  });

  test("keeps COPY from a server file and COPY TO STDOUT, and a plain syntax error stays one", async () => {
    assert.equal((await split("COPY t FROM '/tmp/rows.csv';\nCOPY t TO STDOUT;")).length, 2);
    await assert.rejects(splitPgStatements("SELECT 1;\nSELEC 2;\n"), (err) => {
      assert.ok(err instanceof QueryError);
      assert.match(err.message, /syntax error/);
      return true;
    });
  });

  test("refuses psql meta-commands by name, pointing at them", async () => {
    for (const [script, command] of [
      ["SELECT 1;\n\\set x 1\nSELECT 2;", "\\set x 1"],
      ["SELECT 1;\n\\connect other\n", "\\connect other"],
      ["CREATE TABLE t (a int)\n\\gexec\n", "\\gexec"],
      ["\\i other.sql\n", "\\i other.sql"],
    ] as const) {
      await assert.rejects(splitPgStatements(script), (err) => {
        assert.ok(err instanceof QueryError);
        assert.equal(
          err.message,
          `\`${command}\` is a psql meta-command, not SQL; tidemark sends SQL only`,
        );
        assert.equal(err.position, script.indexOf("\\"));
        return true;
      });
    }
  });
});
