/**
 * Turning a step's failure into the one MigrationError a person reads: the file, line, column
 * and statement, the server's detail, and what to do next.
 */
import { MigrationError, messageOf, QueryError } from "./errors.js";
import { locate } from "./locate.js";
import type { MigrationBody, SqlBody } from "./migration.js";
import type { PlanStep } from "./planner.js";

export const ROLLED_BACK_HINT =
  "It was rolled back: nothing of it was applied. Fix it, then run the command again.";
export const SINGLE_ROLLED_BACK_HINT =
  "The whole --single-transaction run was rolled back: nothing was applied. Fix it, then run again.";

/** `e` with `hint` added after the hint it has (the engine's advice comes first). */
export function withHint(e: MigrationError, hint: string): MigrationError {
  return new MigrationError(e.message, {
    ...e,
    cause: e.cause,
    hint: e.hint ? `${e.hint} ${hint}` : hint,
  });
}

export function withBlockers(
  e: MigrationError,
  blockers: string,
  attempts: number,
): MigrationError {
  const tries = attempts === 0 ? "1 attempt" : `${attempts + 1} attempts`;
  return new MigrationError(`${e.message} (after ${tries}): ${blockers}`, {
    file: e.file,
    line: e.line,
    column: e.column,
    version: e.version,
    statement: e.statement,
    direction: e.direction,
    sqlState: e.sqlState,
    cause: e.cause,
    hint: "Wait for the blocking session to finish (or end it), then run again; raise --lock-timeout or --retries if it is expected.",
  });
}

/**
 * Wraps any failure of a step in a MigrationError pointing at the file, line and statement.
 * `base` is the statement's offset inside the body when the body ran statement by statement;
 * `scriptPart` is the batch index of the body's SQL when it ran as one part of a batch.
 */
export function toMigrationError(
  err: unknown,
  step: PlanStep,
  body: MigrationBody,
  base: number | undefined,
  direction: "up" | "down",
  scriptPart = -1,
): MigrationError {
  if (err instanceof MigrationError) return err;
  const q = err instanceof QueryError ? err : undefined;
  const inScript =
    q !== undefined && (base !== undefined || q.part === undefined || q.part === scriptPart);
  const where =
    body.kind === "sql" && inScript
      ? locate(body as SqlBody, base !== undefined ? base + (q?.position ?? 0) : q?.position)
      : { file: body.file, line: undefined, column: undefined, statement: undefined };
  const tracking = q !== undefined && !inScript ? "while recording it in the tracking table: " : "";
  return new MigrationError(`${tracking}${q ? q.message : messageOf(err)}`, {
    cause: err,
    version: step.version ?? step.id,
    direction,
    file: where.file,
    line: where.line,
    column: where.column,
    statement: where.statement,
    sqlState: q?.sqlState,
    detail: q?.detail,
    serverHint: q?.serverHint,
    hint: q?.hint,
  });
}
