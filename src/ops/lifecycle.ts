/**
 * The database's own lifecycle (dbmate's `create`, `drop`, `wait`), over the dialect's optional
 * `createDatabase`, `dropDatabase` and `ping`: what an engine lacks decides, never its name.
 */
import { messageOf, TidemarkError } from "../core/errors.js";
import type { Dialect } from "../dialects/dialect.js";

/** What `create` did. */
export interface CreateDatabaseReport {
  /** The database URL, password hidden. */
  readonly url: string;
  /** False when it existed already (not an error). */
  readonly created: boolean;
}

/** What `drop` did. */
export interface DropDatabaseReport {
  readonly url: string;
  /** False when there was no such database. */
  readonly dropped: boolean;
}

/** What `wait` saw. */
export interface WaitReport {
  readonly url: string;
  /** How long it waited until the server accepted a connection (0 with no server to wait for). */
  readonly waitedMs: number;
  /** Connection attempts made (0 with no server to wait for). */
  readonly attempts: number;
}

export interface WaitOptions {
  /** Give up after this long. Default 60 000 ms. */
  readonly timeoutMs?: number;
  /** Pause between attempts. Default 1 000 ms. */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** Creates the database the dialect's URL names; no error when it exists. */
export async function createDatabase(dialect: Dialect): Promise<CreateDatabaseReport> {
  if (!dialect.createDatabase) throw unsupported(dialect, "create");
  return { url: dialect.displayUrl, created: await dialect.createDatabase() };
}

/** Drops the database the dialect's URL names (the caller confirmed); no error when it is gone. */
export async function dropDatabase(dialect: Dialect): Promise<DropDatabaseReport> {
  if (!dialect.dropDatabase) throw unsupported(dialect, "drop");
  return { url: dialect.displayUrl, dropped: await dialect.dropDatabase() };
}

/**
 * Waits until the server accepts connections; at once for an engine without a server. Throws
 * E_CONNECT naming the time waited and the last reason when it does not within the timeout.
 */
export async function waitForServer(
  dialect: Dialect,
  options: WaitOptions = {},
): Promise<WaitReport> {
  const url = dialect.displayUrl;
  if (!dialect.ping) return { url, waitedMs: 0, attempts: 0 };
  const timeoutMs = options.timeoutMs ?? 60_000;
  const intervalMs = options.intervalMs ?? 1000;
  const started = Date.now();
  let attempts = 0;
  for (;;) {
    attempts++;
    try {
      await dialect.ping();
      return { url, waitedMs: Date.now() - started, attempts };
    } catch (err) {
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0 || options.signal?.aborted) throw timedOut(url, timeoutMs, err);
      await sleep(Math.min(intervalMs, left), options.signal);
    }
  }
}

function timedOut(url: string, timeoutMs: number, last: unknown): TidemarkError {
  // The last reason without its "Cannot connect to <url>: " lead, which the message says already.
  const reason = messageOf(last).replace(/^Cannot connect to \S+: /, "");
  return new TidemarkError(
    "E_CONNECT",
    `${url} did not accept connections within ${seconds(timeoutMs)} (last: ${reason})`,
    { cause: last, hint: "Check that the server is starting, or wait longer with --timeout." },
  );
}

function seconds(ms: number): string {
  const s = Math.round(ms / 100) / 10;
  return `${s} s`;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function unsupported(dialect: Dialect, what: string): TidemarkError {
  return new TidemarkError("E_USAGE", `tidemark cannot ${what} a ${dialect.name} database`, {
    hint: "Use the engine's own tools.",
  });
}
