/** `--table`: `schema.name` on engines with schemas, refused on SQLite, odd names always quoted. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import type { Connection } from "../../src/dialects/dialect.js";
import { parseTableName } from "../../src/dialects/dialect.js";
import { lockName, type MysqlLock } from "../../src/dialects/mysql/mysql-lock.js";
import { resolveDialect } from "../../src/dialects/registry.js";

const configError = (message: RegExp) => (err: unknown) =>
  err instanceof TidemarkError && err.code === "E_CONFIG" && message.test(err.message);

describe("parseTableName", () => {
  test("a bare name has no schema; one dot splits schema and table", () => {
    assert.deepEqual(parseTableName("x", "schema", "PostgreSQL"), { schema: null, name: "x" });
    assert.deepEqual(parseTableName("app.x", "schema", "PostgreSQL"), { schema: "app", name: "x" });
  });

  test("empty parts and a second dot are refused", () => {
    for (const bad of ["", " ", ".x", "app.", "a.b.c"]) {
      assert.throws(
        () => parseTableName(bad, "schema", "PostgreSQL"),
        configError(/Tracking table/),
      );
    }
  });

  test("a dot is refused where the engine has no schemas", () => {
    assert.throws(
      () => parseTableName("app.x", null, "SQLite"),
      configError(/"app\.x": SQLite has no schemas/),
    );
  });
});

describe("tableRef quotes every part through the dialect", () => {
  test("PostgreSQL: app.x is schema app, table x; odd characters are quoted", async () => {
    const d = await resolveDialect("postgres://u@localhost/db");
    assert.equal(d.tableRef("app.x"), '"app"."x"');
    assert.equal(d.tableRef("app.x_log"), '"app"."x_log"');
    assert.equal(d.tableRef('a"b'), '"a""b"');
    assert.equal(d.tableRef("x;drop table t"), '"x;drop table t"');
  });

  test("PostgreSQL: a qualified table beats the URL's ?schema=", async () => {
    const d = await resolveDialect("postgres://u@localhost/db?schema=other");
    assert.equal(d.tableRef("x"), '"other"."x"');
    assert.equal(d.tableRef("app.x"), '"app"."x"');
  });

  test("MySQL: app.x is database app, table x; backticks are doubled", async () => {
    const d = await resolveDialect("mysql://u@localhost/db");
    assert.equal(d.tableRef("app.x"), "`app`.`x`");
    assert.equal(d.tableRef("a`b"), "`db`.`a``b`");
    assert.equal(d.tableRef("x;drop"), "`db`.`x;drop`");
  });

  test("MySQL: the lock of app.x is named after database app", async () => {
    const d = await resolveDialect("mysql://u@localhost/db");
    const lock = d.createLock!({} as Connection, "app.x") as MysqlLock;
    assert.equal(lock.name, lockName("app", "x"));
    assert.equal((d.createLock!({} as Connection, "x") as MysqlLock).name, lockName("db", "x"));
  });

  test("SQLite: a dot is refused; other characters are quoted", async () => {
    const d = await resolveDialect("sqlite::memory:");
    assert.throws(() => d.tableRef("app.x"), configError(/SQLite has no schemas/));
    assert.equal(d.tableRef('a"b'), '"a""b"');
    assert.equal(d.tableRef("x;drop"), '"x;drop"');
  });
});
