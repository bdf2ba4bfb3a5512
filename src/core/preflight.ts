/**
 * The checks a run makes before it changes anything, shared by the real run and `--dry-run`
 * so that a dry run refuses exactly what the run would refuse (SPEC §5): the planner's refusals
 * (a failed row blocking `up`, out-of-order without the flag, an edited file, an irreversible
 * step in a `down`), then, step by step, the body the executor would run (for a down: the
 * stored down SQL when there is one) and whether it can run inside `--single-transaction`.
 */
import { TidemarkError } from "./errors.js";
import { downBody, downReason, type ExecutorContext, nonTransactional } from "./executor.js";
import type { LoadedMigration, MigrationBody } from "./migration.js";
import type { Plan, PlanStep } from "./planner.js";
import type { MigrationState } from "./state.js";
import { parseErrorInFile } from "./step-errors.js";

/** A step with what it would run. */
export interface PreparedStep {
  readonly step: PlanStep;
  /** The up body, or for a down the body the executor would use. */
  readonly body: MigrationBody;
  /** An up's migration as loaded (the executor runs it, without reading the file again); null for a down. */
  readonly loaded: LoadedMigration | null;
  /** Why the step runs outside a transaction, statement by statement; null when it runs in one. */
  readonly outside: string | null;
}

/** A plan that passed every check, with each step's body. */
export interface CheckedPlan {
  readonly plan: Plan;
  readonly steps: readonly PreparedStep[];
}

/**
 * Plans from `state` and checks every step; throws the TidemarkError the run would throw,
 * before anything ran. Reads files; writes nothing.
 */
export async function preflight(
  state: MigrationState,
  makePlan: (state: MigrationState) => Plan,
  ctx: ExecutorContext,
): Promise<CheckedPlan> {
  const plan = makePlan(state);
  const steps: PreparedStep[] = [];
  for (const step of plan.steps) {
    const prepared = await prepareStep(step, ctx);
    if (ctx.options.singleTransaction) refuseInSingleTransaction(prepared);
    steps.push(prepared);
  }
  return { plan, steps };
}

async function prepareStep(step: PlanStep, ctx: ExecutorContext): Promise<PreparedStep> {
  if (step.direction === "up") {
    const loaded = await ctx.source.load(step.info!);
    const outside = await nonTransactional(loaded, loaded.up, ctx.dialect).catch((err) => {
      throw parseErrorInFile(err, loaded.up, step.id);
    });
    return { step, body: loaded.up, loaded, outside };
  }
  const body = await downBody(step, ctx);
  const outside = await downReason(step, body, ctx.dialect).catch((err) => {
    throw parseErrorInFile(err, body, step.id);
  });
  return { step, body, loaded: null, outside };
}

function refuseInSingleTransaction({ step, body, outside }: PreparedStep): void {
  const resumed = step.resumeFrom !== undefined;
  if (outside === null && !resumed) return;
  const why = outside ?? `it resumes statement by statement from statement ${step.resumeFrom! + 1}`;
  const what = step.direction === "up" ? body.file : `The down of ${body.file}`;
  throw new TidemarkError(
    "E_MIGRATION",
    `${what} cannot run inside --single-transaction: ${why}. Nothing was ${step.direction === "up" ? "applied" : "rolled back"}`,
    { file: body.file, version: step.id, hint: "Run without --single-transaction." },
  );
}
