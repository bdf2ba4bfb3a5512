import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compareNames, dependencyOrder, mentions } from "../../src/schema/order.js";

describe("schema ordering", () => {
  test("names sort by code unit, the same on every locale", () => {
    assert.deepEqual(["b", "B", "a_b", "a", "ä"].sort(compareNames), ["B", "a", "a_b", "b", "ä"]);
  });

  test("an item comes after what it depends on; free items keep their input order", () => {
    const deps: Record<string, string[]> = { a: ["c"], b: [], c: ["d"], d: [], e: ["a", "b"] };
    const order = dependencyOrder(
      Object.keys(deps),
      (n) => n,
      (n) => deps[n]!,
    );
    assert.deepEqual(order, ["b", "d", "c", "a", "e"]);
  });

  test("unknown and self dependencies are ignored; a cycle keeps input order after the rest", () => {
    const deps: Record<string, string[]> = { x: ["y"], y: ["x"], z: ["missing", "z"] };
    assert.deepEqual(
      dependencyOrder(
        Object.keys(deps),
        (n) => n,
        (n) => deps[n]!,
      ),
      ["z", "x", "y"],
    );
  });

  test("mentions finds a qualified name bare or quoted, never a longer name", () => {
    assert.equal(mentions("SELECT * FROM app.users u", "app", "users"), true);
    assert.equal(mentions('FROM "My App"."Users"', "My App", "Users"), true);
    assert.equal(mentions('JOIN app."order" o', "app", "order"), true);
    assert.equal(mentions("FROM app.users_archive", "app", "users"), false);
    assert.equal(mentions("FROM myapp.users", "app", "users"), false);
    assert.equal(mentions("FROM users", "app", "users"), false);
    assert.equal(mentions("FROM app.Users", "app", "users"), false);
  });
});
