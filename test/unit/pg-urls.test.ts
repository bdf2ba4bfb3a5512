import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pgliteDataDir } from "../../src/dialects/pglite/pglite-dialect.js";
import { advisoryKey } from "../../src/dialects/postgres/pg-lock.js";
import { takeSchemaParam } from "../../src/dialects/postgres/pg-sql.js";
import { createDialect, withLibpqSslModes } from "../../src/dialects/postgres/postgres-dialect.js";
import { urlSecrets } from "../../src/dialects/url.js";

describe("takeSchemaParam", () => {
  test("removes schema and keeps every other parameter as written", () => {
    assert.deepEqual(
      takeSchemaParam("postgres://h/db?sslmode=require&schema=app&sslrootcert=%2Fa%20b"),
      {
        url: "postgres://h/db?sslmode=require&sslrootcert=%2Fa%20b",
        schema: "app",
      },
    );
    assert.deepEqual(takeSchemaParam("postgres://h/db?schema=My%20App"), {
      url: "postgres://h/db",
      schema: "My App",
    });
    assert.deepEqual(takeSchemaParam("postgres://h/db"), { url: "postgres://h/db", schema: null });
    assert.deepEqual(takeSchemaParam("pglite:./data?schema="), {
      url: "pglite:./data",
      schema: null,
    });
  });
});

describe("the postgres dialect's URL handling", () => {
  test("tableRef is schema-qualified with ?schema=, and plain without", () => {
    assert.equal(createDialect("postgres://h/db?schema=app").tableRef("tm"), '"app"."tm"');
    assert.equal(createDialect("postgres://h/db").tableRef('a"b'), '"a""b"');
  });

  test("displayUrl hides the password, and urlSecrets finds it however it is written", () => {
    assert.equal(createDialect("postgres://u:s3cret@h/db").displayUrl, "postgres://u:***@h/db");
    assert.deepEqual(urlSecrets("postgresql://u:p%40ss@h/db?password=other"), [
      "p%40ss",
      "p@ss",
      "other",
    ]);
    assert.deepEqual(urlSecrets("postgres://u@h/db"), []);
  });

  test("sslmode keeps its libpq meaning unless the URL chooses otherwise", () => {
    assert.equal(
      withLibpqSslModes("postgres://h/db?sslmode=require"),
      "postgres://h/db?sslmode=require&uselibpqcompat=true",
    );
    assert.equal(
      withLibpqSslModes("postgres://h/db?sslmode=require&uselibpqcompat=false"),
      "postgres://h/db?sslmode=require&uselibpqcompat=false",
    );
    assert.equal(withLibpqSslModes("postgres://h/db"), "postgres://h/db");
  });

  test("migrationSettings sets local lock and statement timeouts; 0 means no limit", () => {
    assert.deepEqual(
      createDialect("postgres://h/db").migrationSettings({
        lockTimeoutMs: 5000,
        statementTimeoutMs: 0,
      }),
      ["SET LOCAL lock_timeout = '5000ms'", "SET LOCAL statement_timeout = '0ms'"],
    );
  });
});

describe("pgliteDataDir", () => {
  test("a directory URL resolves to an absolute path; memory URLs to null", () => {
    assert.equal(pgliteDataDir("pglite:/var/data/pg"), "/var/data/pg");
    assert.equal(pgliteDataDir("pglite:///var/data/pg?schema=x"), "/var/data/pg");
    assert.ok(pgliteDataDir("pglite:./data")!.endsWith("/data"));
    assert.equal(pgliteDataDir("pglite:memory"), null);
    assert.equal(pgliteDataDir("pglite::memory:"), null);
    assert.equal(pgliteDataDir("pglite://memory"), null);
  });
});

describe("advisoryKey", () => {
  test("is a stable signed 64-bit key that differs per schema and table", () => {
    const key = advisoryKey("public", "tidemark_migrations");
    assert.equal(key, advisoryKey("public", "tidemark_migrations"));
    assert.ok(key >= -(2n ** 63n) && key < 2n ** 63n);
    assert.notEqual(key, advisoryKey("app", "tidemark_migrations"));
    assert.notEqual(key, advisoryKey("public", "other"));
  });
});
