/**
 * Honest state (issue 8, SPEC §4–§6): what `status` reports for failed, running, stamped and
 * missing rows and for changed repeatables, and why an `up` plan is empty while migrations
 * are pending. Pure: files and rows in, state, report and plans out.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AppliedRecord } from "../../src/core/history.js";
import { folderDigest } from "../../src/core/noop-check.js";
import { parseTarget, planRedo, planUp } from "../../src/core/planner.js";
import { analyze } from "../../src/core/state.js";
import { allAppliedReport, toStatusReport } from "../../src/core/status.js";
import {
  appliedRecord,
  stepIds as ids,
  migrationInfo as m,
  thrownTidemarkError,
} from "../helpers/migration-records.js";

/** A tracking row as a deploy from CI writes it, with a fixed time. */
const r = (version: string, extra: Partial<AppliedRecord> = {}): AppliedRecord =>
  appliedRecord(version, {
    appliedAt: new Date("2025-03-04T05:06:07.000Z"),
    appliedBy: "deploy@ci-7",
    ...extra,
  });
const repeatable = (checksum: string) =>
  m("R__views", { id: "R__views", version: null, kind: "repeatable", name: "views", checksum });

const errorOf = thrownTidemarkError;

describe("status: every row of the tracking table shows", () => {
  const files = ["001", "002", "003"].map((v) => m(v));

  test("a failed row is a `failed` problem with its name, time and who; not applied, not pending", () => {
    const report = toStatusReport(
      analyze(files, [
        r("001", {
          status: "failed",
          statementsDone: 1,
          failedStatement: 1,
          errorMessage: 'no such table: "missing"',
        }),
      ]),
    );
    assert.equal(report.current, null);
    assert.deepEqual(report.applied, []);
    assert.deepEqual(
      report.pending.map((p) => p.version),
      ["002", "003"],
    );
    assert.deepEqual(report.problems, [
      {
        kind: "failed",
        version: "001",
        file: "001_m.sql",
        name: "m001",
        at: "2025-03-04T05:06:07.000Z",
        by: "deploy@ci-7",
        message: '001_m.sql failed at statement 2: no such table: "missing"',
      },
    ]);
  });

  test("a running row is a `running` problem: running since when, by whom", () => {
    const report = toStatusReport(
      analyze(files, [r("001"), r("002", { status: "running", statementsDone: 3 })]),
    );
    assert.equal(report.current, "001");
    const [problem, ...others] = report.problems;
    assert.deepEqual(others, []);
    assert.equal(problem!.kind, "running");
    assert.equal(problem!.version, "002");
    assert.match(
      problem!.message,
      /^002_m\.sql is running since 2025-03-04T05:06:07\.000Z, by deploy@ci-7, 3 statements done/,
    );
  });

  test("a failed row whose file is gone is named by version and name", () => {
    const report = toStatusReport(analyze([m("001")], [r("001"), r("002", { status: "failed" })]));
    assert.equal(report.problems[0]!.kind, "failed");
    assert.match(report.problems[0]!.message, /^002 \(m002\) failed/);
  });

  test("stamped rows are marked; rows that ran are not", () => {
    const state = analyze(files, [r("001", { executionMs: null }), r("002")], {
      stamped: new Set(["001"]),
    });
    assert.deepEqual(
      state.applied.map((a) => [a.record.id, a.stamped]),
      [
        ["001", true],
        ["002", false],
      ],
    );
    assert.deepEqual(
      toStatusReport(state).applied.map((a) => [a.version, a.stamped]),
      [
        ["001", true],
        ["002", false],
      ],
    );
    assert.ok(
      analyze(files, [r("001")]).applied.every((a) => !a.stamped),
      "none by default",
    );
  });

  test("a changed repeatable is listed once, as pending and changed; an unchanged one once, as applied", () => {
    const rows = [
      ...files.map((f) => r(f.id)),
      r("R__views", { kind: "repeatable", name: "views", checksum: "v1" }),
    ];
    const changed = toStatusReport(analyze([...files, repeatable("v2")], rows));
    assert.deepEqual(
      changed.applied.map((a) => a.version),
      ["001", "002", "003"],
    );
    assert.deepEqual(changed.pending, [{ version: "R__views", name: "views", changed: true }]);
    const same = toStatusReport(analyze([...files, repeatable("v1")], rows));
    assert.deepEqual(
      same.applied.map((a) => a.version),
      ["001", "002", "003", "R__views"],
    );
    assert.deepEqual(same.pending, []);
    const fresh = toStatusReport(analyze([...files, repeatable("v1")], rows.slice(0, 3)));
    assert.deepEqual(fresh.pending, [{ version: "R__views", name: "views" }]);
  });
});

describe("status of a history applied exactly as its files are (made from its rows alone)", () => {
  const sums: Record<string, string> = { "001": "s1", "002": "s2", "010": "s10", R__views: "sv" };
  const row = (
    id: string,
    kind: "versioned" | "repeatable" = "versioned",
    checksum = sums[id]!,
  ) => ({
    id,
    name: `name_${id}`,
    kind,
    checksum,
    appliedAt: "2025-03-04T05:06:07.000Z",
    executionMs: 5,
  });
  const ids = Object.keys(sums);
  const folder = { size: 4, digest: folderDigest({ ids, sums: ids.map((id) => sums[id]!) })! };
  const shown = (report: ReturnType<typeof allAppliedReport>) =>
    report?.applied.map((a) => `${a.version}:${a.checksum}:${a.stamped}`);

  test("rows in the folder's order or in any other, each with its checksum, in version order", () => {
    const stamped = new Set(["001"]);
    const inOrder = [row("001"), row("002"), row("010"), row("R__views", "repeatable")];
    const shuffled = [row("R__views", "repeatable"), row("010"), row("001"), row("002")];
    for (const rows of [inOrder, shuffled]) {
      const report = allAppliedReport(rows, stamped, folder);
      assert.deepEqual(shown(report), [
        "001:s1:true",
        "002:s2:false",
        "010:s10:false",
        "R__views:sv:false",
      ]);
      assert.equal(report?.current, "010");
      assert.deepEqual([report?.pending, report?.problems], [[], []]);
    }
  });

  test("rows that are not the ones digested make no report (the usual look runs)", () => {
    const rows = [row("001"), row("002"), row("010"), row("R__views", "repeatable")];
    // Another id, another checksum, a row fewer: changed since the digest.
    const other = [row("001"), row("002"), row("011", "versioned", "s10"), rows[3]!];
    assert.equal(allAppliedReport(other, undefined, folder), null);
    const edited = [row("001"), row("002", "versioned", "s2b"), rows[2]!, rows[3]!];
    assert.equal(allAppliedReport(edited, undefined, folder), null);
    assert.equal(allAppliedReport(rows.slice(0, 3), undefined, { ...folder, size: 3 }), null);
    // Matched one by one: no digest to hold them to.
    assert.equal(allAppliedReport(rows, undefined, { size: 4 }), null);
  });
});

describe("up on a database whose applied file was deleted", () => {
  test("plans the pending ones and carries a `missing_file` warning naming the version", () => {
    const state = analyze([m("001"), m("003")], [r("001"), r("002")]);
    assert.deepEqual(
      state.problems.map((p) => [p.kind, p.version]),
      [["missing_file", "002"]],
    );
    const plan = planUp(state);
    assert.deepEqual(ids(plan), ["003"]);
    assert.equal(plan.warnings?.length, 1);
    assert.match(plan.warnings![0]!.message, /^002 \(m002\) is applied but its file is gone/);
    assert.equal(planUp(analyze([m("001")], [r("001")])).warnings, undefined);
  });
});

describe("redo of a migration whose file is gone", () => {
  test("is refused by the planner before anything is rolled back", () => {
    const err = errorOf(() => planRedo(analyze([m("001")], [r("001"), r("002")])));
    assert.equal(err.code, "E_MISSING");
    assert.equal(err.version, "002");
    assert.match(
      err.message,
      /Cannot redo 002 \(m002\): its file is gone.*Nothing was rolled back/,
    );
  });

  test("plans the newest one's down when its file is there; nothing applied is an empty plan", () => {
    assert.deepEqual(ids(planRedo(analyze([m("001"), m("002")], [r("001"), r("002")]))), ["002"]);
    assert.deepEqual(ids(planRedo(analyze([m("001")], []))), []);
  });
});

describe("an empty up plan says why while migrations are pending", () => {
  const files = ["20250101", "20250102", "20250103", "20250104", "20250105", "20250106"].map((v) =>
    m(v),
  );
  const state = analyze(
    files,
    files.slice(0, 3).map((f) => r(f.id)),
  );

  test("--to an older applied version points at down", () => {
    const plan = planUp(state, { target: parseTarget("20250102") });
    assert.deepEqual(ids(plan), []);
    assert.equal(
      plan.note,
      "Nothing to apply: 20250102 is already applied (current 20250103); 3 migrations are pending — use `tidemark down --to 20250102` to go back",
    );
  });

  test("--to the current version points at up", () => {
    const plan = planUp(state, { target: parseTarget("20250103") });
    assert.deepEqual(ids(plan), []);
    assert.match(
      plan.note!,
      /^Nothing to apply: 20250103 is already applied \(it is the current version\); 3 migrations are pending/,
    );
  });

  test("+0 applies nothing and says how many are pending", () => {
    const plan = planUp(state, { target: parseTarget("+0") });
    assert.deepEqual(ids(plan), []);
    assert.equal(plan.note, "Nothing to apply: +0 asks for no migration; 3 migrations are pending");
  });

  test("no note when the plan has steps or nothing is pending", () => {
    assert.equal(planUp(state).note, undefined);
    assert.equal(planUp(state, { target: parseTarget("20250104") }).note, undefined);
    const done = analyze(
      files,
      files.map((f) => r(f.id)),
    );
    assert.equal(planUp(done, { target: parseTarget("20250102") }).note, undefined);
    assert.equal(planUp(done, { target: parseTarget("+0") }).note, undefined);
  });
});
