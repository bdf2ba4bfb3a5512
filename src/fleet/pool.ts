/**
 * A bounded worker pool for fan-out (SPEC §12), with no I/O of its own: at most `concurrency`
 * items are worked on at once, each worker takes the next item only when its previous one has
 * settled. Canaries (the first N items) run before every other item; a failed canary stops the
 * run. After a failure, `onError: "stop"` starts nothing new (items in flight finish);
 * `"continue"` works on through every item. An aborted `signal` starts nothing new either.
 */
import { monotonicMs } from "../core/clock.js";

/** How a fan-out behaves; every field is optional. */
export interface PoolOptions {
  /** Items worked on at once (at least 1). Default 4. */
  readonly concurrency?: number;
  /** The first N items run alone first; if any of them fails, nothing else starts. Default 0. */
  readonly canary?: number;
  /** After a failure: start nothing new (`stop`, the default) or carry on (`continue`). */
  readonly onError?: "stop" | "continue";
  /** Aborted: start nothing new; items in flight finish. */
  readonly signal?: AbortSignal;
}

/** Why an item was not started. */
export type SkipReason = "canary-failed" | "stopped" | "interrupted";

/** What became of one item. */
export type PoolOutcome<R> =
  | { readonly status: "ok"; readonly value: R; readonly durationMs: number }
  | { readonly status: "failed"; readonly error: unknown; readonly durationMs: number }
  | { readonly status: "skipped"; readonly reason: SkipReason };

/** The default `concurrency`. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * Works on every item (in order of index, `concurrency` at a time) and returns each one's
 * outcome at its index. `onSettled` is called as each item settles (or is skipped), in the
 * order that happens. `work` throwing is a failed item, never a rejected pool.
 */
export async function runPool<T, R>(
  items: readonly T[],
  work: (item: T, index: number) => Promise<R>,
  options: PoolOptions = {},
  onSettled: (index: number, outcome: PoolOutcome<R>) => void = () => {},
): Promise<PoolOutcome<R>[]> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a whole number of at least 1, not ${concurrency}`);
  const canary = Math.min(items.length, Math.max(0, options.canary ?? 0));
  const outcomes: (PoolOutcome<R> | undefined)[] = new Array(items.length).fill(undefined);
  const settle = (index: number, outcome: PoolOutcome<R>) => {
    outcomes[index] = outcome;
    onSettled(index, outcome);
  };
  const indexes = items.map((_, i) => i);
  const phase = (from: number, to: number, stopOnFailure: boolean) =>
    runPhase(indexes.slice(from, to), concurrency, stopOnFailure, options.signal, (i) =>
      timed(() => work(items[i]!, i)).then((outcome) => {
        settle(i, outcome);
        return outcome.status === "ok";
      }),
    );
  let stopped: SkipReason | null = null;
  if (canary > 0 && (await phase(0, canary, true))) stopped = "canary-failed";
  if (stopped === null && (await phase(canary, items.length, options.onError !== "continue")))
    stopped = "stopped";
  for (const i of indexes) {
    if (outcomes[i] !== undefined) continue;
    const reason = options.signal?.aborted ? "interrupted" : (stopped ?? "stopped");
    settle(i, { status: "skipped", reason });
  }
  return outcomes as PoolOutcome<R>[];
}

/**
 * Runs `one` over `indexes` with `limit` workers; true when a failure stopped it (only when
 * `stopOnFailure`). Each worker waits for its item before it takes the next.
 */
async function runPhase(
  indexes: readonly number[],
  limit: number,
  stopOnFailure: boolean,
  signal: AbortSignal | undefined,
  one: (index: number) => Promise<boolean>,
): Promise<boolean> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < indexes.length && !(failed && stopOnFailure) && !signal?.aborted) {
      const ok = await one(indexes[next++]!);
      if (!ok) failed = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, indexes.length) }, worker));
  return failed && stopOnFailure;
}

async function timed<R>(fn: () => Promise<R>): Promise<PoolOutcome<R>> {
  const started = monotonicMs();
  try {
    const value = await fn();
    return { status: "ok", value, durationMs: monotonicMs() - started };
  } catch (error) {
    return { status: "failed", error, durationMs: monotonicMs() - started };
  }
}
