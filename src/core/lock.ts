import type { MigrationLock } from "../dialects/dialect.js";
import { LockTimeoutError, TidemarkError } from "./errors.js";
import type { MigratorEvents } from "./events.js";

const POLL_MS = 200;

/** Sleeps `ms`, or less when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}

/**
 * Takes the migration lock, polling until `timeoutMs` runs out. Says once who holds it
 * (`lock:waiting`); throws LockTimeoutError naming the holder when time runs out.
 */
export async function acquireLock(
  lock: MigrationLock,
  options: {
    readonly timeoutMs: number;
    readonly signal?: AbortSignal;
    readonly events: MigratorEvents;
  },
): Promise<void> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  let told = false;
  for (;;) {
    if (await lock.tryAcquire()) {
      options.events.emit("lock:acquired", { waitedMs: Date.now() - started });
      return;
    }
    if (options.signal?.aborted) {
      throw new TidemarkError("E_ABORTED", "Interrupted while waiting for the migration lock");
    }
    if (!told) {
      options.events.emit("lock:waiting", {
        holder: await lock.holder(),
        timeoutMs: options.timeoutMs,
      });
      told = true;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const holder = (await lock.holder()) ?? undefined;
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      throw new LockTimeoutError(
        `Could not get the migration lock within ${seconds} s${holder ? `: held by ${holder}` : ": another run holds it"}`,
        holder,
        { hint: "Another deploy is applying migrations: wait for it, or raise --lock-wait." },
      );
    }
    await sleep(Math.min(POLL_MS, left), options.signal);
  }
}
