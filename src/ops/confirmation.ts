/**
 * Confirmation before a change (SPEC §6): on a protected environment every state-changing call
 * (`up`, `down`, `redo`, `repair`, `stamp`, `restore`, `drop`) first shows what it will do and
 * waits for a yes; a few calls (repair, drop, stamp recording rows rolled back) ask on every
 * environment when there is someone to ask. The library never prints: it hands a
 * {@link ConfirmSummary} to the `confirm` function the caller gave (the CLI's asks at the
 * terminal), and refuses with E_CONFIRM on a protected environment when there is none.
 */
import { TidemarkError } from "../core/errors.js";

/** An environment of the config file, as the migrator knows it. */
export interface MigratorEnvironment {
  /** The environment's name (`production`); on a protected one, what a person types to confirm. */
  readonly name: string;
  /** State-changing calls need a confirmation (see {@link ConfirmFn}). */
  readonly protected?: boolean;
  /** Take a backup before the first migration of a run. */
  readonly backupBefore?: boolean;
}

/** What a confirmed call may do; `restore` and `drop` replace or remove the whole database. */
export type ConfirmAction =
  | "up"
  | "down"
  | "redo"
  | "repair"
  | "stamp"
  | "restore"
  | "drop"
  | "import";

/** One thing the call will do, in order. */
export interface ConfirmStep {
  /** The tracking key: the version, or `R__<name>` for a repeatable migration. */
  readonly id: string;
  /** The migration's version (null for a repeatable one or a whole-database action). */
  readonly version: string | null;
  readonly name: string;
  /** `up` applies or records applied, `down` rolls back or records rolled back; `other` for the rest. */
  readonly direction: "up" | "down" | "other";
  /** The migration's app (config `apps`); absent for the default set. */
  readonly app?: string;
  /** What happens to it when that is not plain from the direction ("recorded applied, nothing run"). */
  readonly detail?: string;
}

/** What a `confirm` function is shown before a change. */
export interface ConfirmSummary {
  readonly action: ConfirmAction;
  /** One line for a person: "Apply 2 migrations", "Drop database app". */
  readonly title: string;
  /** The environment's name, or null when none was selected. */
  readonly environment: string | null;
  readonly protected: boolean;
  /** The database URL with its password hidden. */
  readonly url: string;
  /** The plan: each step the call will take, in order (empty for a whole-database action). */
  readonly steps: readonly ConfirmStep[];
  /**
   * On a protected environment, its name: a person confirms by typing it (not y/N). Null when a
   * yes/no answer is enough.
   */
  readonly typeToConfirm: string | null;
}

/** Answers a confirmation: true to go ahead, false to cancel (nothing is changed). */
export type ConfirmFn = (summary: ConfirmSummary) => Promise<boolean>;

/** Who may be asked: the migrator's environment and the caller's `confirm`. */
export interface ConfirmGate {
  readonly environment?: MigratorEnvironment;
  readonly confirm?: ConfirmFn;
}

/** One confirmation to ask for. `always`: ask on any environment when there is a `confirm`. */
export interface ConfirmRequest {
  readonly action: ConfirmAction;
  readonly title: string;
  readonly url: string;
  readonly steps: readonly ConfirmStep[];
  readonly always?: boolean;
}

/** True when `request` must be confirmed through `gate` before anything changes. */
export function needsConfirmation(gate: ConfirmGate, always = false): boolean {
  return gate.environment?.protected === true || (always && gate.confirm !== undefined);
}

/**
 * Asks `gate.confirm` when the change needs it. Throws E_CONFIRM on a protected environment
 * without a `confirm`, and E_ABORTED when the answer is no; returns when the change may go ahead.
 */
export async function confirmChange(gate: ConfirmGate, request: ConfirmRequest): Promise<void> {
  if (!needsConfirmation(gate, request.always)) return;
  const summary = toSummary(gate, request);
  if (!gate.confirm) {
    throw new TidemarkError(
      "E_CONFIRM",
      `${request.title} on protected environment "${summary.environment}" (${request.url}) needs a confirmation, and none was given`,
      { hint: "Pass confirm to createMigrator (or --yes to the CLI)." },
    );
  }
  if (!(await gate.confirm(summary)))
    throw new TidemarkError("E_ABORTED", `Cancelled: ${lowerFirst(request.title)} was not done`, {
      hint: "Nothing was changed.",
    });
}

/** The summary a `confirm` function receives for `request`. */
export function toSummary(gate: ConfirmGate, request: ConfirmRequest): ConfirmSummary {
  const isProtected = gate.environment?.protected === true;
  return {
    action: request.action,
    title: request.title,
    environment: gate.environment?.name ?? null,
    protected: isProtected,
    url: request.url,
    steps: request.steps,
    typeToConfirm: isProtected ? (gate.environment?.name ?? null) : null,
  };
}

/**
 * Refuses a run whose plan changed between the confirmation and the lock (another deployer ran
 * first): what runs is always what was shown.
 */
export function assertSamePlan(approved: readonly string[], planned: readonly string[]): void {
  if (approved.length === planned.length && approved.every((id, i) => planned[i] === id)) return;
  throw new TidemarkError(
    "E_CONFIRM",
    `The plan changed while waiting for confirmation (confirmed: ${list(approved)}; now: ${list(planned)}); nothing was run`,
    { hint: "Run the command again to see the new plan." },
  );
}

function list(ids: readonly string[]): string {
  return ids.length === 0 ? "nothing" : ids.join(", ");
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** "2 migrations", "1 migration". */
export function migrations(n: number): string {
  return `${n} migration${n === 1 ? "" : "s"}`;
}
