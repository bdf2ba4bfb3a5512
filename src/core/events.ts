import { EventEmitter } from "node:events";
import type { VerifyStepResult } from "./verify.js";

/** Progress events a migrator emits; the CLI, the server and logs listen to them. */
export interface MigratorEventMap {
  /** A run is about to start these steps, in this order (emitted only when there is work). */
  "run:start": { readonly direction: "up" | "down"; readonly steps: readonly StepEvent[] };
  /** The lock is held by someone else; we are waiting (emitted once per wait). */
  "lock:waiting": { readonly holder: string | null; readonly timeoutMs: number };
  "lock:acquired": { readonly waitedMs: number };
  "migration:start": StepEvent;
  "migration:end": StepEvent & {
    readonly durationMs: number;
    readonly status: "applied" | "rolled_back" | "stamped";
  };
  "migration:failed": StepEvent & { readonly durationMs: number; readonly error: Error };
  /** A lock-timeout failure that will be tried again. */
  "migration:retry": StepEvent & {
    readonly attempt: number;
    readonly delayMs: number;
    readonly reason: string;
  };
  /** Something the user should know about a step (e.g. it runs outside a transaction). */
  "migration:note": StepEvent & { readonly message: string };
  /** A backup was written before the run (up --backup, backupBefore), under the lock. */
  "backup:done": { readonly file: string; readonly size: number; readonly durationMs: number };
  /** A message from a code migration's ctx.log(). */
  "migration:log": StepEvent & { readonly message: string };
  /** `verify` checked one migration (`index` of `total`, from 0). */
  "verify:step": VerifyStepResult & { readonly index: number; readonly total: number };
}

export interface StepEvent {
  readonly id: string;
  readonly version: string | null;
  readonly name: string;
  readonly direction: "up" | "down";
  /** The step's app (config `apps`); absent for the default set. */
  readonly app?: string;
}

export type MigratorEventName = keyof MigratorEventMap;

/** A step that completed (committed), as `migration:end` reported it: what a failed run's document lists. */
export interface CompletedStep extends StepEvent {
  readonly status: string;
  readonly durationMs: number;
}

/** A typed event emitter. Listeners must not throw; a throwing listener does not stop a run. */
export class MigratorEvents {
  private readonly emitter = new EventEmitter();

  on<K extends MigratorEventName>(
    event: K,
    listener: (payload: MigratorEventMap[K]) => void,
  ): this {
    this.emitter.on(event, listener);
    return this;
  }

  off<K extends MigratorEventName>(
    event: K,
    listener: (payload: MigratorEventMap[K]) => void,
  ): this {
    this.emitter.off(event, listener);
    return this;
  }

  emit<K extends MigratorEventName>(event: K, payload: MigratorEventMap[K]): void {
    for (const listener of this.emitter.listeners(event)) {
      try {
        (listener as (p: MigratorEventMap[K]) => void)(payload);
      } catch {
        // a listener's failure is its own; the run goes on
      }
    }
  }
}

/**
 * The events of one app's migrator (config `apps`): passed on to the migrator of all apps,
 * whose listeners see each step's `app`.
 */
export class AppEvents extends MigratorEvents {
  constructor(
    private readonly target: MigratorEvents,
    private readonly app: string,
  ) {
    super();
  }

  override emit<K extends MigratorEventName>(event: K, payload: MigratorEventMap[K]): void {
    this.target.emit(event, withApp(payload, this.app));
  }
}

function withApp<T>(payload: T, app: string): T {
  const p = payload as Record<string, unknown>;
  if (Array.isArray(p.steps))
    return { ...p, steps: (p.steps as StepEvent[]).map((s) => ({ ...s, app })) } as T;
  return "direction" in p && "id" in p ? ({ ...p, app } as T) : payload;
}
