/**
 * Runs started from the admin: one at a time (a second request is refused, not queued behind
 * the lock), each only when the plan to run is still the one its dry run showed, with its
 * progress published as events and its end (the report, or the error and what completed).
 */
import {
  type CompletedStep,
  errorJson,
  formatJson,
  type LintReport,
  type Migrator,
  type RunReport,
} from "../index.js";
import type { AdminApproval } from "./approval.js";
import type { EventHub } from "./events.js";

/** What to run: `up` to head, or the rollback of one migration and every one after it. */
export type RunRequest =
  | { readonly kind: "run" }
  | { readonly kind: "rollback"; readonly version: string };

/** The run in progress, as a 409 names it. */
export interface ActiveRun {
  readonly id: number;
  readonly kind: "run" | "rollback";
  readonly version?: string;
  readonly startedAt: string;
}

/** An HTTP answer: status and JSON body. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Starts runs on one migrator and reports them to one event hub. */
export class Runs {
  private active: ActiveRun | null = null;
  private completed: CompletedStep[] = [];
  private nextId = 1;

  constructor(
    private readonly migrator: Migrator,
    private readonly hub: EventHub,
    private readonly statusOf: (err: unknown) => number,
    private readonly approval: AdminApproval,
  ) {
    const run = () => this.active?.id ?? null;
    migrator.on("run:start", (e) => hub.publish("run:start", { run: run(), ...e }));
    migrator.on("migration:start", (e) => hub.publish("migration:start", { run: run(), ...e }));
    migrator.on("migration:end", (e) => {
      this.completed.push({ ...e });
      hub.publish("migration:end", { run: run(), ...e });
    });
    migrator.on("migration:failed", ({ error, ...e }) =>
      hub.publish("migration:failed", { run: run(), ...e, ...errorJson(error) }),
    );
    migrator.on("lock:waiting", (e) => hub.publish("lock:waiting", { run: run(), ...e }));
  }

  /** The run in progress, or null. */
  get current(): ActiveRun | null {
    return this.active;
  }

  /**
   * The dry run of `request`: its steps with their SQL and the plan's hash; for `run`, with
   * the lint report of what it would apply (as `up --dry-run --json`).
   */
  async dryRun(request: RunRequest): Promise<RunReport & { lint?: Record<string, unknown> }> {
    if (request.kind === "rollback")
      return this.migrator.down({ version: request.version, dryRun: true });
    const lint = formatJson(await this.migrator.lint());
    return { ...(await this.plan(request)), lint };
  }

  /** The plan of `request` as a dry run reports it (no lint). */
  private plan(request: RunRequest): Promise<RunReport> {
    return request.kind === "run"
      ? this.migrator.up({ dryRun: true })
      : this.migrator.down({ version: request.version, dryRun: true });
  }

  /** The lint report of what `up` would apply when it has error-level findings, else null. */
  async lintErrors(): Promise<LintReport | null> {
    const report = await this.migrator.lint();
    return report.errors > 0 ? report : null;
  }

  /** Runs `request` if no run is in progress and its plan still hashes to `planHash`. */
  async start(request: RunRequest, planHash: string, typed: string | null): Promise<Answer> {
    const busy = this.active;
    if (busy !== null) {
      const what =
        busy.kind === "run" ? "applying migrations" : `rolling back to before ${busy.version}`;
      return {
        status: 409,
        body: {
          error: {
            code: "E_BUSY",
            message: `Run #${busy.id} (${what}) is in progress since ${busy.startedAt}; wait for it to end`,
          },
          run: busy,
        },
      };
    }
    const active: ActiveRun = {
      id: this.nextId++,
      kind: request.kind,
      ...(request.kind === "rollback" ? { version: request.version } : {}),
      startedAt: new Date().toISOString(),
    };
    this.active = active;
    this.completed = [];
    try {
      return await this.checkedRun(request, planHash, active, typed);
    } finally {
      this.active = null;
      this.approval.clear();
    }
  }

  private async checkedRun(
    request: RunRequest,
    hash: string,
    active: ActiveRun,
    typed: string | null,
  ): Promise<Answer> {
    let plan: RunReport;
    try {
      plan = await this.plan(request);
    } catch (err) {
      return { status: this.statusOf(err), body: errorJson(err) };
    }
    if (plan.planHash !== hash) {
      return {
        status: 409,
        body: {
          error: {
            code: "E_PLAN_CHANGED",
            message:
              "The plan changed since the dry run (migrations were added, applied or edited); review the new plan and run it",
          },
          plan,
        },
      };
    }
    if (plan.steps.length === 0) {
      const { planHash: _, ...nothing } = { ...plan, dryRun: false, steps: [] };
      return { status: 200, body: nothing };
    }
    const direction = request.kind === "run" ? "up" : "down";
    // The migrator's confirmation (protected environment) says yes to this plan only.
    this.approval.grant(
      plan.steps.map((s) => s.id),
      typed,
    );
    try {
      const report =
        request.kind === "run"
          ? await this.migrator.up()
          : await this.migrator.down({ version: request.version });
      this.hub.publish("run:end", { run: active.id, ok: true, report });
      return { status: 200, body: { ...report } };
    } catch (err) {
      const body = {
        direction,
        dryRun: false,
        steps: this.completed,
        interrupted: false,
        ...errorJson(err),
      };
      this.hub.publish("run:end", { run: active.id, ok: false, ...body });
      return { status: this.statusOf(err), body };
    }
  }
}
