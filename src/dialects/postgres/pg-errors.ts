/**
 * Driver errors (pg's and PGlite's DatabaseError share one shape) → QueryError, and
 * connection failures → E_CONNECT. Passwords never reach a message.
 */
import { messageOf, QueryError, TidemarkError } from "../../core/errors.js";
import { percentEncodeHint, redactText } from "../url.js";

/** The fields of a PostgreSQL error message (ErrorResponse) both drivers expose. */
interface PgErrorFields {
  readonly message?: string;
  readonly code?: string;
  readonly position?: string | number;
  readonly detail?: string;
  readonly hint?: string;
  readonly where?: string;
}

/**
 * PostgreSQL positions count characters (code points) from 1; JavaScript indexes count
 * UTF-16 units from 0. Returns the 0-based string index of 1-based code point `position`.
 */
export function codePointIndex(sql: string, position: number): number {
  let index = 0;
  for (let n = 1; n < position && index < sql.length; n++) {
    index += (sql.codePointAt(index) ?? 0) >= 0x10000 ? 2 : 1;
  }
  return index;
}

function messageText(err: unknown): string {
  if (err instanceof AggregateError && err.message === "") {
    return err.errors.map(messageOf).join("; ");
  }
  return messageOf(err);
}

/** The 0-based position of a server error inside `sql`, when the server gave one. */
export function serverPosition(err: unknown, sql: string | undefined): number | undefined {
  const raw = (err as PgErrorFields | null)?.position;
  const position = raw === undefined || raw === "" ? Number.NaN : Number(raw);
  if (!Number.isInteger(position) || position < 1) return undefined;
  return sql === undefined ? position - 1 : codePointIndex(sql, position);
}

/**
 * Turns anything pg or PGlite threw into a QueryError: message, SQLSTATE, 0-based position
 * into `sql`, detail (with the server's context line, e.g. the PL/pgSQL line), hint.
 * `secrets` are removed from every text.
 */
export function normalizePgError(
  err: unknown,
  sql?: string,
  secrets: readonly string[] = [],
): QueryError {
  if (err instanceof QueryError) return err;
  const fields = (typeof err === "object" && err !== null ? err : {}) as PgErrorFields;
  const clean = (text: string | undefined) =>
    text === undefined || text === "" ? undefined : redactText(text, secrets);
  const context = clean(fields.where);
  const detail = [clean(fields.detail), context && `Context: ${context}`]
    .filter(Boolean)
    .join("\n");
  return new QueryError(
    clean(messageText(err)) ?? "query failed",
    {
      sql,
      sqlState: typeof fields.code === "string" ? fields.code : undefined,
      position: serverPosition(err, sql),
      detail: detail === "" ? undefined : detail,
      serverHint: clean(fields.hint),
    },
    { cause: err },
  );
}

const CONNECT_HINTS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "Is the server running, and listening on that host and port?",
  ENOTFOUND: "Check the host name in the URL.",
  EAI_AGAIN: "Check the host name in the URL and the network.",
  ETIMEDOUT: "Check the host, port and firewall; the server did not answer.",
  "28P01":
    "Check the user name and password in the URL (special characters in them must be percent-encoded: @ → %40, / → %2F, ? → %3F, # → %23, : → %3A, % → %25).",
  "28000":
    "Check the user name in the URL, and that the server's pg_hba.conf lets it connect from here.",
  "3D000": "Create the database first, or fix its name in the URL.",
  "53300": "The server has no free connection slots; try again later.",
  "57P03": "The server is starting up or shutting down; try again shortly.",
};

function connectHint(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const inner = err instanceof AggregateError ? err.errors[0] : undefined;
  const key = typeof code === "string" ? code : (inner as { code?: string } | undefined)?.code;
  const text = messageText(err);
  if (/does not support SSL/i.test(text)) {
    return "The server does not offer SSL: remove sslmode from the URL, or set ?sslmode=disable.";
  }
  if (/self[- ]signed|certificate|SSL|TLS/i.test(text)) {
    return "The server's certificate was refused: use ?sslmode=require to encrypt without verifying it, or give its CA with ?sslrootcert=<file>.";
  }
  return (key && CONNECT_HINTS[key]) ?? "Check the URL, and that the database server is reachable.";
}

/** A URL that pg's parser refused (`new URL` failed, or a `%` escape that does not decode). */
function isInvalidUrl(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === "ERR_INVALID_URL" || err instanceof URIError;
}

/**
 * The error for a failed connection: E_CONFIG saying how to write the URL when pg could not
 * read it, else E_CONNECT with the reason. `displayUrl` is already redacted.
 */
export function connectError(
  err: unknown,
  displayUrl: string,
  secrets: readonly string[],
  hint: string = connectHint(err),
): TidemarkError {
  if (isInvalidUrl(err)) {
    return new TidemarkError("E_CONFIG", `Invalid PostgreSQL URL ${displayUrl}`, {
      cause: err,
      hint: percentEncodeHint("postgres://user:password@host:5432/database"),
    });
  }
  const reason = redactText(messageText(err) || "connection failed", secrets);
  return new TidemarkError("E_CONNECT", `Cannot connect to ${displayUrl}: ${reason}`, {
    cause: err,
    hint,
  });
}
