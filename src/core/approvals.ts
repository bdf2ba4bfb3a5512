/**
 * How the migrator gets a confirmation before a change (see ops/confirmation.ts): for runs,
 * from their dry runs; for maintenance (stamp, repair), from a preview, re-checked under the
 * lock; for whole-database changes (drop, restore), from a title alone.
 */
import { idsOf, runRequest, type StepsRequest } from "../ops/confirm-requests.js";
import {
  assertSamePlan,
  type ConfirmAction,
  type ConfirmGate,
  confirmChange,
  needsConfirmation,
} from "../ops/confirmation.js";
import type { RunReport } from "./executor.js";

/** A maintenance change made under the lock: `dryRun` previews; `approved` must still hold. */
export type LockedChange<R> = (dryRun: boolean, check?: (preview: R) => void) => Promise<R>;

/** The migrator's confirmations, asked through its gate with its redacted URL. */
export class Approvals {
  constructor(
    private readonly gate: ConfirmGate,
    private readonly url: () => Promise<string>,
  ) {}

  /**
   * When runs need a confirmation: asks with their dry runs and returns the step ids shown,
   * one list per run (a run must then do exactly those); undefined when none is needed.
   */
  async runs(
    action: ConfirmAction,
    preview: () => Promise<readonly RunReport[]>,
  ): Promise<(readonly string[])[] | undefined> {
    if (!needsConfirmation(this.gate)) return undefined;
    const reports = await preview();
    const request = runRequest(action, reports);
    if (request !== null) await this.ask(request);
    return reports.map((r) => idsOf(r.steps));
  }

  /**
   * A maintenance change: without anyone to ask (and unprotected) it is made at once; else it
   * is previewed, confirmed, and made only if the preview under the lock is still the same.
   */
  async maintenance<R>(
    change: LockedChange<R>,
    describe: (preview: R) => StepsRequest | null,
  ): Promise<R> {
    if (!needsConfirmation(this.gate, true)) return change(false);
    const preview = await change(true);
    const request = describe(preview);
    if (request === null) return preview;
    const shown = idsOf(request.steps);
    await this.ask(request);
    return change(false, (now) => assertSamePlan(shown, idsOf(describe(now)?.steps ?? [])));
  }

  /** A whole-database change (`drop`, `restore`): asked on every environment when possible. */
  async database(action: "drop" | "restore", title: string): Promise<void> {
    await this.ask({ action, title, steps: [], always: true });
  }

  /** A change of the record alone (`import`): asked on a protected environment only. */
  async record(action: "import", title: string): Promise<void> {
    if (needsConfirmation(this.gate, false)) await this.ask({ action, title, steps: [] });
  }

  private async ask(request: StepsRequest): Promise<void> {
    await confirmChange(this.gate, { ...request, url: await this.url() });
  }
}
