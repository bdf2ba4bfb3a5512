/** Pure parts of the change log (a file's leading comment) and of the confirmation gate. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { leadingComment } from "../../src/ops/changelog.js";
import { assertSamePlan, confirmChange, needsConfirmation } from "../../src/ops/confirmation.js";

const info = { file: "001_a.sql" };

describe("leadingComment", () => {
  test("the comment lines before the first statement, markers and directives left out", () => {
    const text =
      "-- Adds users,\n--   with their e-mail.\n-- migrate:up\n-- tidemark:no-transaction\n-- One more line.\nCREATE TABLE u (id int);\n-- not this\n-- migrate:down\nDROP TABLE u;\n";
    assert.equal(leadingComment(text, info), "Adds users,\n  with their e-mail.\nOne more line.");
  });

  test("block comments and code comments; none at all is null", () => {
    assert.equal(
      leadingComment("/**\n * Seeds the roles.\n */\nINSERT INTO r VALUES (1);", info),
      "Seeds the roles.",
    );
    assert.equal(leadingComment("/* One line. */\nSELECT 1;", info), "One line.");
    assert.equal(
      leadingComment("// Backfills names.\nexport async function up() {}", info),
      "Backfills names.",
    );
    assert.equal(leadingComment("-- migrate:up\nCREATE TABLE t (id int);", info), null);
    assert.equal(leadingComment("\uFEFF\n\nCREATE TABLE t (id int);", info), null);
  });
});

describe("the confirmation gate", () => {
  const url = "postgres://app:***@db/app";
  const request = { action: "up" as const, title: "Apply 1 migration", url, steps: [] };

  test("protected without confirm: E_CONFIRM; unprotected without confirm: goes ahead", async () => {
    const environment = { name: "production", protected: true };
    await assert.rejects(confirmChange({ environment }, request), { code: "E_CONFIRM" });
    await confirmChange({ environment: { name: "dev" } }, request);
    await confirmChange({}, { ...request, always: true });
    assert.equal(needsConfirmation({}, true), false);
    assert.equal(needsConfirmation({ confirm: async () => true }, true), true);
    assert.equal(needsConfirmation({ confirm: async () => true }, false), false);
  });

  test("the summary names what to type on a protected environment; a no is E_ABORTED", async () => {
    let typed: string | null | undefined;
    const confirm = async (s: { typeToConfirm: string | null }) => {
      typed = s.typeToConfirm;
      return false;
    };
    const environment = { name: "production", protected: true };
    await assert.rejects(confirmChange({ environment, confirm }, request), { code: "E_ABORTED" });
    assert.equal(typed, "production");
    await assert.rejects(confirmChange({ confirm }, { ...request, always: true }), {
      code: "E_ABORTED",
    });
    assert.equal(typed, null, "y/N where nothing is protected");
  });

  test("a plan that changed is refused", () => {
    assertSamePlan(["001", "002"], ["001", "002"]);
    assert.throws(() => assertSamePlan(["001", "002"], ["002"]), {
      code: "E_CONFIRM",
      message: /confirmed: 001, 002; now: 002/,
    });
    assert.throws(() => assertSamePlan([], ["001"]), { message: /confirmed: nothing/ });
  });
});
