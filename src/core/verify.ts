/**
 * `verify` (SPEC §8): proves, in a throw-away database, that each migration's down undoes its
 * up. For each migration in order: up, down, compare with the schema before the up, up again.
 * Migrations are applied by a Migrator on the shadow (planner and executor as for `up`, its
 * lock taken once); the schema is read by the dialect's introspector and compared by
 * `compareSnapshots`. On PostgreSQL and PGlite the up and down are first tried in one
 * transaction: catalogs row for row as before the up prove the down without reading the schema
 * (see checkStep).
 *
 * After a broken step the shadow is rebuilt (a fresh one, everything through that step
 * applied) so that the next migrations are checked from the schema their up expects.
 */
import { compareSnapshots, type SchemaDifference } from "../schema/compare.js";
import { openShadow, type Shadow } from "../schema/shadow.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { monotonicMs } from "./clock.js";
import type { MigratorEvents } from "./events.js";
import type { RunReport } from "./executor.js";
import type { MigrationSource } from "./migration.js";
import type { Plan, PlanStep } from "./planner.js";
import { errorInfo, selectSteps, type VerifyErrorInfo } from "./verify-select.js";

export type { VerifyErrorInfo } from "./verify-select.js";

export interface VerifyOptions {
  /** First version to check (those before it are applied unchecked). */
  readonly from?: string;
  /** Last version to check. */
  readonly to?: string;
  /** Check only this file (path as given, relative to the folder, or its base name). */
  readonly file?: string;
  /** Server (or `pglite:memory`, `sqlite::memory:`) to make the throw-away database on. */
  readonly shadowUrl?: string;
  /** Stops after the migration in flight; the shadow is dropped all the same. */
  readonly signal?: AbortSignal;
}

/**
 * What happened to one migration. `broken`: the down ran but the schema differs from before
 * the up; `down-failed`, `up-failed`, `reapply-failed`: that run raised `error`;
 * `irreversible`: no down to check; `repeatable`: applied, not checked (it has no down).
 */
export type VerifyOutcome =
  | "ok"
  | "broken"
  | "down-failed"
  | "up-failed"
  | "reapply-failed"
  | "irreversible"
  | "repeatable";

export interface VerifyStepResult {
  readonly id: string;
  readonly version: string | null;
  readonly name: string;
  readonly file: string;
  readonly outcome: VerifyOutcome;
  readonly durationMs: number;
  /** For `broken`: `extra` = left behind by the down, `missing` = removed, `changed` = not restored. */
  readonly differences?: readonly SchemaDifference[];
  readonly warnings?: readonly string[];
  readonly error?: VerifyErrorInfo;
}

export interface VerifyReport {
  /** The throw-away database, as it may be shown (dropped by the time this is returned). */
  readonly shadow: string;
  /** Set when the shadow is not what was asked for (e.g. PGlite because CREATE DATABASE was refused). */
  readonly note?: string;
  readonly results: readonly VerifyStepResult[];
  /** Results that fail the proof: broken, down-failed, up-failed, reapply-failed. */
  readonly failed: number;
  /** Stopped by the signal before every migration was checked. */
  readonly interrupted: boolean;
}

/** The Migrator calls verify makes on a shadow database (structural, to keep core acyclic). */
export interface ShadowMigrator {
  up(options: { readonly step?: number; readonly signal?: AbortSignal }): Promise<RunReport>;
  down(options: { readonly step?: number; readonly signal?: AbortSignal }): Promise<RunReport>;
  plan(direction: "up"): Promise<Plan>;
  schema(): Promise<SchemaSnapshot>;
  /** Runs `fn` in one transaction its up/down calls join; kept only when the catalogs end as they began. */
  trial(fn: () => Promise<boolean>): Promise<boolean>;
  /** Runs `fn` holding the shadow's migration lock (its up/down calls take it no more). */
  holding<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}

/** What verify needs from the live migrator. */
export interface VerifyHost {
  readonly url: string;
  readonly dir: string;
  readonly source: MigrationSource;
  readonly events: MigratorEvents;
  readonly applicationName: string;
  /** A migrator on `url` over the same files and tracking table. */
  shadowMigrator(url: string): ShadowMigrator;
}

const FAILING: ReadonlySet<VerifyOutcome> = new Set([
  "broken",
  "down-failed",
  "up-failed",
  "reapply-failed",
]);

/** Runs the proof; see the module comment. The shadow is dropped in every case. */
export async function verifyMigrations(
  host: VerifyHost,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const open = () =>
    openShadow(host.url, { shadowUrl: options.shadowUrl, applicationName: host.applicationName });
  let shadow: Shadow = await open();
  const first = shadow;
  let m = host.shadowMigrator(shadow.url);
  const results: VerifyStepResult[] = [];
  let interrupted = false;
  try {
    const all = (await m.plan("up")).steps;
    const { before: skipped, checked } = selectSteps(all, options, host.dir);
    let start = 0;
    // One shadow per stretch: a broken step ends it, and the next starts on a fresh one with
    // everything through that step applied, as its up left it. Nobody else knows the shadow:
    // its lock is taken once per stretch, not for each of the three runs of each step.
    while (start < checked.length) {
      const stop = await m.holding(async () => {
        if (skipped + start > 0) await m.up({ step: skipped + start });
        for (let i = start; i < checked.length; i++) {
          const step = checked[i]!;
          if (options.signal?.aborted) return "interrupted";
          const started = monotonicMs();
          const check = await checkStep(m, step, options.signal);
          if (check === "interrupted") return check;
          const result = {
            ...describe(step),
            ...check.result,
            durationMs: monotonicMs() - started,
          };
          results.push(result);
          host.events.emit("verify:step", { ...result, index: i, total: checked.length });
          if (result.outcome === "up-failed") return "done";
          if (check.rebuild && i < checked.length - 1) return i + 1;
        }
        return "done";
      }, options.signal);
      if (stop === "interrupted") interrupted = true;
      if (typeof stop !== "number") break;
      await m.close();
      await shadow.drop();
      shadow = await open();
      m = host.shadowMigrator(shadow.url);
      start = stop;
    }
  } finally {
    await m.close().catch(() => undefined);
    await shadow.drop();
  }
  return {
    shadow: first.description,
    ...(first.note === undefined ? {} : { note: first.note }),
    results,
    failed: results.filter((r) => FAILING.has(r.outcome)).length,
    interrupted,
  };
}

interface StepCheck {
  readonly result: Pick<VerifyStepResult, "outcome" | "differences" | "warnings" | "error">;
  /** The shadow no longer holds the schema after this step's up. */
  readonly rebuild?: boolean;
}

/**
 * One migration: up, down, compare with the schema before the up, up again. Up and down are
 * first tried in one transaction (Migrator.trial): kept when the catalogs then hold exactly the
 * rows they held before — the down is proven, only the second up remains. Otherwise (they
 * changed, anything failed, or the engine cannot tell) the trial left nothing behind and the
 * step runs run by run, each committed, the snapshots compared — every outcome and error as
 * it always was.
 */
async function checkStep(
  m: ShadowMigrator,
  step: PlanStep,
  signal: AbortSignal | undefined,
): Promise<StepCheck | "interrupted"> {
  if (signal?.aborted) return "interrupted";
  const checksDown = step.kind !== "repeatable" && step.info?.reversible !== false;
  if (checksDown && (await tryDown(m, signal))) return again(m, {}, signal);
  const before = await m.schema();
  const up = await attempt(() => m.up({ step: 1, signal }));
  if (up === "interrupted") return up;
  if (up !== null) return { result: { outcome: "up-failed", error: up } };
  if (step.kind === "repeatable") return { result: { outcome: "repeatable" } };
  if (step.info?.reversible === false) return { result: { outcome: "irreversible" } };
  const down = await attempt(() => m.down({ step: 1, signal }));
  if (down === "interrupted") return down;
  if (down !== null) return { result: { outcome: "down-failed", error: down }, rebuild: true };
  const comparison = compareSnapshots(before, await m.schema());
  const warnings = comparison.warnings.length > 0 ? { warnings: comparison.warnings } : {};
  if (!comparison.equal)
    return {
      result: { outcome: "broken", differences: comparison.differences, ...warnings },
      rebuild: true,
    };
  return again(m, warnings, signal);
}

/** Up and down in a trial transaction, kept when they left the catalogs as they were. */
function tryDown(m: ShadowMigrator, signal: AbortSignal | undefined): Promise<boolean> {
  return m.trial(
    async () =>
      (await attempt(() => m.up({ step: 1, signal }))) === null &&
      (await attempt(() => m.down({ step: 1, signal }))) === null,
  );
}

/** The up again after a down that undid it. */
async function again(
  m: ShadowMigrator,
  warnings: Pick<VerifyStepResult, "warnings">,
  signal: AbortSignal | undefined,
): Promise<StepCheck | "interrupted"> {
  const up = await attempt(() => m.up({ step: 1, signal }));
  if (up === "interrupted") return up;
  if (up !== null) return { result: { outcome: "reapply-failed", error: up }, rebuild: true };
  return { result: { outcome: "ok", ...warnings } };
}

/**
 * Runs one step up or down: null when it ran, what went wrong when it threw, `interrupted`
 * when the signal stopped it before it ran (the step then neither ran nor failed).
 */
async function attempt(
  fn: () => Promise<RunReport>,
): Promise<VerifyErrorInfo | "interrupted" | null> {
  try {
    const report = await fn();
    return report.steps.length === 0 ? "interrupted" : null;
  } catch (err) {
    return errorInfo(err);
  }
}

function describe(step: PlanStep): Pick<VerifyStepResult, "id" | "version" | "name" | "file"> {
  return { id: step.id, version: step.version, name: step.name, file: step.info?.file ?? "" };
}
