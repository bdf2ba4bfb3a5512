/** Shared assertions of the verify and drift tests: what verify found against what was planted. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createMigrator, type VerifyReport } from "../../src/index.js";
import { writeFiles } from "./cli.js";
import { tempDir } from "./databases.js";
import { type History, PLANT_OUTCOME } from "./history.js";

/** Writes `history` to a folder and runs `verify` on `url` (its server makes the shadow). */
export async function verifyHistory(
  url: string,
  history: History,
  options: {
    readonly file?: string;
    readonly signal?: AbortSignal;
    readonly shadowUrl?: string;
  } = {},
): Promise<VerifyReport> {
  const folder = tempDir();
  const dir = join(folder.path, "migrations");
  writeFiles(dir, history.files);
  const m = await createMigrator({ url, dir });
  try {
    return await m.verify(options);
  } finally {
    await m.close();
    folder.remove();
  }
}

/** Every planted version, and only those, fails with its plant's outcome; irreversible ones are listed. */
export function assertFindsPlanted(report: VerifyReport, history: History): void {
  const failing = report.results
    .filter((r) => r.outcome !== "ok" && r.outcome !== "irreversible")
    .map((r) => `${r.version} ${r.outcome}`);
  const expected = [...history.planted].map(([v, plant]) => `${v} ${PLANT_OUTCOME[plant]}`);
  assert.deepEqual(failing, expected.sort());
  assert.equal(report.failed, expected.length);
  assert.deepEqual(
    report.results.filter((r) => r.outcome === "irreversible").map((r) => r.version),
    history.irreversible,
  );
  assert.equal(report.results.length, Object.keys(history.files).length);
  for (const r of report.results.filter((x) => x.outcome === "down-failed")) {
    assert.equal(r.error?.file, r.file, `${r.version}: the error names its file`);
    assert.ok((r.error?.line ?? 0) > 1, `${r.version}: the error names its line`);
  }
}

/** The scratch database named in a report's shadow description, or null for an in-memory one. */
export function shadowName(report: { readonly shadow: string }): string | null {
  return /tidemark_shadow_[0-9a-f]+/.exec(report.shadow)?.[0] ?? null;
}
