/**
 * `verify` (SPEC §8): proves, in a throw-away database, that each migration's down undoes its
 * up. For each migration in order: snapshot, up, snapshot, down, compare with the first,
 * up again. Migrations are applied by a Migrator on the shadow (planner and executor as for
 * `up`); the schema is read by the dialect's introspector and compared by `compareSnapshots`.
 *
 * After a broken step the shadow is rebuilt (a fresh one, everything through that step
 * applied) so that the next migrations are checked from the schema their up expects.
 */
import { compareSnapshots, type SchemaDifference } from "../schema/compare.js";
import { openShadow, type Shadow } from "../schema/shadow.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
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
  snapshot(): Promise<SchemaSnapshot>;
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
    if (skipped > 0) await m.up({ step: skipped });
    let before = await m.snapshot();
    for (const [i, step] of checked.entries()) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const started = performance.now();
      const check = await checkStep(m, step, before, options.signal);
      if (check === "interrupted") {
        interrupted = true;
        break;
      }
      const result = {
        ...describe(step),
        ...check.result,
        durationMs: performance.now() - started,
      };
      results.push(result);
      host.events.emit("verify:step", { ...result, index: i, total: checked.length });
      if (result.outcome === "up-failed") break;
      before = check.after ?? before;
      if (check.rebuild) {
        // A fresh shadow with everything through this step applied, as its up left it.
        await m.close();
        await shadow.drop();
        shadow = await open();
        m = host.shadowMigrator(shadow.url);
        await m.up({ step: skipped + i + 1 });
      }
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
  /** The schema after this step's up: the next step's "before". */
  readonly after?: SchemaSnapshot;
  /** The shadow no longer holds the schema after this step's up. */
  readonly rebuild?: boolean;
}

/** Up, snapshot, down, snapshot and compare, up again: one migration. */
async function checkStep(
  m: ShadowMigrator,
  step: PlanStep,
  before: SchemaSnapshot,
  signal: AbortSignal | undefined,
): Promise<StepCheck | "interrupted"> {
  const up = await attempt(() => m.up({ step: 1, signal }));
  if (up === "interrupted") return up;
  if (up !== null) return { result: { outcome: "up-failed", error: up } };
  const after = await m.snapshot();
  if (step.kind === "repeatable") return { result: { outcome: "repeatable" }, after };
  if (step.info?.reversible === false) return { result: { outcome: "irreversible" }, after };
  const down = await attempt(() => m.down({ step: 1, signal }));
  if (down === "interrupted") return down;
  if (down !== null)
    return { result: { outcome: "down-failed", error: down }, after, rebuild: true };
  const comparison = compareSnapshots(before, await m.snapshot());
  const warnings = comparison.warnings.length > 0 ? { warnings: comparison.warnings } : {};
  if (!comparison.equal)
    return {
      result: { outcome: "broken", differences: comparison.differences, ...warnings },
      after,
      rebuild: true,
    };
  const again = await attempt(() => m.up({ step: 1, signal }));
  if (again === "interrupted") return again;
  if (again !== null)
    return { result: { outcome: "reapply-failed", error: again }, after, rebuild: true };
  return { result: { outcome: "ok", ...warnings }, after };
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
