import type { Connection, Dialect, MigrationLock } from "../dialects/dialect.js";
import { LockTimeoutError, TidemarkError } from "./errors.js";
import type { MigratorEvents } from "./events.js";
import { RowLock } from "./row-lock.js";

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
 * The migration lock of `table` on `conn`, as the dialect's capabilities say: its own session
 * lock (`lock: "session"`), or the core's lock row (`lock: "table-row"`). `holderName` is what
 * a row lock records as its holder (the session's application name).
 */
export function migrationLock(
  dialect: Dialect,
  conn: Connection,
  table: string,
  holderName: string,
): MigrationLock {
  if (dialect.capabilities.lock === "table-row")
    return new RowLock(dialect, conn, table, holderName);
  if (!dialect.createLock)
    throw new TidemarkError(
      "E_CONFIG",
      `The ${dialect.name} dialect declares a session lock but has no createLock`,
      { hint: 'Implement createLock in the dialect, or declare capabilities.lock: "table-row".' },
    );
  return dialect.createLock(conn, table);
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
