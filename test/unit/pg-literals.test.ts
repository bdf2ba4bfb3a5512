import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inlineParams, pgLiteral, quoteLiteral } from "../../src/dialects/postgres/pg-literals.js";

describe("pgLiteral", () => {
  test("every value becomes NULL or an untyped quoted literal, like an untyped parameter", () => {
    assert.equal(pgLiteral(null), "NULL");
    assert.equal(pgLiteral(undefined), "NULL");
    assert.equal(pgLiteral("it's"), "'it''s'");
    assert.equal(pgLiteral(42), "'42'");
    assert.equal(pgLiteral(-1.5), "'-1.5'");
    assert.equal(pgLiteral(12345678901234567890n), "'12345678901234567890'");
    assert.equal(pgLiteral(true), "'true'");
    assert.equal(pgLiteral(new Date("2026-01-02T03:04:05.678Z")), "'2026-01-02T03:04:05.678Z'");
    assert.equal(pgLiteral(Number.NaN), "'NaN'");
    assert.equal(pgLiteral({ a: "b" }), `'{"a":"b"}'`);
    assert.equal(pgLiteral(["a", null, ["b"]]), `'{"a",NULL,{"b"}}'`);
    assert.equal(pgLiteral(['q"']), String.raw`E'{"q\\""}'`);
    assert.equal(pgLiteral(new Uint8Array([0xde, 0xad])), "E'\\\\xdead'");
  });

  test("backslashes use the E'' form, which means the same whatever standard_conforming_strings says", () => {
    assert.equal(quoteLiteral("a\\b'c"), "E'a\\\\b''c'");
  });

  test("a NUL character is refused instead of truncating the query", () => {
    assert.throws(() => quoteLiteral("a\0b"), /NUL/);
  });
});

describe("inlineParams", () => {
  test("replaces $n placeholders, in any order and repeated", () => {
    assert.equal(
      inlineParams("UPDATE t SET a = $2, b = $1 WHERE c = $2", ["x", 5]),
      "UPDATE t SET a = '5', b = 'x' WHERE c = '5'",
    );
  });

  test("leaves $n inside strings, quoted identifiers, comments and identifiers alone", () => {
    const sql = `INSERT INTO "t$1" (a$1, "b") VALUES ($1, '$1', $2) -- $1\n/* $2 */`;
    assert.equal(
      inlineParams(sql, ["v", null]),
      `INSERT INTO "t$1" (a$1, "b") VALUES ('v', '$1', NULL) -- $1\n/* $2 */`,
    );
  });

  test("a value cannot break out of its literal", () => {
    const sql = inlineParams("INSERT INTO t VALUES ($1)", ["x'); DROP TABLE t; --"]);
    assert.equal(sql, "INSERT INTO t VALUES ('x''); DROP TABLE t; --')");
  });

  test("a placeholder without a parameter is an error", () => {
    assert.throws(() => inlineParams("SELECT $1, $2", ["a"]), /\$2 has no parameter/);
  });
});
