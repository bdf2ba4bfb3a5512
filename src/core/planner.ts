/**
 * The planner (SPEC §3): from the analysed state and a target, the ordered steps to run.
 * Pure: it reads nothing and writes nothing, and throws a TidemarkError when the plan
 * must not run (failed rows, edited files, out-of-order, irreversible steps).
 */
import { TidemarkError } from "./errors.js";
import { ancestorsOf } from "./graph.js";
import type { AppliedRecord } from "./history.js";
import type { MigrationInfo } from "./migration.js";
import type { AppliedMigration, MigrationState, Problem } from "./state.js";
import { compareVersions, versionKey } from "./version.js";

/** Where to go: `head`/`latest`, `zero`/`base`, a version (or unique prefix), or `+N`/`-N`. */
export type Target =
  | { readonly kind: "head" }
  | { readonly kind: "zero" }
  | { readonly kind: "version"; readonly version: string }
  | { readonly kind: "relative"; readonly steps: number };

export interface PlanStep {
  readonly direction: "up" | "down";
  /** Tracking key: the version, or `R__name` for a repeatable. */
  readonly id: string;
  readonly version: string | null;
  readonly name: string;
  readonly kind: "versioned" | "repeatable";
  /** The file's descriptor; absent for a down whose file is gone (its stored SQL is used). */
  readonly info?: MigrationInfo;
  /** The tracking row, for downs and resumes. */
  readonly record?: AppliedRecord;
  /** `up --resume` / `down --resume`: the 0-based statement to continue from. */
  readonly resumeFrom?: number;
  readonly outOfOrder?: boolean;
}

export interface Plan {
  readonly direction: "up" | "down";
  readonly steps: readonly PlanStep[];
  /** Why an `up` plan is empty while migrations are pending (one sentence); absent otherwise. */
  readonly note?: string;
  /** Problems the run goes on despite: applied migrations whose file is gone. Absent when none. */
  readonly warnings?: readonly Problem[];
}

export interface UpPlanOptions {
  readonly target?: Target;
  readonly allowOutOfOrder?: boolean;
  readonly resume?: boolean;
  /** Only these pending ids (one app's run of a plain `up` across apps); default: as the target says. */
  readonly only?: ReadonlySet<string>;
  /** With `only`: whether the changed repeatables run after them. Default true. */
  readonly repeatables?: boolean;
}

/** Parses a `--to` value. Versions are resolved against the state later. */
export function parseTarget(text: string): Target {
  const t = text.trim().toLowerCase();
  if (t === "head" || t === "latest" || t === "heads") return { kind: "head" };
  if (t === "zero" || t === "base") return { kind: "zero" };
  const rel = /^([+-])(\d+)$/.exec(t);
  if (rel) return { kind: "relative", steps: Number(rel[2]) * (rel[1] === "-" ? -1 : 1) };
  if (/^[0-9][0-9._]*$/.test(t)) return { kind: "version", version: t };
  throw new TidemarkError("E_TARGET", `Unknown target "${text}"`, {
    hint: "Use head, zero, a version, a unique prefix of one, +N or -N.",
  });
}

/** The id of the one known version that `text` names exactly or as a unique prefix. */
export function resolveVersion(state: MigrationState, text: string): string {
  const known = new Map<string, string>();
  for (const m of state.available) if (m.version !== null) known.set(m.id, m.version);
  for (const r of state.records) if (r.kind === "versioned") known.set(r.id, r.id);
  const exact = [...known.entries()].filter(([, v]) => versionKey(v) === versionKey(text));
  if (exact.length > 0) return exact[0]![0];
  const prefixed = [...known.entries()].filter(([, v]) => v.startsWith(text));
  if (prefixed.length === 1) return prefixed[0]![0];
  if (prefixed.length > 1) {
    const list = prefixed
      .map(([, v]) => v)
      .sort(compareVersions)
      .slice(0, 5)
      .join(", ");
    throw new TidemarkError(
      "E_TARGET",
      `Version prefix "${text}" is ambiguous: it matches ${list}`,
      {
        hint: "Give more digits.",
      },
    );
  }
  throw new TidemarkError("E_TARGET", `No migration has version "${text}"`, {
    hint: "Run `tidemark status` to see the versions.",
  });
}

/** Plans `up`: pending migrations up to the target, then changed repeatables. */
export function planUp(state: MigrationState, options: UpPlanOptions = {}): Plan {
  const target = options.target ?? { kind: "head" };
  const resumed = resumeSteps(state, options.resume ?? false);
  refuseEdited(state);
  let chosen: readonly MigrationInfo[];
  if (target.kind === "head") chosen = state.pending;
  else if (target.kind === "relative") {
    const back = target.steps === -1 ? "1 step" : `${-target.steps} steps`;
    if (target.steps < 0)
      throw new TidemarkError("E_TARGET", `up cannot go back ${back}`, {
        hint: "Use `tidemark down`.",
      });
    chosen = state.pending.slice(0, Math.max(0, target.steps - resumed.length));
  } else if (target.kind === "version") {
    const id = resolveVersion(state, target.version);
    const wanted = ancestorsOf(state.graph, id);
    chosen = state.pending.filter((m) => wanted.has(m.id));
  } else {
    throw new TidemarkError("E_TARGET", "up cannot go to zero", {
      hint: "Use `tidemark down --to zero`.",
    });
  }
  const only = options.only;
  if (only !== undefined) chosen = chosen.filter((m) => only.has(m.id));
  const outOfOrder = new Set(state.outOfOrder.map((m) => m.id));
  const late = chosen.filter((m) => outOfOrder.has(m.id));
  if (late.length > 0 && !options.allowOutOfOrder) {
    const first = late[0]!;
    throw new TidemarkError(
      "E_ORDER",
      `${first.file} (version ${first.version}) is older than the current version ${state.current} and was never applied${late.length > 1 ? ` (and ${late.length - 1} more)` : ""}`,
      {
        file: first.file,
        version: first.version ?? undefined,
        hint: "Give it a newer version, or run `tidemark up --allow-out-of-order` to apply it anyway.",
      },
    );
  }
  const steps: PlanStep[] = [
    ...resumed,
    ...chosen.map((info) => upStep(info, outOfOrder.has(info.id))),
    ...(target.kind === "head" && options.repeatables !== false
      ? state.repeatables.map((info) => upStep(info, false))
      : []),
  ];
  const note = steps.length === 0 ? emptyUpNote(state, target) : undefined;
  const warnings = state.problems.filter((p) => p.kind === "missing_file");
  return {
    direction: "up",
    steps,
    ...(note === undefined ? {} : { note }),
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

/** Why `up` to `target` runs nothing although migrations are pending; undefined when none is. */
function emptyUpNote(state: MigrationState, target: Target): string | undefined {
  const n = state.pending.length + state.repeatables.length;
  if (n === 0) return undefined;
  const pending = `${n} migration${n === 1 ? " is" : "s are"} pending`;
  if (target.kind === "relative") return `Nothing to apply: +0 asks for no migration; ${pending}`;
  if (target.kind !== "version") return undefined;
  const id = resolveVersion(state, target.version);
  if (!state.applied.some((a) => a.record.id === id))
    return `Nothing to apply up to ${id}; ${pending}`;
  if (id === state.current)
    return `Nothing to apply: ${id} is already applied (it is the current version); ${pending} — run \`tidemark up\` to apply them`;
  return `Nothing to apply: ${id} is already applied (current ${state.current}); ${pending} — use \`tidemark down --to ${id}\` to go back`;
}

function upStep(info: MigrationInfo, outOfOrder: boolean): PlanStep {
  return {
    direction: "up",
    id: info.id,
    version: info.version,
    name: info.name,
    kind: info.kind,
    info,
    outOfOrder,
  };
}

function resumeSteps(state: MigrationState, resume: boolean): PlanStep[] {
  if (state.failed.length === 0) {
    if (resume)
      throw new TidemarkError("E_FAILED_STATE", "Nothing to resume: no migration is failed", {
        hint: "Run `tidemark up`.",
      });
    return [];
  }
  const failedDown = state.failed.find((f) => f.record.direction === "down");
  const { record, info } = failedDown ?? state.failed[0]!;
  const label = info?.file ?? `${record.id} (${record.name})`;
  if (failedDown) {
    throw new TidemarkError(
      "E_FAILED_STATE",
      `${failedMessage(record, label)}; nothing was applied`,
      {
        file: info?.file,
        version: record.id,
        hint: downRecoveryHint(record, state),
      },
    );
  }
  if (!resume) {
    throw new TidemarkError("E_FAILED_STATE", failedMessage(record, label), {
      file: info?.file,
      version: record.id,
      hint: recoveryHint(record),
    });
  }
  if (!info) {
    throw new TidemarkError("E_FAILED_STATE", `Cannot resume ${record.id}: its file is gone`, {
      version: record.id,
      hint: "Restore the file, or run `tidemark repair` to clear the failed row.",
    });
  }
  return [
    {
      direction: "up",
      id: record.id,
      version: record.id,
      name: record.name,
      kind: "versioned",
      info,
      record,
      resumeFrom: record.statementsDone,
    },
  ];
}

/** "X failed at statement 3 of 5 (statements 1–2 were applied): error", or the same of its down. */
export function failedMessage(record: AppliedRecord, label: string): string {
  const done = record.statementsDone;
  const down = record.direction === "down";
  const applied =
    done === 0
      ? `no statement of it ${down ? "ran" : "was applied"}`
      : done === 1
        ? `statement 1 ${down ? "of it ran" : "was applied"}`
        : `statements 1–${done} ${down ? "of it ran" : "were applied"}`;
  const of = record.statementsTotal === null ? "" : ` of ${record.statementsTotal}`;
  const what =
    record.status === "running"
      ? "was interrupted"
      : `failed at statement ${(record.failedStatement ?? done) + 1}${of}`;
  const subject = down ? `${label}: its down` : label;
  return `${subject} ${what} (${applied})${record.errorMessage ? `: ${record.errorMessage}` : ""}`;
}

function recoveryHint(record: AppliedRecord): string {
  const next = (record.failedStatement ?? record.statementsDone) + 1;
  return `Fix the cause, then run \`tidemark up --resume\` to continue from statement ${next}; or clean up by hand and run \`tidemark repair\` to run it again from its first statement; or \`tidemark down\` to run its down section.`;
}

/** The ways out of a failed (or interrupted) down (SPEC §6). */
function downRecoveryHint(record: AppliedRecord, state: MigrationState): string {
  const next = (record.failedStatement ?? record.statementsDone) + 1;
  const below = state.applied.filter((a) => compareVersions(a.record.id, record.id) < 0);
  const previous = below.length > 0 ? below[below.length - 1]!.record.id : "zero";
  return `Fix the cause, then run \`tidemark down --resume\` to continue the down from statement ${next}; or undo by hand what the down did, and run \`tidemark repair\` to record ${record.id} as applied again (a later \`tidemark down\` runs its down from the first statement); or finish the down by hand and run \`tidemark stamp ${previous}\` to record it rolled back.`;
}

function refuseEdited(state: MigrationState): void {
  for (const { record, info } of state.applied) {
    if (info && info.checksum !== record.checksum) {
      throw new TidemarkError(
        "E_CHECKSUM",
        `${info.file} was edited after it was applied (version ${record.id})`,
        {
          file: info.file,
          version: record.id,
          hint: "Restore the file as it was, or run `tidemark repair` to accept the new checksum.",
        },
      );
    }
  }
}

export interface DownPlanOptions {
  /** `down --resume`: continue a failed statement-by-statement down from its failed statement. */
  readonly resume?: boolean;
}

/**
 * Plans `down`: applied (or failed) migrations, newest first, down to the target (default one
 * step). A down left failed must be resumed (`resume`), repaired or stamped first.
 */
export function planDown(
  state: MigrationState,
  target: Target = { kind: "relative", steps: -1 },
  options: DownPlanOptions = {},
): Plan {
  const resumed = failedDown(state, options.resume ?? false);
  const candidates = [...state.applied, ...state.failed].sort((a, b) =>
    compareVersions(b.record.id, a.record.id),
  );
  let chosen: AppliedMigration[];
  if (target.kind === "zero") chosen = candidates;
  else if (target.kind === "relative") {
    const ahead = target.steps === 1 ? "1 step" : `${target.steps} steps`;
    if (target.steps > 0)
      throw new TidemarkError("E_TARGET", `down cannot go forward ${ahead}`, {
        hint: "Use `tidemark up`.",
      });
    chosen = candidates.slice(0, -target.steps);
  } else if (target.kind === "version") {
    const id = resolveVersion(state, target.version);
    chosen = candidates.filter((c) => compareVersions(c.record.id, id) > 0);
  } else {
    throw new TidemarkError("E_TARGET", "down cannot go to head", { hint: "Use `tidemark up`." });
  }
  if (resumed && !chosen.some((c) => c.record.id === resumed.id)) {
    throw new TidemarkError(
      "E_TARGET",
      `The target keeps ${resumed.id}, whose down is the one to resume`,
      { version: resumed.id, hint: "Run `tidemark down --resume` without --to." },
    );
  }
  const steps = chosen.map((c) =>
    c.record.id === resumed?.id
      ? { ...downStep(c), resumeFrom: c.record.statementsDone }
      : downStep(c),
  );
  const blocked = steps.find((s) => !hasDown(s));
  if (blocked) {
    const label = blocked.info?.file ?? `${blocked.id} (${blocked.name})`;
    if (blocked.info === undefined && blocked.record?.format === "code") {
      // A code migration's down is code: only its file can run it.
      throw new TidemarkError(
        "E_IRREVERSIBLE",
        `Cannot roll back ${label}: its file is gone, and a code migration's down is not stored. Nothing was rolled back`,
        {
          version: blocked.id,
          hint: "Restore the migration's file, or stop the rollback before it with --to.",
        },
      );
    }
    throw new TidemarkError(
      "E_IRREVERSIBLE",
      `Cannot roll back ${label}: it has no down migration (irreversible). Nothing was rolled back`,
      {
        file: blocked.info?.file,
        version: blocked.id,
        hint: "Add a down section, or stop the rollback before it with --to.",
      },
    );
  }
  return { direction: "down", steps };
}

/**
 * Plans the down half of `redo` (the newest applied migration), refused before anything is
 * rolled back when its file is gone: nothing could apply it again.
 */
export function planRedo(state: MigrationState): Plan {
  const plan = planDown(state);
  const step = plan.steps[0];
  if (step !== undefined && step.info === undefined) {
    throw new TidemarkError(
      "E_MISSING",
      `Cannot redo ${step.id} (${step.name}): its file is gone, so it could not be applied again. Nothing was rolled back`,
      {
        version: step.id,
        hint: "Restore the migration's file, or run `tidemark down` to only roll it back.",
      },
    );
  }
  return plan;
}

/** The row of a failed (or interrupted) down when `resume`; throws when it must not be run over. */
function failedDown(state: MigrationState, resume: boolean): AppliedRecord | null {
  const found = state.failed.find((f) => f.record.direction === "down");
  if (!found) {
    if (!resume) return null;
    const upFailed = state.failed.length > 0;
    throw new TidemarkError("E_FAILED_STATE", "Nothing to resume: no down is failed", {
      hint: upFailed
        ? "A migration's up failed: `tidemark up --resume` continues it."
        : "Run `tidemark down`.",
    });
  }
  const { record, info } = found;
  if (resume) return record;
  const label = info?.file ?? `${record.id} (${record.name})`;
  throw new TidemarkError(
    "E_FAILED_STATE",
    `${failedMessage(record, label)}; nothing was rolled back`,
    {
      file: info?.file,
      version: record.id,
      hint: downRecoveryHint(record, state),
    },
  );
}

function downStep({ record, info }: AppliedMigration): PlanStep {
  return {
    direction: "down",
    id: record.id,
    version: record.id,
    name: record.name,
    kind: record.kind,
    info,
    record,
  };
}

/** True when a down step has something to run: stored SQL, or a reversible file. */
export function hasDown(step: PlanStep): boolean {
  if (step.record?.format === "sql" && step.record.rollbackSql !== null) return true;
  return step.info?.reversible === true;
}

/** The migration `down <version>` (or `--name`) rolls back, with every one applied after it. */
export type RollbackSelector = { readonly version: string } | { readonly name: string };

/**
 * Plans `down <version>`: that applied migration and every applied one with a later version,
 * newest first, the same steps as `down --to <the applied version before it>` (or `zero`).
 */
export function planRollbackOf(
  state: MigrationState,
  selector: RollbackSelector,
  options: DownPlanOptions = {},
): Plan {
  const id =
    "name" in selector ? idOfName(state, selector.name) : resolveVersion(state, selector.version);
  const rows = [...state.applied, ...state.failed].filter((c) => c.record.kind === "versioned");
  if (!rows.some((c) => c.record.id === id)) {
    throw new TidemarkError("E_TARGET", `${id} is not applied: there is nothing to roll back`, {
      version: id,
      hint: "Run `tidemark status` to see what is applied.",
    });
  }
  const below = rows
    .map((c) => c.record.id)
    .filter((v) => compareVersions(v, id) < 0)
    .sort(compareVersions);
  const keep = below.at(-1);
  const target: Target = keep === undefined ? { kind: "zero" } : { kind: "version", version: keep };
  return planDown(state, target, options);
}

/** The version of the one versioned migration (file or tracking row) named `name`. */
function idOfName(state: MigrationState, name: string): string {
  const ids = new Set<string>();
  for (const m of state.available) if (m.version !== null && m.name === name) ids.add(m.id);
  for (const r of state.records) if (r.kind === "versioned" && r.name === name) ids.add(r.id);
  const found = [...ids].sort(compareVersions);
  if (found.length === 1) return found[0]!;
  if (found.length === 0)
    throw new TidemarkError("E_TARGET", `No migration is named "${name}"`, {
      hint: "Run `tidemark status` to see the names.",
    });
  throw new TidemarkError(
    "E_TARGET",
    `The name "${name}" is ambiguous: versions ${found.join(", ")} have it`,
    { hint: "Give the version instead." },
  );
}
