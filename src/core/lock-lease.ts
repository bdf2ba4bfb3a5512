/**
 * What a lock kept as a row (SQLite's own, the core's table-row lock) needs beyond its SQL: the
 * token it holds, the timer that renews its heartbeat, and the test of whether a row's holder
 * is gone — its heartbeat too old (wherever it ran), its pid dead on this host, or, when it is
 * this process, its token no longer held by any lock here.
 */
import { hostname } from "node:os";

/** A lock row's holder, as the row records it. */
export interface LeaseHolder {
  readonly pid: unknown;
  readonly host: string;
  readonly token: string;
  /** Milliseconds since the epoch (a number, or its text). */
  readonly heartbeat_at: unknown;
}

/** True when `pid` runs on this host (EPERM: it does, as another user). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The tokens a kind of lock holds in this process, and its heartbeat's age limit. */
export class LeaseRegistry {
  private readonly held = new Set<string>();

  constructor(readonly staleMs: number) {}

  /** True when `row`'s holder is gone: see the module comment. */
  isGone(row: LeaseHolder, now = Date.now()): boolean {
    if (now - Number(row.heartbeat_at) > this.staleMs) return true;
    if (row.host !== hostname()) return false;
    if (Number(row.pid) === process.pid) return !this.held.has(row.token);
    return !pidAlive(Number(row.pid));
  }

  /** A lease of this registry: one lock's token and heartbeat timer. */
  lease(): Lease {
    return new Lease(this.held);
  }
}

/** One lock's hold: its token (registered as held here) and the timer renewing its heartbeat. */
export class Lease {
  token: string | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly held: Set<string>) {}

  /**
   * Registers `token` as held here before the row carrying it is written, so that no other lock
   * of this process reads that row, sees its own pid and a token held by nobody, and takes it for
   * a gone holder's. Followed by {@link start} once the row is written, or {@link unclaim}.
   */
  claim(token: string): void {
    this.held.add(token);
  }

  /** Gives up a {@link claim} whose row was not written. */
  unclaim(token: string): void {
    this.held.delete(token);
  }

  /** Holds `token`, calling `beat` every `everyMs` (the timer never keeps the process alive). */
  start(token: string, everyMs: number, beat: () => void): void {
    this.token = token;
    this.held.add(token);
    this.timer = setInterval(beat, everyMs);
    this.timer.unref();
  }

  /** Ends the hold: the token it held (null when none), no longer held here, its timer stopped. */
  stop(): string | null {
    const token = this.token;
    if (token === null) return null;
    this.token = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.held.delete(token);
    return token;
  }
}
