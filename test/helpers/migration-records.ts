/**
 * Plain data for the pure planner/state tests: a migration file's descriptor and a tracking
 * row, both keyed by version with everything else a fixed default that `extra` overrides.
 */
import assert from "node:assert/strict";
import { TidemarkError } from "../../src/core/errors.js";
import type { AppliedRecord } from "../../src/core/history.js";
import type { MigrationInfo } from "../../src/core/migration.js";

/** The descriptor of a versioned SQL file `<version>_m.sql` with checksum `sum<version>`. */
export function migrationInfo(version: string, extra: Partial<MigrationInfo> = {}): MigrationInfo {
  return {
    id: version,
    version,
    name: `m${version}`,
    kind: "versioned",
    file: `${version}_m.sql`,
    downFile: null,
    checksum: `sum${version}`,
    dependsOn: null,
    transaction: "auto",
    reversible: true,
    format: "sql",
    ...extra,
  };
}

/** An `applied` up row for `migrationInfo(version)`: same name and checksum. */
export function appliedRecord(version: string, extra: Partial<AppliedRecord> = {}): AppliedRecord {
  return {
    id: version,
    name: `m${version}`,
    kind: "versioned",
    format: "sql",
    checksum: `sum${version}`,
    status: "applied",
    appliedAt: new Date(0),
    executionMs: 1,
    appliedBy: "t",
    rollbackSql: "DROP TABLE x",
    errorMessage: null,
    toolVersion: "0",
    statementsDone: 0,
    failedStatement: null,
    direction: "up",
    statementsTotal: null,
    ...extra,
  };
}

/** The step ids of a plan, in order. */
export const stepIds = (plan: { steps: readonly { id: string }[] }): string[] =>
  plan.steps.map((s) => s.id);

/** The TidemarkError `fn` throws; fails the test when it returns or throws anything else. */
export function thrownTidemarkError(fn: () => unknown): TidemarkError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TidemarkError, String(err));
    return err;
  }
  assert.fail("expected an error");
}
