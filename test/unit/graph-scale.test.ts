/** The graph and the state over long histories: linear paths give what the general ones give. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import { ancestorsOf, buildGraph } from "../../src/core/graph.js";
import type { AppliedRecord } from "../../src/core/history.js";
import { planUp } from "../../src/core/planner.js";
import { analyze } from "../../src/core/state.js";
import { appliedRecord, migrationInfo } from "../helpers/migration-records.js";

const info = (version: string, dependsOn: string[] | null = null) =>
  migrationInfo(version, { dependsOn });
const row = (version: string, status: AppliedRecord["status"] = "applied") =>
  appliedRecord(version, { status });

const v = (i: number) => String(i).padStart(6, "0");
const ids = (list: readonly { id: string }[]) => list.map((m) => m.id);

describe("buildGraph", () => {
  test("without depends: version order, each on the one before, one head, from any input order", () => {
    const files = [info("3"), info("10"), info("1"), info("2")];
    const graph = buildGraph(files);
    assert.deepEqual(ids(graph.ordered), ["1", "2", "3", "10"]);
    assert.deepEqual(ids(graph.heads), ["10"]);
    assert.deepEqual(graph.parents.get("1"), []);
    assert.deepEqual(graph.parents.get("10"), ["3"]);
    assert.deepEqual([...ancestorsOf(graph, "3")].sort(), ["1", "2", "3"]);
    assert.deepEqual(ids(files), ["3", "10", "1", "2"], "the input is not reordered");
  });

  test("with depends: dependencies first, ties by version; a cycle names its path", () => {
    const graph = buildGraph([info("1"), info("2", ["4"]), info("3"), info("4", ["1"])]);
    assert.deepEqual(ids(graph.ordered), ["1", "4", "2", "3"]);
    assert.deepEqual(ids(graph.heads), ["3"]);
    const err = (() => {
      try {
        buildGraph([info("1", ["3"]), info("2"), info("3", ["2"])]);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof TidemarkError);
    assert.equal(err.code, "E_DEPENDENCY");
    assert.match(err.message, /Dependency cycle: 1 → 3 → 2 → 1/);
  });

  test("ten thousand migrations: the same graph as the general path, in linear time", () => {
    const n = 10_000;
    const files = Array.from({ length: n }, (_, i) => info(v(i + 1)));
    const started = performance.now();
    const graph = buildGraph(files);
    const ms = performance.now() - started;
    assert.deepEqual(ids(graph.ordered), ids(files));
    assert.deepEqual(ids(graph.heads), [v(n)]);
    assert.deepEqual(graph.parents.get(v(n)), [v(n - 1)]);
    // The same chain declared explicitly takes the general (depth-first) path.
    const declared = files.map((m, i) => (i === 0 ? m : { ...m, dependsOn: [v(i)] }));
    assert.deepEqual(ids(buildGraph(declared.slice(0, 2000)).ordered), ids(files.slice(0, 2000)));
    // Generous: a quadratic step would take seconds here.
    assert.ok(ms < 1000, `buildGraph of ${n} took ${ms.toFixed(0)} ms`);
  });
});

describe("analyze over a long history", () => {
  test("rows in any order: applied in version order, failed apart, pending and current right", () => {
    const n = 5000;
    const files = Array.from({ length: n }, (_, i) => info(v(i + 1)));
    const rows = files.slice(0, n - 10).map((m) => row(m.id));
    rows[100] = row(v(101), "rolled_back");
    rows.reverse();
    const state = analyze(files, rows);
    assert.equal(state.applied.length, n - 11);
    assert.deepEqual(ids(state.applied.map((a) => a.record)).slice(0, 3), [v(1), v(2), v(3)]);
    assert.equal(state.current, v(n - 10));
    assert.deepEqual(ids(state.pending), [v(101), ...files.slice(n - 10).map((m) => m.id)]);
    assert.deepEqual(ids(state.outOfOrder), [v(101)]);
    assert.equal(state.failed.length, 0);
    assert.ok(state.applied.every((a) => a.info !== undefined && !a.stamped));
  });

  test("a failed row among them is in `failed`, not `applied`, and blocks up", () => {
    const files = [info("1"), info("2"), info("3")];
    const state = analyze(files, [row("3", "failed"), row("1"), row("2")]);
    assert.deepEqual(ids(state.applied.map((a) => a.record)), ["1", "2"]);
    assert.deepEqual(ids(state.failed.map((a) => a.record)), ["3"]);
    assert.throws(() => planUp(state), /failed/);
  });
});
