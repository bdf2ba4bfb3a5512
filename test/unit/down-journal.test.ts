/**
 * The down journal as planned (no database): a failed down blocks `up` and a plain `down`,
 * `down --resume` continues from the statement done, problems say "down failed at statement k
 * of n"; and lines shown are the file's, or the stored down's said so.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { QueryError } from "../../src/core/errors.js";
import { nonTransactional } from "../../src/core/executor.js";
import type { AppliedRecord } from "../../src/core/history.js";
import type { LoadedMigration, MigrationInfo, SqlBody } from "../../src/core/migration.js";
import { parseTarget, planDown, planUp } from "../../src/core/planner.js";
import { analyze } from "../../src/core/state.js";
import { toMigrationError } from "../../src/core/step-errors.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { appliedRecord, migrationInfo, thrownTidemarkError } from "../helpers/migration-records.js";

/** A no-transaction file: its statements run one by one, so a down can stop part-way. */
const m = (version: string): MigrationInfo => migrationInfo(version, { transaction: "never" });

/** An applied row whose stored down has three statements. */
const r = (version: string, extra: Partial<AppliedRecord> = {}): AppliedRecord =>
  appliedRecord(version, {
    appliedBy: "t@h",
    rollbackSql: "DROP TABLE a;\nDROP TABLE b;\nDROP TABLE c;\n",
    ...extra,
  });

const failedDown = (extra: Partial<AppliedRecord> = {}) =>
  r("002", {
    status: "failed",
    direction: "down",
    statementsDone: 1,
    failedStatement: 1,
    statementsTotal: 3,
    errorMessage: "no such table: b",
    ...extra,
  });

const error = thrownTidemarkError;

describe("planner: a failed down", () => {
  const files = [m("001"), m("002"), m("003")];

  test("blocks up, with or without --resume, saying what to do", () => {
    const state = analyze(files, [r("001"), failedDown()]);
    for (const resume of [false, true]) {
      const e = error(() => planUp(state, { resume }));
      assert.equal(e.code, "E_FAILED_STATE");
      assert.equal(
        e.message,
        "002_m.sql: its down failed at statement 2 of 3 (statement 1 of it ran): no such table: b; nothing was applied",
      );
      assert.match(e.hint ?? "", /`tidemark down --resume` to continue the down from statement 2/);
      assert.match(e.hint ?? "", /`tidemark repair`/);
      assert.match(e.hint ?? "", /`tidemark stamp 001` to record it rolled back/);
    }
  });

  test("blocks a plain down, which would start over at statement 1", () => {
    const e = error(() => planDown(analyze(files, [r("001"), failedDown()])));
    assert.equal(e.code, "E_FAILED_STATE");
    assert.match(e.message, /nothing was rolled back$/);
  });

  test("down --resume continues it from the statement after the last one done", () => {
    const state = analyze(files, [r("001"), failedDown()]);
    const plan = planDown(state, undefined, { resume: true });
    assert.deepEqual(
      plan.steps.map((s) => [s.id, s.direction, s.resumeFrom]),
      [["002", "down", 1]],
    );
    const further = planDown(state, parseTarget("zero"), { resume: true });
    assert.deepEqual(
      further.steps.map((s) => [s.id, s.resumeFrom]),
      [
        ["002", 1],
        ["001", undefined],
      ],
    );
    const kept = error(() => planDown(state, parseTarget("002"), { resume: true }));
    assert.equal(kept.code, "E_TARGET");
  });

  test("an interrupted down (left running) resumes from its progress", () => {
    const state = analyze(files, [
      r("001"),
      failedDown({ status: "running", failedStatement: null, statementsDone: 2 }),
    ]);
    assert.equal(planDown(state, undefined, { resume: true }).steps[0]!.resumeFrom, 2);
    assert.match(
      state.problems[0]!.message,
      /^002_m\.sql: down is running since .*, 2 statements of 3 done .*`tidemark down --resume`/,
    );
  });

  test("down --resume with no failed down says so, and points a failed up to up --resume", () => {
    assert.match(
      error(() => planDown(analyze(files, [r("001")]), undefined, { resume: true })).message,
      /Nothing to resume: no down is failed/,
    );
    const upFailed = analyze(files, [
      r("001"),
      r("002", { status: "failed", failedStatement: 0, statementsTotal: 2 }),
    ]);
    assert.match(
      error(() => planDown(upFailed, undefined, { resume: true })).hint ?? "",
      /tidemark up --resume/,
    );
    // A failed up is still rolled back by a plain down (its down runs from the start).
    assert.deepEqual(
      planDown(upFailed).steps.map((s) => [s.id, s.resumeFrom]),
      [["002", undefined]],
    );
  });

  test("status problems carry kind failed and 'down failed at statement k of n'", () => {
    const state = analyze(files, [r("001"), failedDown()]);
    assert.deepEqual(state.problems, [
      {
        kind: "failed",
        version: "002",
        file: "002_m.sql",
        name: state.problems[0]!.name,
        at: state.problems[0]!.at,
        by: state.problems[0]!.by,
        message: "002_m.sql: down failed at statement 2 of 3: no such table: b",
      },
    ]);
    const up = analyze(files, [
      r("001", { status: "failed", failedStatement: 2, statementsTotal: 5, errorMessage: "x" }),
    ]);
    assert.equal(up.problems[0]!.message, "001_m.sql failed at statement 3 of 5: x");
  });
});

describe("lines shown are the file's", () => {
  const info = m("001");
  const step = {
    direction: "down" as const,
    id: "001",
    version: "001",
    name: "m",
    kind: "versioned" as const,
    info,
  };

  test("a no-transaction reason counts lines from the top of the file", async () => {
    const dialect = await resolveDialect("sqlite::memory:");
    const body: SqlBody = { kind: "sql", sql: "SELECT 1;\nVACUUM;\n", file: "001_m.sql", line: 20 };
    const loaded: LoadedMigration = {
      info: { ...info, transaction: "auto" },
      up: body,
      down: null,
    };
    assert.equal(
      await nonTransactional(loaded, body, dialect),
      "VACUUM cannot run inside a transaction (line 21)",
    );
    const stored = { ...body, stored: true };
    assert.equal(
      await nonTransactional({ ...loaded, up: stored }, stored, dialect),
      "VACUUM cannot run inside a transaction (stored down SQL, line 2)",
    );
  });

  test("an error in the stored down names the stored text's line, never as the file's", () => {
    const sql = "DROP TABLE a;\nDROP TABLE b;\n";
    const failure = new QueryError("no such table: b", { position: 14 });
    const fromFile = toMigrationError(
      failure,
      step,
      { kind: "sql", sql, file: "001_m.sql", line: 20 },
      0,
      "down",
    );
    assert.equal(fromFile.line, 21);
    assert.equal(fromFile.file, "001_m.sql");
    const stored = toMigrationError(
      failure,
      step,
      { kind: "sql", sql, file: "001_m.sql", line: 1, stored: true },
      0,
      "down",
    );
    assert.equal(stored.line, undefined);
    assert.equal(stored.file, "001_m.sql");
    assert.equal(stored.message, "stored down SQL, line 2, column 1: no such table: b");
    const gone = toMigrationError(
      failure,
      { ...step, info: undefined },
      { kind: "sql", sql, file: "001 (m)", line: 1, stored: true },
      0,
      "down",
    );
    assert.equal(gone.file, undefined);
    assert.equal(gone.message, "001 (m): stored down SQL, line 2, column 1: no such table: b");
  });
});
