/**
 * An error as one JSON value: what `--json` prints on failure and what the HTTP API answers.
 * One shape for both, so a script reading either sees the same fields. Never a stack trace;
 * URLs in messages are redacted.
 */
import { redactUrlsIn } from "../dialects/url.js";
import { LockTimeoutError, MigrationError, TidemarkError } from "./errors.js";

/** `{ error: { code, message, file, line, column, version, hint, … } }` for any thrown value. */
export function errorJson(err: unknown): Record<string, unknown> {
  if (err instanceof TidemarkError) {
    const extra =
      err instanceof MigrationError
        ? {
            direction: err.direction,
            statement: err.statement,
            statementIndex: err.statementIndex,
            sqlState: err.sqlState,
            detail: err.detail === undefined ? undefined : redactUrlsIn(err.detail),
            serverHint: err.serverHint,
          }
        : err instanceof LockTimeoutError
          ? { holder: err.holder }
          : {};
    return {
      error: {
        code: err.code,
        message: redactUrlsIn(err.message),
        file: err.file,
        line: err.line,
        column: err.column,
        version: err.version,
        hint: err.hint,
        ...extra,
      },
    };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { error: { code: "E_INTERNAL", message: redactUrlsIn(message) } };
}
