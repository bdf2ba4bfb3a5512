import { messageOf, QueryError, TidemarkError } from "../../core/errors.js";
import { redactText, redactUrl } from "../url.js";

/** The fields mysql2 puts on the errors it throws (server errors carry errno and sqlState). */
interface DriverError {
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly sqlMessage?: string;
  readonly message?: string;
}

/** Server errors that name where parsing stopped: "… near 'WHERE x' at line 2". */
const NEAR = /near '([\s\S]*)' at line (\d+)$/;

/**
 * Offset inside `sql` where a syntax error points, from the server's "near '…' at line N".
 * The quoted text is the rest of the statement from the bad token (possibly cut short);
 * an empty one means the statement ended too early. Undefined when the message has no such part.
 */
export function syntaxErrorOffset(message: string, sql: string): number | undefined {
  const m = NEAR.exec(message);
  if (!m) return undefined;
  const near = m[1]!;
  let lineStart = 0;
  for (let line = Number(m[2]); line > 1; line--) {
    const nl = sql.indexOf("\n", lineStart);
    if (nl === -1) break;
    lineStart = nl + 1;
  }
  if (near === "") return sql.trimEnd().length;
  for (const probe of [near, near.slice(0, 20)]) {
    const at = sql.indexOf(probe, lineStart);
    if (at !== -1) return at;
  }
  return lineStart;
}

/**
 * A mysql2 error as a QueryError: `sqlState` is the error's name (ER_DUP_ENTRY) or number,
 * `detail` the numeric code and SQLSTATE, `position` the syntax error's offset in `sql`.
 * `secrets` are removed from the message.
 */
export function mysqlQueryError(
  err: unknown,
  sql: string | undefined,
  secrets: readonly string[],
): QueryError {
  if (err instanceof QueryError) return err;
  const e = (err ?? {}) as DriverError;
  const message = redactText(
    e.sqlMessage ?? (messageOf(err) || e.code || "unknown error"),
    secrets,
  );
  const codes = [
    e.errno === undefined ? null : `error ${e.errno}`,
    e.sqlState ? `SQLSTATE ${e.sqlState}` : null,
  ];
  const detail = codes.filter((c) => c !== null).join(", ");
  return new QueryError(
    message,
    {
      sql,
      sqlState: e.code ?? (e.errno === undefined ? undefined : String(e.errno)),
      detail: detail === "" ? undefined : detail,
      position: sql === undefined ? undefined : syntaxErrorOffset(message, sql),
    },
    { cause: err },
  );
}

/**
 * A statement's QueryError restated for the script (or batch part) around it: `offset` is where
 * the statement starts in `sql`, so the position becomes an offset into `sql`.
 */
export function inScript(err: QueryError, sql: string, offset: number, part?: number): QueryError {
  return new QueryError(
    err.message,
    {
      sql,
      sqlState: err.sqlState,
      detail: err.detail,
      serverHint: err.serverHint,
      position: offset + (err.position ?? 0),
      part,
    },
    { cause: err.cause ?? err },
  );
}

/** A QueryError of a batch part, with the part's index. */
export function inPart(err: QueryError, part: number): QueryError {
  if (err.part === part) return err;
  const { sql, sqlState, detail, serverHint, position } = err;
  return new QueryError(
    err.message,
    { sql, sqlState, detail, serverHint, position, part },
    { cause: err.cause ?? err },
  );
}

const CONNECT_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "Is the MySQL/MariaDB server running, and listening on that host and port?",
  ENOTFOUND: "Check the host name in the URL.",
  ETIMEDOUT: "The server did not answer: check the host, port and firewall.",
  ER_ACCESS_DENIED_ERROR:
    "Check the user name and password in the URL (special characters in them must be percent-encoded: @ → %40, / → %2F, ? → %3F, # → %23, : → %3A, % → %25).",
  ER_DBACCESS_DENIED_ERROR: "Grant the user access to that database, or use another user.",
  ER_BAD_DB_ERROR: "Create the database first (CREATE DATABASE …), or fix its name in the URL.",
};

/** E_CONNECT naming the redacted URL and the driver's reason, with what to check next. */
export function connectError(err: unknown, url: string, secrets: readonly string[]): TidemarkError {
  const e = (err ?? {}) as DriverError;
  const reason = redactText(messageOf(err) || e.code || "unknown error", secrets);
  return new TidemarkError("E_CONNECT", `Cannot connect to ${redactUrl(url)}: ${reason}`, {
    cause: err,
    hint:
      CONNECT_HINTS[e.code ?? ""] ??
      "Check the URL, and that the server accepts connections from this host.",
  });
}
