/** `down <version>` / `--name`: that migration and every one applied after it (pure planner). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { planHash } from "../../src/core/plan-hash.js";
import { planRollbackOf } from "../../src/core/planner.js";
import { analyze } from "../../src/core/state.js";
import {
  stepIds as ids,
  migrationInfo as m,
  appliedRecord as r,
  thrownTidemarkError,
} from "../helpers/migration-records.js";

const files = ["001", "002", "003", "004"].map((v) => m(v));
const code = (fn: () => unknown): string => thrownTidemarkError(fn).code;

describe("planner: rollback of one migration and those after it", () => {
  const state = analyze(files, [r("001"), r("002"), r("003")]);

  test("a version: it and every later applied one, newest first", () => {
    assert.deepEqual(ids(planRollbackOf(state, { version: "002" })), ["003", "002"]);
    assert.deepEqual(ids(planRollbackOf(state, { version: "003" })), ["003"]);
    assert.deepEqual(ids(planRollbackOf(state, { version: "001" })), ["003", "002", "001"]);
  });

  test("a unique prefix and a name name the same migration", () => {
    const long = analyze(
      [m("20250101000000"), m("20250102000000")],
      [r("20250101000000"), r("20250102000000")],
    );
    assert.deepEqual(ids(planRollbackOf(long, { version: "2025010200" })), ["20250102000000"]);
    const named = files.find((f) => f.id === "002")!.name;
    assert.deepEqual(ids(planRollbackOf(state, { name: named })), ["003", "002"]);
  });

  test("a version that is not applied, or unknown, or an unknown name is E_TARGET", () => {
    assert.equal(
      code(() => planRollbackOf(state, { version: "004" })),
      "E_TARGET",
    );
    assert.equal(
      code(() => planRollbackOf(state, { version: "999" })),
      "E_TARGET",
    );
    assert.equal(
      code(() => planRollbackOf(state, { name: "nope" })),
      "E_TARGET",
    );
  });
});

describe("planHash", () => {
  const step = (id: string, checksum: string | null) => ({
    direction: "up" as const,
    id,
    checksum,
  });

  test("the same steps give the same hash; order, direction and checksums change it", () => {
    const a = planHash([step("001", "x"), step("002", "y")]);
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(planHash([step("001", "x"), step("002", "y")]), a);
    assert.notEqual(planHash([step("002", "y"), step("001", "x")]), a);
    assert.notEqual(planHash([step("001", "x"), step("002", "z")]), a);
    assert.notEqual(planHash([step("001", "x")]), a);
    assert.notEqual(planHash([{ ...step("001", "x"), direction: "down" }, step("002", "y")]), a);
  });
});
