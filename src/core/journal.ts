/**
 * The statement-level journal (SPEC §6): a migration that cannot run in a transaction
 * (MySQL DDL, PostgreSQL CREATE INDEX CONCURRENTLY, a no-transaction file) runs statement
 * by statement. Its row is written `running` first and its progress after each statement,
 * so a failure (or a crash) leaves exactly what was applied on record, and
 * `up --resume` continues from the failed statement.
 */
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
  const { history, conn, dialect } = ctx;
  const info = step.info!;
  const statements = await dialect.splitStatements(body.sql);
  const from = step.resumeFrom ?? 0;
  const started = performance.now();
  if (step.resumeFrom === undefined) {
    await history.write([
      ...history.recordParts(info, { ...values, status: "running", statementsDone: 0 }),
    ]);
  } else {
    await history.write([
      ...history.recordParts(info, {
        ...values,
        status: "running",
        statementsDone: from,
        executionMs: step.record?.executionMs ?? null,
      }),
      history.logPart(
        step,
        "resume",
        "ok",
        null,
        `from statement ${from + 1} of ${statements.length}`,
      ),
    ]);
  }
  for (let i = from; i < statements.length; i++) {
    const statement = statements[i]!;
    try {
      await conn.exec(statement.sql);
    } catch (err) {
      const e = toMigrationError(err, step, body, statement.offset, "up");
      // A failure inside the file's own BEGIN leaves the session in an aborted transaction.
      await conn.rollback().catch(() => {});
      throw await recordFailure(step, i, statements.length, e, ctx);
    }
    const progress = history.progressPart(step.id, i + 1);
    await conn.query(progress.sql, progress.params);
  }
  const executionMs = Math.round(performance.now() - started);
  await history.write([
    ...history.recordParts(info, {
      ...values,
      status: "applied",
      statementsDone: statements.length,
      executionMs,
    }),
    history.logPart(
      step,
      "up",
      "ok",
      executionMs,
      statements.length === 0
        ? null
        : `${statements.length} statement${statements.length === 1 ? "" : "s"}, outside a transaction`,
    ),
  ]);
}

async function recordFailure(
  step: PlanStep,
  index: number,
  total: number,
  e: MigrationError,
  ctx: ExecutorContext,
): Promise<MigrationError> {
  const applied =
    index === 0
      ? "none applied"
      : index === 1
        ? "statement 1 applied"
        : `statements 1–${index} applied`;
  const message = `statement ${index + 1} of ${total} failed (${applied}): ${e.message}`;
  await ctx.history
    .write([
      ctx.history.statusPart(step.id, "failed", e.message, index),
      ctx.history.logPart(step, "failure", "failed", null, message),
    ])
    .catch(() => {});
  return new MigrationError(
    `${e.message} (statement ${index + 1} of ${total}; ${applied}; recorded as failed)`,
    {
      ...e,
      cause: e.cause,
      statementIndex: index,
      hint: `Fix the cause, then run \`tidemark up --resume\` to continue from statement ${index + 1}; or clean up by hand and run \`tidemark repair\`; or \`tidemark down\`.`,
    },
  );
}
