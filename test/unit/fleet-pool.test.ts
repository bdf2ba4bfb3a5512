/**
 * The fan-out pool with fake work: the concurrency bound, canaries, stop/continue after a
 * failure, an aborted signal; plus the targets file, the config's `targets` and version skew.
 * No database.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkConfig } from "../../src/config/config.js";
import type { StatusReport } from "../../src/core/status.js";
import { type PoolOutcome, runPool } from "../../src/fleet/pool.js";
import { runFleet } from "../../src/fleet/run-fleet.js";
import { versionSkew } from "../../src/fleet/skew.js";
import { readTargetsFile, resolveTargets } from "../../src/fleet/targets.js";
import { tempDir } from "../helpers/databases.js";

/** Fake work that records how many items run at once; items in `failing` throw. */
function instrumented(failing: ReadonlySet<number> = new Set(), ms = 5) {
  let running = 0;
  const seen = { peak: 0, started: [] as number[] };
  const work = async (item: number) => {
    running++;
    seen.peak = Math.max(seen.peak, running);
    seen.started.push(item);
    await new Promise((r) => setTimeout(r, ms + (item % 3)));
    running--;
    if (failing.has(item)) throw new Error(`item ${item} failed`);
    return item * 10;
  };
  return { work, seen };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const statuses = (outcomes: readonly PoolOutcome<number>[]) => outcomes.map((o) => o.status);

describe("runPool", () => {
  test("never runs more than `concurrency` items at once, and runs every item once", async () => {
    const { work, seen } = instrumented();
    const outcomes = await runPool(range(25), work, { concurrency: 3 });
    assert.equal(seen.peak, 3);
    assert.deepEqual(
      [...seen.started].sort((a, b) => a - b),
      range(25),
    );
    assert.deepEqual(
      outcomes.map((o) => (o.status === "ok" ? o.value : null)),
      range(25).map((i) => i * 10),
    );
  });

  test("defaults to 4 at once; concurrency below 1 is refused", async () => {
    const { work, seen } = instrumented();
    await runPool(range(10), work);
    assert.equal(seen.peak, 4);
    await assert.rejects(runPool(range(3), work, { concurrency: 0 }), RangeError);
  });

  test("canaries run alone first; the rest start only after every canary settled", async () => {
    const order: string[] = [];
    await runPool(
      range(6),
      async (i) => {
        order.push(`start ${i}`);
        await new Promise((r) => setTimeout(r, i === 0 ? 30 : 2));
        order.push(`end ${i}`);
      },
      { concurrency: 4, canary: 2 },
    );
    const lastCanaryEnd = Math.max(order.indexOf("end 0"), order.indexOf("end 1"));
    for (const i of [2, 3, 4, 5]) assert.ok(order.indexOf(`start ${i}`) > lastCanaryEnd);
  });

  test("a failed canary stops the run: nothing else starts, even with onError continue", async () => {
    const { work, seen } = instrumented(new Set([1]));
    const outcomes = await runPool(range(8), work, {
      concurrency: 4,
      canary: 2,
      onError: "continue",
    });
    assert.deepEqual([...seen.started].sort(), [0, 1]);
    assert.deepEqual(statuses(outcomes), ["ok", "failed", ...Array(6).fill("skipped")]);
    assert.ok(
      outcomes.slice(2).every((o) => o.status === "skipped" && o.reason === "canary-failed"),
    );
  });

  test("onError stop: no new item starts after a failure; those in flight finish", async () => {
    const { work, seen } = instrumented(new Set([2]), 20);
    const outcomes = await runPool(range(12), work, { concurrency: 3, onError: "stop" });
    // Items 0, 1 and 2 start together; 2 fails. Items started before it failed still settle.
    const started = new Set(seen.started);
    assert.ok(started.size < 12, "items after the failure were not started");
    for (const [i, o] of outcomes.entries()) {
      assert.equal(o.status === "skipped", !started.has(i));
      if (o.status === "skipped") assert.equal(o.reason, "stopped");
    }
    assert.equal(outcomes[2]!.status, "failed");
    assert.equal(outcomes.filter((o) => o.status === "failed").length, 1);
  });

  test("onError continue: every item runs; each failure is its own", async () => {
    const { work } = instrumented(new Set([3, 7]));
    const outcomes = await runPool(range(10), work, { concurrency: 2, onError: "continue" });
    assert.deepEqual(
      statuses(outcomes),
      range(10).map((i) => (i === 3 || i === 7 ? "failed" : "ok")),
    );
    const failed = outcomes[3]!;
    assert.ok(failed.status === "failed" && /item 3 failed/.test(String(failed.error)));
  });

  test("an aborted signal starts nothing new; in-flight items finish; the rest are interrupted", async () => {
    const controller = new AbortController();
    const { work, seen } = instrumented(new Set(), 15);
    const settled: number[] = [];
    const outcomes = await runPool(
      range(10),
      async (i) => {
        if (i === 1) controller.abort();
        return work(i);
      },
      { concurrency: 2, signal: controller.signal },
      (i) => settled.push(i),
    );
    assert.deepEqual(statuses(outcomes).slice(0, 2), ["ok", "ok"]);
    assert.equal(seen.started.length, 2);
    assert.ok(outcomes.slice(2).every((o) => o.status === "skipped" && o.reason === "interrupted"));
    assert.equal(settled.length, 10, "onSettled is called for every item, skipped ones too");
  });

  test("no items: an empty result, no work", async () => {
    assert.deepEqual(await runPool([], async () => assert.fail("no work"), { canary: 3 }), []);
  });
});

describe("targets", () => {
  test("a targets file: one URL a line, # comments and blank lines skipped", () => {
    const dir = tempDir();
    try {
      const path = join(dir.path, "targets.txt");
      writeFileSync(
        path,
        "# tenants\nsqlite:./a.db\n\n  sqlite:./b.db   # second\r\npostgres://u:p@h/db#x\n",
      );
      // A `#` inside a URL (no white space before it) is not a comment.
      assert.deepEqual(readTargetsFile(path), [
        "sqlite:./a.db",
        "sqlite:./b.db",
        "postgres://u:p@h/db#x",
      ]);
      assert.throws(
        () => readTargetsFile(join(dir.path, "nope.txt")),
        /Cannot read the targets file/,
      );
    } finally {
      dir.remove();
    }
  });

  test("a list of URLs: each named by its URL with the password hidden; the same URL twice is refused", async () => {
    const targets = await resolveTargets(["postgres://u:s3cret@h/a", "sqlite:./b.db"], ".");
    assert.deepEqual(
      targets.map((t) => t.name),
      ["postgres://u:***@h/a", "sqlite:./b.db"],
    );
    await assert.rejects(resolveTargets(["sqlite:a.db", "sqlite:a.db"], "."), /listed twice/);
    await assert.rejects(
      resolveTargets([`postgres://u:${"$"}{NOPE}@h/a`], "."),
      /\$\{NOPE\}, which is not set/,
    );
  });

  test("schemasQuery needs an engine with schemas", async () => {
    await assert.rejects(
      resolveTargets({ url: "sqlite::memory:", schemasQuery: "SELECT 1" }, "."),
      /needs a database with schemas/,
    );
  });

  test("schema targets refuse a schema-qualified tracking table (one table for every tenant)", async () => {
    const targets = [{ name: "t1", schema: "t1", url: "postgres://h/db?schema=t1" }];
    await assert.rejects(
      runFleet(targets, async () => assert.fail("no work"), { migrator: { table: "app.history" } }),
      /names a schema: every tenant schema would share it/,
    );
  });

  test("the config's targets: three forms accepted, anything else named", () => {
    for (const targets of [
      ["sqlite:a.db"],
      { file: "targets.txt" },
      { url: "postgres://h/db", schemasQuery: "SELECT nspname FROM pg_namespace" },
    ])
      assert.deepEqual(checkConfig({ targets }, "c.json").targets, targets);
    for (const targets of [
      "sqlite:a.db",
      [1],
      { file: 1 },
      { url: "postgres://h/db" },
      { files: "x" },
    ])
      assert.throws(() => checkConfig({ targets }, "c.json"), /"targets" must be/);
  });
});

describe("versionSkew", () => {
  const report = (current: string | null, pending = 0, problems = 0): StatusReport => ({
    current,
    applied: [],
    pending: Array.from({ length: pending }, (_, i) => ({ version: `9${i}`, name: "p" })),
    problems: Array.from(
      { length: problems },
      () => ({ kind: "failed", message: "x", version: "1" }) as never,
    ),
  });

  test("groups targets by current version, newest first, never-migrated last, with pending and problem counts", () => {
    const groups = versionSkew([
      { target: "t1", report: report("002") },
      { target: "t2", report: report("010", 0) },
      { target: "t3", report: report("002", 1) },
      { target: "t4", report: report(null, 3) },
      { target: "t5", report: report("002", 0, 1) },
    ]);
    assert.deepEqual(groups, [
      { current: "010", targets: ["t2"], pending: 0, problems: 0 },
      { current: "002", targets: ["t1", "t3", "t5"], pending: 1, problems: 1 },
      { current: null, targets: ["t4"], pending: 1, problems: 0 },
    ]);
  });
});
