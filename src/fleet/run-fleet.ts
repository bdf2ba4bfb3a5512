/**
 * Runs one piece of work (an `up`, a `status`, …) on every target of a fan-out through the
 * bounded pool: each target gets its own migrator, opened when a worker takes it and closed
 * before that worker takes the next, so no more than `concurrency` sessions are ever open.
 * A failed target never hides the others' results; re-running continues where each stopped.
 * Schema targets refuse a schema-qualified tracking table: one table shared across tenants
 * would make their histories one.
 */

import { monotonicMs } from "../core/clock.js";
import { TidemarkError } from "../core/errors.js";
import { Migrator, type MigratorOptions } from "../core/migrator.js";
import { DirectorySource } from "../sources/directory-source.js";
import { type PoolOptions, type PoolOutcome, runPool, type SkipReason } from "./pool.js";
import type { FleetTarget } from "./targets.js";

/** The options of every target's migrator (all but its URL), and the pool's. */
export interface FleetOptions extends PoolOptions {
  readonly migrator?: Omit<MigratorOptions, "url" | "env" | "config">;
  /** Called as each target settles (or is skipped), for live progress. */
  readonly onTarget?: (entry: FleetEntry<unknown>) => void;
}

/** One target's result, as `runFleet` reports it. */
export type FleetEntry<R> = {
  /** The target's name (schema, or URL with its password hidden). */
  readonly target: string;
  /** Its position in the target list. */
  readonly index: number;
} & (
  | { readonly status: "ok"; readonly result: R; readonly durationMs: number }
  | { readonly status: "failed"; readonly error: unknown; readonly durationMs: number }
  | { readonly status: "skipped"; readonly reason: SkipReason }
);

/** Every target's entry, in target order, and the counts. */
export interface FleetReport<R> {
  readonly entries: readonly FleetEntry<R>[];
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  /** The signal was aborted: targets not started are skipped with reason `interrupted`. */
  readonly interrupted: boolean;
  readonly durationMs: number;
}

/**
 * Runs `work` on a migrator for each target, `concurrency` at a time (see {@link runPool} for
 * canary, onError and signal). The migrators share one migration source (the folder is listed
 * and hashed once, not once a target). A thrown error is that target's failure.
 */
export async function runFleet<R>(
  targets: readonly FleetTarget[],
  work: (migrator: Migrator, target: FleetTarget) => Promise<R>,
  options: FleetOptions = {},
): Promise<FleetReport<R>> {
  const started = monotonicMs();
  const base = options.migrator ?? {};
  if (base.table?.includes(".") && targets.some((t) => t.schema !== undefined))
    throw new TidemarkError(
      "E_CONFIG",
      `The tracking table ${base.table} names a schema: every tenant schema would share it`,
      { hint: "Give a bare table name: each schema keeps its own tracking tables inside it." },
    );
  const source = base.source ?? new DirectorySource(base.dir ?? "migrations");
  const outcomes = await runPool(
    targets,
    async (target) => {
      const migrator = new Migrator({ ...base, source, url: target.url });
      try {
        return await work(migrator, target);
      } finally {
        await migrator.close();
      }
    },
    options,
    (index, outcome) => options.onTarget?.(toEntry(targets[index]!, index, outcome)),
  );
  const entries = outcomes.map((outcome, i) => toEntry(targets[i]!, i, outcome));
  const count = (status: FleetEntry<R>["status"]) =>
    entries.filter((e) => e.status === status).length;
  return {
    entries,
    ok: count("ok"),
    failed: count("failed"),
    skipped: count("skipped"),
    interrupted: options.signal?.aborted === true,
    durationMs: monotonicMs() - started,
  };
}

function toEntry<R>(target: FleetTarget, index: number, outcome: PoolOutcome<R>): FleetEntry<R> {
  const head = { target: target.name, index };
  if (outcome.status === "ok")
    return { ...head, status: "ok", result: outcome.value, durationMs: outcome.durationMs };
  if (outcome.status === "failed")
    return { ...head, status: "failed", error: outcome.error, durationMs: outcome.durationMs };
  return { ...head, status: "skipped", reason: outcome.reason };
}
