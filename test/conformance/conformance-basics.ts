/** Conformance: connecting, parameters, scripts, error positions, splitting, quoting, closing. */
import assert from "node:assert/strict";
import { QueryError } from "../../src/core/errors.js";
import {
  type ConformanceCase,
  type ConformanceOptions,
  createValueTable,
  lineAt,
  queryError,
  rowCount,
  values,
} from "./harness.js";

const SPLIT_SCRIPT = `-- leading comment; with a semicolon
CREATE TABLE split_t (v TEXT);
/* block; comment */
INSERT INTO split_t VALUES ('a;b');

INSERT INTO split_t VALUES ('it''s; fine') -- trailing; comment
;
SELECT COUNT(*) FROM split_t`;

const DOLLAR_SCRIPT = `CREATE FUNCTION tm_one() RETURNS integer AS $$
BEGIN
  RETURN 1; -- a semicolon inside the body
END;
$$ LANGUAGE plpgsql;
SELECT tm_one();`;

/** Only for engines with `$$` bodies. */
const dollarCase: ConformanceCase = {
  name: "splitStatements keeps a $$ function body whole, and exec runs it",
  run: async ({ dialect, connect }) => {
    const statements = await dialect.splitStatements(DOLLAR_SCRIPT);
    assert.deepEqual(
      statements.map((s) => [s.line, s.offset]),
      [
        [1, 0],
        [6, DOLLAR_SCRIPT.indexOf("SELECT tm_one")],
      ],
    );
    assert.ok(statements[0]!.sql.endsWith("LANGUAGE plpgsql"));
    const conn = await connect();
    await conn.exec(DOLLAR_SCRIPT);
    assert.equal(Number((await conn.query("SELECT tm_one() AS n"))[0]!.n), 1);
  },
};

const commonCases: readonly ConformanceCase[] = [
  {
    name: "query binds string, number, null and Date parameters and reads them back",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      const { types } = dialect;
      const q = (c: string) => dialect.quoteIdent(c);
      const p = (i: number) => dialect.placeholder(i);
      await conn.exec(
        `CREATE TABLE ${dialect.tableRef("params")} (${q("s")} ${types.text}, ${q("n")} ${types.integer}, ${q("z")} ${types.text}, ${q("d")} ${types.timestamp})`,
      );
      const when = new Date("2024-05-06T07:08:09.000Z");
      const text = "it's é 😀; -- not a comment";
      const inserted = await conn.query(
        `INSERT INTO ${dialect.tableRef("params")} (${q("s")}, ${q("n")}, ${q("z")}, ${q("d")}) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)})`,
        [text, 42, null, when],
      );
      assert.deepEqual(inserted, []);
      const rows = await conn.query(
        `SELECT ${q("s")}, ${q("n")}, ${q("z")}, ${q("d")} FROM ${dialect.tableRef("params")} WHERE ${q("n")} = ${p(1)}`,
        [42],
      );
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.s, text);
      assert.equal(Number(rows[0]!.n), 42);
      assert.equal(rows[0]!.z, null);
      assert.equal(new Date(rows[0]!.d as string | Date).getTime(), when.getTime());
    },
  },

  {
    name: "currentUserSql names the database user without a host part (NULL without users)",
    run: async ({ dialect, connect }) => {
      const rows = await (await connect()).query(dialect.currentUserSql);
      assert.equal(rows.length, 1);
      const user = rows[0]!.user;
      if (user !== null) {
        assert.equal(typeof user, "string");
        assert.ok(String(user).length > 0);
        assert.doesNotMatch(String(user), /@/, "the core appends @host once");
      }
    },
  },

  {
    name: "exec runs a multi-statement script",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      const v = dialect.quoteIdent("v");
      await conn.exec(
        `CREATE TABLE ${dialect.tableRef("script")} (${v} ${dialect.types.key});\nINSERT INTO ${dialect.tableRef("script")} (${v}) VALUES ('one');\n-- a comment\nINSERT INTO ${dialect.tableRef("script")} (${v}) VALUES ('two;three');\n`,
      );
      assert.deepEqual(await values(conn, dialect, "script"), ["one", "two;three"]);
    },
  },

  {
    name: "a statement failing at run time in exec reports a position on its line",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "dup");
      const ref = dialect.tableRef("dup");
      const script = `INSERT INTO ${ref} VALUES ('a');\nINSERT INTO ${ref} VALUES ('b');\nINSERT INTO ${ref} VALUES ('a');\nINSERT INTO ${ref} VALUES ('c');`;
      const err = await queryError(conn.exec(script));
      assert.notEqual(err.position, undefined, "exec must say where the script failed");
      assert.equal(lineAt(script, err.position!), 3);
      assert.ok(
        !(await values(conn, dialect, "dup")).includes("c"),
        "nothing after the failure ran",
      );
    },
  },

  {
    name: "a syntax error in exec reports a position on its line",
    run: async ({ connect }) => {
      const conn = await connect();
      const script = "SELECT 1;\nSELEC 2;\nSELECT 3;";
      const err = await queryError(conn.exec(script));
      assert.ok(err.message.length > 0);
      assert.notEqual(err.position, undefined);
      assert.equal(lineAt(script, err.position!), 2);
    },
  },

  {
    name: "splitStatements honours comments and quoted semicolons, with offsets and lines",
    run: async ({ dialect, connect }) => {
      const statements = await dialect.splitStatements(SPLIT_SCRIPT);
      assert.deepEqual(
        statements.map((s) => s.line),
        [2, 4, 6, 8],
      );
      for (const s of statements) {
        assert.equal(
          SPLIT_SCRIPT.slice(s.offset, s.offset + s.sql.length),
          s.sql,
          "sql is the script's text at offset",
        );
        assert.ok(!s.sql.trimEnd().endsWith(";"), `no trailing semicolon: ${s.sql}`);
      }
      assert.match(statements[1]!.sql, /^INSERT INTO split_t VALUES \('a;b'\)$/);
      const conn = await connect();
      for (const s of statements) await conn.exec(s.sql);
      assert.equal(await rowCount(conn, dialect, "split_t"), 2);
    },
  },

  {
    name: "quoteIdent and tableRef make odd names usable, and the tracking types work",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      const { types } = dialect;
      const odd = 'tidemark "odd" table';
      const col = dialect.quoteIdent("select");
      await conn.exec(
        `CREATE TABLE ${dialect.tableRef(odd)} (${types.autoId}, ${col} ${types.key} NOT NULL, ${dialect.quoteIdent("n")} ${types.integer}, ${dialect.quoteIdent("at")} ${types.timestamp}, ${dialect.quoteIdent("body")} ${types.longText})`,
      );
      const insert = `INSERT INTO ${dialect.tableRef(odd)} (${col}, ${dialect.quoteIdent("body")}) VALUES (${dialect.placeholder(1)}, ${dialect.placeholder(2)})`;
      await conn.query(insert, ["first", "x".repeat(100_000)]);
      await conn.query(insert, ["second", null]);
      const rows = await conn.query(
        `SELECT ${dialect.quoteIdent("id")} AS ${dialect.quoteIdent("id")} FROM ${dialect.tableRef(odd)}`,
      );
      assert.equal(new Set(rows.map((r) => String(r.id))).size, 2, "autoId gives distinct ids");
    },
  },

  {
    name: "normalizeError wraps any error in a QueryError",
    run: async ({ dialect }) => {
      const err = dialect.normalizeError(new Error("boom"), "SELECT 1");
      assert.ok(err instanceof QueryError);
      assert.match(err.message, /boom/);
    },
  },

  {
    name: "close() twice does not throw, and a closed connection refuses queries",
    run: async ({ connect }) => {
      const conn = await connect();
      await conn.close();
      await conn.close();
      await assert.rejects(conn.query("SELECT 1"));
    },
  },
];

/** The cases of this group; the `$$` case only for engines that have such bodies. */
export function basicCases(options: ConformanceOptions): readonly ConformanceCase[] {
  return options.dollarQuotedBodies ? [...commonCases, dollarCase] : commonCases;
}
