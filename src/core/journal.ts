/**
 * The statement-level journal (SPEC §6): a migration that cannot run in a transaction
 * (MySQL DDL, PostgreSQL CREATE INDEX CONCURRENTLY, a no-transaction file) runs statement
 * by statement, and so does its down. Its row is written `running` (with the direction) first
 * and its progress after each statement, so a failure (or a crash) leaves exactly what was run
 * on record, and `up --resume` / `down --resume` continues from the failed statement.
 */
import type { Statement } from "../dialects/dialect.js";
import { monotonicMs } from "./clock.js";
import { MigrationError } from "./errors.js";
import type { ExecutorContext } from "./executor.js";
import type { RecordValues } from "./history.js";
import type { SqlBody } from "./migration.js";
import type { PlanStep } from "./planner.js";
import { toMigrationError } from "./step-errors.js";

/** Runs `body` statement by statement from `step.resumeFrom` (or the first), journaling progress. */
export async function journaledRun(
  step: PlanStep,
  body: SqlBody,
  values: RecordValues,
  ctx: ExecutorContext,
): Promise<void> {
  const { history } = ctx;
  const info = step.info!;
  const statements = await ctx.dialect.splitStatements(body.sql);
  const total = statements.length;
  const from = step.resumeFrom ?? 0;
  const started = monotonicMs();
  const journal = { ...values, direction: "up" as const, statementsTotal: total };
  await history.write([
    ...history.recordParts(info, {
      ...journal,
      status: "running",
      statementsDone: from,
      executionMs: step.resumeFrom === undefined ? null : (step.record?.executionMs ?? null),
    }),
    ...(step.resumeFrom === undefined
      ? []
      : [history.logPart(step, "resume", "ok", null, `from statement ${from + 1} of ${total}`)]),
  ]);
  await runStatements(step, body, statements, from, "up", ctx);
  const executionMs = Math.round(monotonicMs() - started);
  await history.write([
    ...history.recordParts(info, {
      ...journal,
      status: "applied",
      statementsDone: total,
      executionMs,
    }),
    history.logPart(step, "up", "ok", executionMs, outsideNote(total)),
  ]);
}

/**
 * Runs a down statement by statement from `step.resumeFrom` (or the first). The row keeps its
 * checksum and stored down; it goes `running` (direction down), then `rolled_back`, or `failed`
 * with the statements done.
 */
export async function journaledDown(
  step: PlanStep,
  body: SqlBody,
  ctx: ExecutorContext,
): Promise<void> {
  const { history } = ctx;
  const statements = await ctx.dialect.splitStatements(body.sql);
  const total = statements.length;
  const from = step.resumeFrom ?? 0;
  const started = monotonicMs();
  await history.write([
    history.updatePart(step.id, {
      status: "running",
      direction: "down",
      statementsDone: from,
      statementsTotal: total,
      errorMessage: null,
      failedStatement: null,
    }),
    ...(step.resumeFrom === undefined
      ? []
      : [
          history.logPart(
            step,
            "resume",
            "ok",
            null,
            `down from statement ${from + 1} of ${total}`,
          ),
        ]),
  ]);
  await runStatements(step, body, statements, from, "down", ctx);
  const executionMs = Math.round(monotonicMs() - started);
  await history.write([
    history.updatePart(step.id, {
      status: "rolled_back",
      statementsDone: total,
      errorMessage: null,
      failedStatement: null,
    }),
    history.logPart(step, "down", "ok", executionMs, outsideNote(total)),
  ]);
}

function outsideNote(total: number): string | null {
  if (total === 0) return null;
  return `${total} statement${total === 1 ? "" : "s"}, outside a transaction`;
}

async function runStatements(
  step: PlanStep,
  body: SqlBody,
  statements: readonly Statement[],
  from: number,
  direction: "up" | "down",
  ctx: ExecutorContext,
): Promise<void> {
  const { history, conn, dialect } = ctx;
  for (let i = from; i < statements.length; i++) {
    const statement = statements[i]!;
    const sql = dialect.withTrackingLocks?.(statement.sql, history.tableRefs) ?? statement.sql;
    try {
      await conn.execStatement(sql === statement.sql ? statement : { ...statement, sql });
    } catch (err) {
      const e = toMigrationError(err, step, body, statement.offset, direction);
      // A failure inside the file's own BEGIN leaves the session in an aborted transaction;
      // the failure is recorded in the session as it opened (role, database, no table locks).
      await conn.rollback().catch(() => {});
      await conn.batch(conn.restoreSession(), { transaction: false }).catch(() => {});
      throw await recordFailure(step, body, i, statements.length, e, direction, ctx);
    }
    const progress = history.updatePart(step.id, { statementsDone: i + 1 });
    await conn.query(progress.sql, progress.params);
  }
  await conn.batch(conn.restoreSession(), { transaction: false });
}

/** "none run", "statement 1 run", "statements 1–3 run" (with the given verb). */
function doneText(index: number, verb: string): string {
  if (index === 0) return `none ${verb}`;
  return index === 1 ? `statement 1 ${verb}` : `statements 1–${index} ${verb}`;
}

async function recordFailure(
  step: PlanStep,
  body: SqlBody,
  index: number,
  total: number,
  e: MigrationError,
  direction: "up" | "down",
  ctx: ExecutorContext,
): Promise<MigrationError> {
  const down = direction === "down";
  const done = doneText(index, down ? "of the down ran" : "applied");
  const at = `statement ${index + 1} of ${total}`;
  const logMessage = `${down ? "down: " : ""}${at} failed (${done}): ${e.message}`;
  await ctx.history
    .write([
      ctx.history.updatePart(step.id, {
        status: "failed",
        direction,
        statementsDone: index,
        statementsTotal: total,
        errorMessage: e.message,
        failedStatement: index,
      }),
      ctx.history.logPart(step, "failure", "failed", null, logMessage),
    ])
    .catch(() => {});
  const version = step.version ?? step.id;
  const stored =
    down && body.stored === true
      ? "The down stored when it was applied ran (the file's down differs from it, or the file is gone). "
      : "";
  const hint = down
    ? `${stored}Fix the cause, then run \`tidemark down --resume\` to continue the down from statement ${index + 1}; or fix the down in the file, undo by hand what it already did, and run \`tidemark repair\` (the row goes back to applied and the next \`tidemark down\` runs the file's down from its first statement); or finish it by hand and run \`tidemark stamp <the version before ${version}, or zero>\`.`
    : `Fix the cause, then run \`tidemark up --resume\` to continue from statement ${index + 1}; or clean up by hand and run \`tidemark repair\`; or \`tidemark down\`.`;
  return new MigrationError(
    `${e.message} (${down ? "down " : ""}${at}; ${done}; recorded as failed)`,
    { ...e, cause: e.cause, statementIndex: index, hint },
  );
}
