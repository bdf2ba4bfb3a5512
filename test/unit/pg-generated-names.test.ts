import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  indexColumnPart,
  isPgGeneratedName,
  makeObjectName,
} from "../../src/dialects/postgres/pg-generated-names.js";

describe("PostgreSQL's invented names", () => {
  test("each kind's default name is recognised", () => {
    assert.equal(isPgGeneratedName("users_pkey", "users", "pkey", ["id"]), true);
    assert.equal(isPgGeneratedName("users_email_key", "users", "key", ["email"]), true);
    assert.equal(
      isPgGeneratedName("rooms_floor_size_key", "rooms", "key", ["floor", "size"]),
      true,
    );
    assert.equal(isPgGeneratedName("b_guest_id_fkey", "b", "fkey", ["guest_id"]), true);
    assert.equal(isPgGeneratedName("b_during_excl", "b", "excl", ["during"]), true);
    assert.equal(isPgGeneratedName("users_lower_idx", "users", "idx", ["lower"]), true);
    assert.equal(isPgGeneratedName("t_expr_expr1_idx", "t", "idx", [null, null]), true);
  });

  test("a check is named after its one column, or after the table alone", () => {
    assert.equal(isPgGeneratedName("items_price_check", "items", "check", ["price"]), true);
    assert.equal(isPgGeneratedName("items_check", "items", "check", ["low", "high"]), true);
    assert.equal(isPgGeneratedName("items_check", "items", "check", ["price"]), false);
  });

  test("the number added on a clash is recognised; other names are not", () => {
    assert.equal(isPgGeneratedName("users_email_key1", "users", "key", ["email"]), true);
    assert.equal(isPgGeneratedName("items_check12", "items", "check", []), true);
    assert.equal(isPgGeneratedName("users_email_key01", "users", "key", ["email"]), false);
    assert.equal(isPgGeneratedName("users_email_unique", "users", "key", ["email"]), false);
    assert.equal(isPgGeneratedName("pk_users", "users", "pkey", ["id"]), false);
    assert.equal(isPgGeneratedName("users_pkey", "accounts", "pkey", ["id"]), false);
  });

  test("long names are cut to 63 bytes, the longer part first, as the server does", () => {
    const table = "a".repeat(40);
    const column = "b".repeat(30);
    const name = makeObjectName(table, column, "key");
    // 63 - "_key" - "_" = 58 bytes for both parts: the table loses 12 first, then both alternate.
    assert.equal(name, `${"a".repeat(29)}_${"b".repeat(29)}_key`);
    assert.equal(Buffer.byteLength(name), 63);
    assert.equal(isPgGeneratedName(name, table, "key", [column]), true);
    // Cut on a character boundary: 59 bytes free hold 29 two-byte letters.
    assert.equal(makeObjectName("é".repeat(40), null, "key"), `${"é".repeat(29)}_key`);
  });

  test("index column parts are numbered when repeated", () => {
    assert.equal(indexColumnPart(["a", null, null, "a"]), "a_expr_expr1_a1");
  });
});
