/**
 * Runs a plan on a connection whose lock is already held: one transaction per migration
 * (tracking row inside it), or statement by statement through the `running`/`failed` journal
 * when the migration cannot run in a transaction. Emits progress events; never prints.
 */
import type { BatchPart, Connection, Dialect } from "../dialects/dialect.js";
import { monotonicMs } from "./clock.js";
import { codeContext } from "./code-context.js";
import { QueryError, TidemarkError } from "./errors.js";
import type { MigratorEvents, StepEvent } from "./events.js";
import { appliedValues, type HistoryStore, type RecordValues } from "./history.js";
import { journaledDown, journaledRun } from "./journal.js";
import { sleep } from "./lock.js";
import type { LoadedMigration, MigrationBody, MigrationSource, SqlBody } from "./migration.js";
import type { PlanStep } from "./planner.js";
import type { CheckedPlan, PreparedStep } from "./preflight.js";
import type { Problem } from "./state.js";
import { rolledBackHint, toMigrationError, withBlockers, withHint } from "./step-errors.js";
import { capabilityReason } from "./transaction-plan.js";

export interface ExecuteOptions {
  readonly singleTransaction?: boolean;
  /**
   * The caller holds the transaction (verify's trial, see Migrator.trial): as `singleTransaction`,
   * but neither begun nor ended here; at the end of each up, constraints deferred to the commit
   * are checked (the dialect's `trial.checkDeferredSql`), as that up's own commit would have.
   */
  readonly outerTransaction?: boolean;
  readonly lockTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly retries: number;
  /** Aborting stops the run after the migration in flight has committed or rolled back. */
  readonly signal?: AbortSignal;
}

export interface ExecutorContext {
  readonly dialect: Dialect;
  readonly conn: Connection;
  readonly history: HistoryStore;
  readonly source: MigrationSource;
  readonly events: MigratorEvents;
  readonly options: ExecuteOptions;
}

export interface StepResult {
  readonly id: string;
  readonly version: string | null;
  readonly name: string;
  readonly direction: "up" | "down";
  readonly status: "applied" | "rolled_back" | "planned";
  readonly durationMs: number;
  /** False when the migration ran statement by statement outside a transaction. */
  readonly transactional: boolean;
  readonly outOfOrder?: boolean;
  /** The step's app (config `apps`); absent for the default set. */
  readonly app?: string;
}

/** What a run did. An empty `steps` means there was nothing to do. */
export interface RunReport {
  readonly direction: "up" | "down";
  readonly dryRun: boolean;
  readonly steps: readonly StepResult[];
  /** True when the run stopped early because it was interrupted (Ctrl-C). */
  readonly interrupted: boolean;
  /** Why nothing ran although migrations are pending (the plan's note). */
  readonly note?: string;
  /** Problems the run went on despite, such as an applied migration's missing file. */
  readonly warnings?: readonly Problem[];
  /** A dry run's fingerprint of its plan (see planHash): what `?plan=` asks the web admin to run. */
  readonly planHash?: string;
  /** Config `schemaFile`, written after a run that changed something; its error when the write failed. */
  readonly schemaFile?: SchemaFileResult;
  /** The backup taken before the run, under its lock (`backup`, config `backupBefore`). */
  readonly backup?: RunBackup;
}

/** How writing `schemaFile` went. A failure leaves the run's migrations applied. */
export interface SchemaFileResult {
  readonly path: string;
  /** Why it was not written (one line); absent when it was. */
  readonly error?: string;
}

/** A backup taken before a run. */
export interface RunBackup {
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
}

/** Runs every step in order; throws MigrationError on the first failure (earlier steps stay). */
export async function execute(checked: CheckedPlan, ctx: ExecutorContext): Promise<RunReport> {
  const { plan } = checked;
  const steps: StepResult[] = [];
  const single = ctx.options.singleTransaction === true && !ctx.options.outerTransaction;
  let interrupted = false;
  if (plan.steps.length > 0) {
    ctx.events.emit("run:start", { direction: plan.direction, steps: plan.steps.map(stepEvent) });
  }
  if (single) await ctx.conn.begin();
  try {
    for (const prepared of checked.steps) {
      // A synchronous driver (better-sqlite3) never gives the event loop a turn during a run:
      // give it one, so that a Ctrl-C that came during the last step is seen before the next.
      if (ctx.options.signal) await new Promise((resolve) => setImmediate(resolve));
      if (ctx.options.signal?.aborted) {
        interrupted = true;
        break;
      }
      steps.push(await runStep(prepared, ctx));
    }
    if (single) await ctx.conn.commit();
  } catch (err) {
    if (single) await ctx.conn.rollback().catch(() => {});
    throw err;
  }
  return { direction: plan.direction, dryRun: false, steps, interrupted };
}

function stepEvent(step: PlanStep): StepEvent {
  return { id: step.id, version: step.version, name: step.name, direction: step.direction };
}

async function runStep(prepared: PreparedStep, ctx: ExecutorContext): Promise<StepResult> {
  const { step } = prepared;
  const event = stepEvent(step);
  ctx.events.emit("migration:start", event);
  const started = monotonicMs();
  try {
    const transactional = await (step.direction === "up"
      ? runUp(prepared, ctx)
      : runDown(prepared, ctx));
    const durationMs = Math.round(monotonicMs() - started);
    if (transactional && !ctx.dialect.elapsedMsExpression && !ctx.options.singleTransaction) {
      await ctx.history.write(ctx.history.timingParts(step.id, durationMs, step.direction));
    }
    const status = step.direction === "up" ? "applied" : "rolled_back";
    ctx.events.emit("migration:end", { ...event, durationMs, status });
    return { ...event, status, durationMs, transactional, outOfOrder: step.outOfOrder };
  } catch (err) {
    const durationMs = Math.round(monotonicMs() - started);
    ctx.events.emit("migration:failed", { ...event, durationMs, error: err as Error });
    throw err;
  }
}

/** Why a down body must run outside a transaction, or null (a code down always runs in one). */
export async function downReason(
  step: PlanStep,
  body: MigrationBody,
  dialect: Dialect,
): Promise<string | null> {
  if (body.kind === "code") return null;
  if (step.info?.transaction === "never") return "the file asks for no transaction";
  return scriptReason(body, dialect);
}

/** Why a body must run outside a transaction, or null; lines named in it are the file's. */
export async function nonTransactional(
  loaded: LoadedMigration,
  body: MigrationBody,
  dialect: Dialect,
): Promise<string | null> {
  if (loaded.info.transaction === "never") return "the file asks for no transaction";
  if (body.kind === "code") return null;
  return scriptReason(body, dialect);
}

/**
 * The dialect's reason for `body`, else its capabilities' (see transaction-plan.ts), with script
 * lines turned into file lines (or stored-text lines, said so).
 */
async function scriptReason(body: SqlBody, dialect: Dialect): Promise<string | null> {
  const reason =
    (await dialect.nonTransactionalReason(body.sql)) ?? (await capabilityReason(body.sql, dialect));
  return (
    reason?.replace(/\bline (\d+)\b/g, (_, n: string) =>
      body.stored ? `stored down SQL, line ${n}` : `line ${Number(n) + body.line - 1}`,
    ) ?? null
  );
}

/** Runs an up the preflight prepared (its file read and checked once, there). */
async function runUp({ step, loaded, outside: reason }: PreparedStep, ctx: ExecutorContext) {
  if (!loaded) throw new Error(`internal: up step ${step.id} was prepared without its file`);
  const values = appliedValues(loaded);
  // --single-transaction with a step that must run outside one was refused by the preflight.
  if (reason !== null || step.resumeFrom !== undefined) {
    if (loaded.up.kind === "code") {
      await runCodeWithoutTransaction(step, loaded.up, ctx, values);
      return false;
    }
    if (reason)
      ctx.events.emit("migration:note", {
        ...stepEvent(step),
        message: `runs outside a transaction: ${reason}`,
      });
    await journaledRun(step, loaded.up, values, ctx);
    return false;
  }
  const timing = ctx.dialect.elapsedMsExpression ? "elapsed" : null;
  const check = ctx.options.outerTransaction ? ctx.dialect.trial?.checkDeferredSql : undefined;
  const tracking = [
    ...ctx.history.recordParts(loaded.info, { ...values, executionMs: timing }),
    ctx.history.logPart(step, "up", "ok", timing, null),
    ...(check === undefined ? [] : [{ sql: check }]),
  ];
  await runInTransaction(step, loaded.up, tracking, ctx);
  return true;
}

/** Runs a down the preflight prepared with the body it will use (the stored down when there is one). */
async function runDown({ step, body, outside: reason }: PreparedStep, ctx: ExecutorContext) {
  if (body.kind === "sql" && (reason !== null || step.resumeFrom !== undefined)) {
    if (reason)
      ctx.events.emit("migration:note", {
        ...stepEvent(step),
        message: `down runs outside a transaction: ${reason}`,
      });
    await journaledDown(step, body, ctx);
    return false;
  }
  const timing = ctx.dialect.elapsedMsExpression ? "elapsed" : null;
  const tracking = [
    ctx.history.updatePart(step.id, {
      status: "rolled_back",
      direction: "down",
      errorMessage: null,
      failedStatement: null,
    }),
    ctx.history.logPart(step, "down", "ok", timing, null),
  ];
  await runInTransaction(step, body, tracking, ctx, "down");
  return true;
}

/**
 * The down a step runs: the SQL stored when it was applied (so a rollback works after the file
 * is gone or edited; `repair` refreshes it from the file), else the file's down. When the
 * stored text is the file's down as it is now, the file's body is returned so that lines are
 * the file's; otherwise the body is marked `stored`.
 */
export async function downBody(step: PlanStep, ctx: ExecutorContext): Promise<MigrationBody> {
  const record = step.record;
  const loaded = step.info ? await ctx.source.load(step.info).catch(() => null) : null;
  if (record?.format === "sql" && record.rollbackSql !== null) {
    const file = loaded?.down;
    if (file?.kind === "sql" && file.sql === record.rollbackSql) return file;
    return {
      kind: "sql",
      sql: record.rollbackSql,
      file: step.info?.downFile ?? step.info?.file ?? `${step.id} (${step.name})`,
      line: 1,
      stored: true,
    };
  }
  const down = (loaded ?? (await ctx.source.load(step.info!))).down;
  if (!down)
    throw new TidemarkError("E_IRREVERSIBLE", `${step.info!.file} has no down migration`, {
      file: step.info!.file,
    });
  return down;
}

/** One migration in one transaction (or in the run's transaction), retried on lock timeouts. */
async function runInTransaction(
  step: PlanStep,
  body: MigrationBody,
  tracking: readonly BatchPart[],
  ctx: ExecutorContext,
  direction: "up" | "down" = "up",
): Promise<void> {
  const { options, dialect, conn } = ctx;
  const settings = dialect.migrationSettings(options).map((sql) => ({ sql }));
  const own = !options.singleTransaction;
  for (let attempt = 0; ; attempt++) {
    try {
      // The session as it opened (role, search_path, database) for the tracking writes and the
      // next migration, whatever the migration changed in it.
      const restore = conn.restoreSession();
      if (body.kind === "sql") {
        const script = isBlankSql(body.sql) ? [] : [{ sql: body.sql }];
        await conn.batch([...settings, ...script, ...restore, ...tracking], { transaction: own });
      } else {
        if (own) await conn.begin();
        try {
          if (settings.length > 0) await conn.batch(settings, { transaction: false });
          await body.run(codeContext(step, ctx));
          await conn.batch([...restore, ...tracking], { transaction: false });
          if (own) await conn.commit();
        } catch (err) {
          if (own) await conn.rollback().catch(() => {});
          throw err;
        }
      }
      return;
    } catch (err) {
      const retry =
        own && attempt < options.retries && err instanceof QueryError && dialect.isLockTimeout(err);
      if (retry) {
        const delayMs = 500 * 2 ** attempt;
        ctx.events.emit("migration:retry", {
          ...stepEvent(step),
          attempt: attempt + 1,
          delayMs,
          reason: err.message,
        });
        await sleep(delayMs);
        continue;
      }
      const offsetPart = body.kind === "sql" ? settings.length : -1;
      const e = toMigrationError(err, step, body, undefined, direction, offsetPart);
      const blockers =
        err instanceof QueryError && dialect.isLockTimeout(err) && body.kind === "sql"
          ? await dialect.describeLockBlockers(conn, e.statement ?? body.sql).catch(() => null)
          : null;
      const final = blockers
        ? withBlockers(e, blockers, attempt)
        : withHint(e, rolledBackHint(own, body));
      if (own)
        await ctx.history
          .write([
            ctx.history.logPart(step, "failure", "failed", null, `${direction}: ${final.message}`),
          ])
          .catch(() => {});
      throw final;
    }
  }
}

/** True when SQL holds nothing but white space and comments (an empty down): nothing to send. */
export function isBlankSql(sql: string): boolean {
  return (
    sql
      .replace(/--[^\n]*/g, "")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .trim().length === 0
  );
}

async function runCodeWithoutTransaction(
  step: PlanStep,
  body: MigrationBody,
  ctx: ExecutorContext,
  values: RecordValues,
) {
  if (body.kind !== "code") return;
  try {
    await body.run(codeContext(step, ctx));
  } catch (err) {
    const e = toMigrationError(err, step, body, undefined, "up");
    await ctx.conn.batch(ctx.conn.restoreSession(), { transaction: false }).catch(() => {});
    await ctx.history
      .write([ctx.history.logPart(step, "failure", "failed", null, e.message)])
      .catch(() => {});
    throw e;
  }
  await ctx.history.write([
    ...ctx.conn.restoreSession(),
    ...ctx.history.recordParts(step.info!, values),
    ctx.history.logPart(step, "up", "ok", null, null),
  ]);
}
