/**
 * Turning a step's failure into the one MigrationError a person reads: the file, line, column
 * and statement, the server's detail, and what to do next.
 */
import { MigrationError, messageOf, QueryError, TidemarkError } from "./errors.js";
import { locate } from "./locate.js";
import type { MigrationBody, SqlBody } from "./migration.js";
import type { PlanStep } from "./planner.js";

const ROLLED_BACK = "It was rolled back: nothing of it was applied.";
const SINGLE_ROLLED_BACK =
  "The whole --single-transaction run was rolled back: nothing was applied.";

export const ROLLED_BACK_HINT = `${ROLLED_BACK} Fix it, then run the command again.`;
export const SINGLE_ROLLED_BACK_HINT = `${SINGLE_ROLLED_BACK} Fix it, then run again.`;

/** Said after a failure of a down read from the tracking table rather than the file. */
export const STORED_DOWN_HINT =
  "The down stored when it was applied ran (the file's down differs from it, or the file is gone): fix the down in the file and run `tidemark repair` to store it, or fix the cause;";

/** What to do after a transaction rolled back: fix and run again (for a stored down: fix the file and repair). */
export function rolledBackHint(own: boolean, body: MigrationBody): string {
  if (body.kind === "sql" && body.stored)
    return `${own ? ROLLED_BACK : SINGLE_ROLLED_BACK} ${STORED_DOWN_HINT} then run the command again.`;
  return own ? ROLLED_BACK_HINT : SINGLE_ROLLED_BACK_HINT;
}

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
  // A line of the stored down text is no line of the file: say where it is in the message.
  const stored = body.kind === "sql" && body.stored === true;
  const storedLine =
    where.line === undefined
      ? ""
      : `, line ${where.line}${where.column === undefined ? "" : `, column ${where.column}`}`;
  const storedAt = stored
    ? `${step.info ? "" : `${body.file}: `}stored down SQL${storedLine}: `
    : "";
  return new MigrationError(`${tracking}${storedAt}${q ? q.message : messageOf(err)}`, {
    cause: err,
    version: step.version ?? step.id,
    direction,
    file: stored ? step.info?.file : where.file,
    line: stored ? undefined : where.line,
    column: stored ? undefined : where.column,
    statement: where.statement,
    sqlState: q?.sqlState,
    detail: q?.detail,
    serverHint: q?.serverHint,
    hint: q?.hint,
  });
}

/**
 * A dialect's parse error (a client command, a bad DELIMITER line), whose line counts in the SQL
 * it was given, as an error of the file: the file named, the line the file's (or, for a stored
 * down, said to be the stored text's). Any other error is returned as it is.
 */
export function parseErrorInFile(err: unknown, body: MigrationBody, version: string): unknown {
  if (!(err instanceof TidemarkError) || err.code !== "E_PARSE") return err;
  if (err.file !== undefined || err.line === undefined || body.kind !== "sql") return err;
  const text = err.message.replace(/^line \d+: /, "");
  return new TidemarkError(
    "E_PARSE",
    body.stored ? `stored down SQL, line ${err.line}: ${text}` : text,
    {
      file: body.file,
      line: body.stored ? undefined : body.line + err.line - 1,
      version,
      hint: err.hint,
      cause: err,
    },
  );
}
