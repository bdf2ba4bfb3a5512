import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { QueryError } from "../../src/core/errors.js";
import {
  codePointIndex,
  connectError,
  normalizePgError,
} from "../../src/dialects/postgres/pg-errors.js";

describe("codePointIndex", () => {
  test("maps PostgreSQL's 1-based character position to a 0-based string index", () => {
    assert.equal(codePointIndex("SELECT x", 8), 7);
    const sql = "SELECT '😀😀' || x";
    assert.equal(sql[codePointIndex(sql, 16)], "x");
  });
});

describe("normalizePgError", () => {
  const serverError = Object.assign(new Error('column "nope" does not exist'), {
    code: "42703",
    position: "11",
    detail: "some detail",
    hint: "some hint",
    where: "PL/pgSQL function f() line 3",
  });

  test("keeps SQLSTATE, detail, context and hint, and makes the position 0-based", () => {
    const err = normalizePgError(serverError, "SELECT 1, nope");
    assert.ok(err instanceof QueryError);
    assert.equal(err.code, "E_QUERY");
    assert.equal(err.message, 'column "nope" does not exist');
    assert.equal(err.sqlState, "42703");
    assert.equal(err.position, 10);
    assert.equal(err.sql, "SELECT 1, nope");
    assert.equal(err.detail, "some detail\nContext: PL/pgSQL function f() line 3");
    assert.equal(err.serverHint, "some hint");
    assert.equal(err.cause, serverError);
  });

  test("an error without a position has none, and a QueryError passes through", () => {
    const err = normalizePgError(new Error("boom"));
    assert.equal(err.position, undefined);
    assert.equal(err.sqlState, undefined);
    assert.equal(normalizePgError(err), err);
  });

  test("secrets are removed from every text", () => {
    const err = normalizePgError(
      Object.assign(new Error("bad s3cret"), { detail: "s3cret again" }),
      undefined,
      ["s3cret"],
    );
    assert.equal(err.message, "bad ***");
    assert.equal(err.detail, "*** again");
  });
});

describe("connectError", () => {
  test("names the redacted URL and the reason, with a hint that says what to do", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
    });
    const err = connectError(cause, "postgres://u:***@127.0.0.1:1/db", ["pw"]);
    assert.equal(err.code, "E_CONNECT");
    assert.equal(
      err.message,
      "Cannot connect to postgres://u:***@127.0.0.1:1/db: connect ECONNREFUSED 127.0.0.1:1",
    );
    assert.match(err.hint ?? "", /server running/);
  });

  test("an AggregateError (several addresses tried) lists its reasons", () => {
    const cause = new AggregateError(
      [new Error("connect ECONNREFUSED ::1:5"), new Error("connect ECONNREFUSED 127.0.0.1:5")],
      "",
    );
    assert.match(
      connectError(cause, "postgres://localhost:5/db", []).message,
      /::1:5; connect ECONNREFUSED 127/,
    );
  });

  test("authentication failures point at the credentials, TLS failures at sslmode", () => {
    assert.match(
      connectError(Object.assign(new Error("auth"), { code: "28P01" }), "u", []).hint ?? "",
      /password/,
    );
    assert.match(
      connectError(new Error("self-signed certificate in chain"), "u", []).hint ?? "",
      /sslmode/,
    );
  });
});
