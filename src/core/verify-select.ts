/**
 * Which steps `verify` checks (`--from`, `--to`, one file) and how a failure is reported in
 * its result: the parts of verify that need no database.
 */
import { basename, relative, resolve } from "node:path";
import { MigrationError, TidemarkError } from "./errors.js";
import type { MigrationInfo, MigrationSource } from "./migration.js";
import type { PlanStep } from "./planner.js";
import { compareVersions } from "./version.js";

/** A failed run of a step, as verify reports it (plain data: it goes into JSON). */
export interface VerifyErrorInfo {
  readonly message: string;
  readonly code?: string;
  /** File relative to the migrations folder, line and column, when the error points into one. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly statement?: string;
}

/** The steps to check and how many to apply, unchecked, before them. */
export interface StepSelection {
  readonly before: number;
  readonly checked: readonly PlanStep[];
}

/**
 * From every step of a fresh database's plan, those to check: one file, or the range
 * `from`..`to` (by version; repeatables are checked with the last range). E_TARGET when
 * the file or range matches nothing.
 */
export function selectSteps(
  all: readonly PlanStep[],
  options: { readonly from?: string; readonly to?: string; readonly file?: string },
  dir: string,
): StepSelection {
  if (options.file !== undefined) {
    const i = all.findIndex(
      (s) => s.info !== undefined && sameFile(options.file!, s.info.file, dir),
    );
    if (i === -1)
      throw new TidemarkError("E_TARGET", `No migration file ${options.file} in ${dir}`, {
        hint: "Give the path of a migration file (as listed by `tidemark status`).",
      });
    return { before: i, checked: [all[i]!] };
  }
  const inRange = (s: PlanStep) =>
    s.version === null
      ? options.to === undefined
      : (options.from === undefined || compareVersions(s.version, options.from) >= 0) &&
        (options.to === undefined || compareVersions(s.version, options.to) <= 0);
  const first = all.findIndex(inRange);
  if (first === -1) {
    if (all.length === 0) return { before: 0, checked: [] };
    throw new TidemarkError(
      "E_TARGET",
      `No migration between ${options.from ?? "the first"} and ${options.to ?? "the last"}`,
      {
        hint: "Run `tidemark status` to see the versions.",
      },
    );
  }
  let end = first;
  while (end < all.length && inRange(all[end]!)) end++;
  return { before: first, checked: all.slice(first, end) };
}

/** `given` (as typed: relative to the working folder or to `dir`, or a base name) names `file`. */
function sameFile(given: string, file: string, dir: string): boolean {
  const norm = given.replaceAll("\\", "/").replace(/^\.\//, "");
  if (norm === file || (basename(norm) === norm && basename(file) === norm)) return true;
  return relative(resolve(dir), resolve(given)).replaceAll("\\", "/") === file;
}

/** What went wrong, as plain data with the file and line of the statement that failed. */
export function errorInfo(err: unknown): VerifyErrorInfo {
  if (!(err instanceof TidemarkError))
    return { message: err instanceof Error ? err.message : String(err) };
  return {
    message: err.message,
    code: err.code,
    ...(err.file === undefined ? {} : { file: err.file }),
    ...(err.line === undefined ? {} : { line: err.line }),
    ...(err.column === undefined ? {} : { column: err.column }),
    ...(err instanceof MigrationError && err.statement !== undefined
      ? { statement: err.statement }
      : {}),
  };
}

/**
 * A source that lists `these` and nothing else, without reading the folder again: the files do
 * not change during one verify or drift, which runs many plans over them.
 */
export function fixedSource(
  source: MigrationSource,
  these: readonly MigrationInfo[],
): MigrationSource {
  return { list: async () => these, load: (info) => source.load(info) };
}
