import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import { parseTarget, planDown, planUp } from "../../src/core/planner.js";
import { analyze } from "../../src/core/state.js";
import {
  stepIds as ids,
  migrationInfo as m,
  appliedRecord as r,
  thrownTidemarkError,
} from "../helpers/migration-records.js";

const code = (fn: () => unknown): string => thrownTidemarkError(fn).code;

describe("planner: up", () => {
  const files = ["001", "002", "003", "004"].map((v) => m(v));

  test("head applies every pending migration in order", () => {
    assert.deepEqual(ids(planUp(analyze(files, [r("001")]))), ["002", "003", "004"]);
  });

  test("a version target, a prefix and +N", () => {
    const state = analyze(files, [r("001")]);
    assert.deepEqual(ids(planUp(state, { target: parseTarget("003") })), ["002", "003"]);
    assert.deepEqual(ids(planUp(state, { target: parseTarget("+1") })), ["002"]);
    const long = [m("20250101000000"), m("20250102000000")];
    assert.deepEqual(ids(planUp(analyze(long, []), { target: parseTarget("202501010") })), [
      "20250101000000",
    ]);
    assert.equal(
      code(() => planUp(analyze(long, []), { target: parseTarget("2025") })),
      "E_TARGET",
    );
    assert.equal(
      code(() => planUp(state, { target: parseTarget("999") })),
      "E_TARGET",
    );
    assert.equal(
      code(() => planUp(state, { target: parseTarget("zero") })),
      "E_TARGET",
    );
  });

  test("nothing pending is an empty plan, not an error", () => {
    assert.deepEqual(
      ids(
        planUp(
          analyze(
            files,
            files.map((f) => r(f.id)),
          ),
        ),
      ),
      [],
    );
  });

  test("20-digit versions differing in the last digit stay distinct and ordered", () => {
    const a = m("12345678901234567890");
    const b = m("12345678901234567891");
    assert.deepEqual(ids(planUp(analyze([b, a], [r(a.id)]))), [b.id]);
  });

  test("an all-zeros version is a version", () => {
    const zero = m("0000");
    assert.deepEqual(ids(planUp(analyze([zero, m("0001")], []))), ["0000", "0001"]);
  });

  test("out-of-order is refused unless allowed", () => {
    const state = analyze(files, [r("001"), r("003")]);
    assert.equal(
      code(() => planUp(state)),
      "E_ORDER",
    );
    const plan = planUp(state, { allowOutOfOrder: true });
    assert.deepEqual(ids(plan), ["002", "004"]);
    assert.equal(plan.steps[0]!.outOfOrder, true);
  });

  test("an edited applied file stops up", () => {
    assert.equal(
      code(() => planUp(analyze(files, [r("001", { checksum: "other" })]))),
      "E_CHECKSUM",
    );
  });

  test("a failed row blocks up; --resume continues from its statement", () => {
    const state = analyze(files, [
      r("001"),
      r("002", { status: "failed", statementsDone: 2, failedStatement: 2 }),
    ]);
    assert.equal(
      code(() => planUp(state)),
      "E_FAILED_STATE",
    );
    const plan = planUp(state, { resume: true });
    assert.deepEqual(ids(plan), ["002", "003", "004"]);
    assert.equal(plan.steps[0]!.resumeFrom, 2);
    assert.equal(
      code(() => planUp(analyze(files, []), { resume: true })),
      "E_FAILED_STATE",
    );
  });

  test("depends makes branches; both heads are applied; a cycle is refused", () => {
    const branched = [m("001"), m("002", { dependsOn: ["001"] }), m("003", { dependsOn: ["001"] })];
    const state = analyze(branched, []);
    assert.deepEqual(
      state.graph.heads.map((h) => h.id),
      ["002", "003"],
    );
    assert.ok(state.problems.some((p) => p.kind === "multiple_heads"));
    assert.deepEqual(ids(planUp(state, { target: parseTarget("003") })), ["001", "003"]);
    const cyclic = [m("001", { dependsOn: ["002"] }), m("002", { dependsOn: ["001"] })];
    assert.equal(
      code(() => analyze(cyclic, [])),
      "E_DEPENDENCY",
    );
    assert.equal(
      code(() => analyze([m("001", { dependsOn: ["007"] })], [])),
      "E_DEPENDENCY",
    );
  });

  test("a dependency declared on a later version orders it first", () => {
    const files2 = [m("001", { dependsOn: ["002"] }), m("002", { dependsOn: [] })];
    assert.deepEqual(ids(planUp(analyze(files2, []))), ["002", "001"]);
  });

  test("repeatables run after versioned ones when new or changed", () => {
    const rep = m("R__views", {
      id: "R__views",
      version: null,
      kind: "repeatable",
      checksum: "v2",
    });
    const state = analyze(
      [...files, rep],
      [...files.map((f) => r(f.id)), r("R__views", { kind: "repeatable", checksum: "v1" })],
    );
    assert.deepEqual(ids(planUp(state)), ["R__views"]);
    const same = analyze(
      [...files, rep],
      [r("001"), r("R__views", { kind: "repeatable", checksum: "v2" })],
    );
    assert.deepEqual(ids(planUp(same)), ["002", "003", "004"]);
  });
});

describe("planner: down", () => {
  const files = ["001", "002", "003"].map((v) => m(v));
  const applied = files.map((f) => r(f.id));

  test("one step by default, newest first", () => {
    assert.deepEqual(ids(planDown(analyze(files, applied))), ["003"]);
  });

  test("-N, a version (kept) and zero", () => {
    const state = analyze(files, applied);
    assert.deepEqual(ids(planDown(state, parseTarget("-2"))), ["003", "002"]);
    assert.deepEqual(ids(planDown(state, parseTarget("001"))), ["003", "002"]);
    assert.deepEqual(ids(planDown(state, parseTarget("zero"))), ["003", "002", "001"]);
    assert.equal(
      code(() => planDown(state, parseTarget("+1"))),
      "E_TARGET",
    );
  });

  test("an irreversible migration refuses the whole rollback up front", () => {
    const state = analyze(
      [m("001"), m("002", { reversible: false }), m("003")],
      [r("001"), r("002", { rollbackSql: null }), r("003")],
    );
    assert.deepEqual(ids(planDown(state, parseTarget("-1"))), ["003"]);
    assert.equal(
      code(() => planDown(state, parseTarget("zero"))),
      "E_IRREVERSIBLE",
    );
  });

  test("a deleted file still rolls back from the stored SQL", () => {
    const state = analyze([m("001")], [r("001"), r("002")]);
    const plan = planDown(state);
    assert.deepEqual(ids(plan), ["002"]);
    assert.equal(plan.steps[0]!.info, undefined);
    assert.ok(state.problems.some((p) => p.kind === "missing_file"));
  });

  test("a deleted code migration is refused, saying its down was not stored", () => {
    const state = analyze([m("001")], [r("001"), r("002", { format: "code", rollbackSql: null })]);
    assert.throws(
      () => planDown(state),
      (err: unknown) =>
        err instanceof TidemarkError &&
        err.code === "E_IRREVERSIBLE" &&
        /file is gone/.test(err.message) &&
        /code migration's down is not stored/.test(err.message),
    );
  });

  test("a failed migration can be rolled back", () => {
    const state = analyze(files, [r("001"), r("002", { status: "failed", statementsDone: 1 })]);
    assert.deepEqual(ids(planDown(state)), ["002"]);
  });
});

describe("targets", () => {
  test("parse", () => {
    assert.deepEqual(parseTarget("latest"), { kind: "head" });
    assert.deepEqual(parseTarget("base"), { kind: "zero" });
    assert.deepEqual(parseTarget("-3"), { kind: "relative", steps: -3 });
    assert.deepEqual(parseTarget("1.2"), { kind: "version", version: "1.2" });
    assert.equal(
      code(() => parseTarget("yesterday")),
      "E_TARGET",
    );
  });
});
