/**
 * Every error tidemark throws is a {@link TidemarkError} with a stable `code`, a message that
 * says what failed, and (where known) the file, line and migration version it concerns.
 * The library never prints; the CLI renders these as one line each.
 */
export type ErrorCode =
  | "E_CONFIG"
  | "E_USAGE"
  | "E_CONNECT"
  | "E_IO"
  | "E_PARSE"
  | "E_DUPLICATE"
  | "E_DEPENDENCY"
  | "E_ORDER"
  | "E_TARGET"
  | "E_CHECKSUM"
  | "E_MISSING"
  | "E_IRREVERSIBLE"
  | "E_FAILED_STATE"
  | "E_LOCK_TIMEOUT"
  | "E_MIGRATION"
  | "E_QUERY"
  | "E_ABORTED"
  | "E_IMPORT"
  | "E_BACKUP"
  | "E_UNSUPPORTED"
  | "E_LINT"
  /** A change needs a confirmation that nobody could give (protected environment, no terminal). */
  | "E_CONFIRM"
  /** The database is in use by other sessions (`drop`). */
  | "E_IN_USE";

/** Where in a file an error points. Lines and columns are 1-based. */
export interface ErrorLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly version?: string;
}

export interface TidemarkErrorOptions extends ErrorLocation {
  readonly cause?: unknown;
  /** What the user should do next, shown after the message. */
  readonly hint?: string;
}

/** Base class of every error the library throws on purpose. */
export class TidemarkError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly version: string | undefined;

  constructor(code: ErrorCode, message: string, options: TidemarkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.version = options.version;
  }
}

/** Extra facts a database reports with a failed statement. */
export interface QueryErrorDetails {
  /** 0-based character offset of the error inside the SQL that was sent, when the engine says. */
  readonly position?: number;
  /** Engine error code: SQLSTATE on PostgreSQL, errno/code on MySQL, extended code on SQLite. */
  readonly sqlState?: string;
  readonly detail?: string;
  readonly serverHint?: string;
  /** The SQL that was sent when the error happened. */
  readonly sql?: string;
  /** In a batch: index of the part that failed. */
  readonly part?: number;
}

/** A database refused a statement. Dialects produce it from driver errors (`normalizeError`). */
export class QueryError extends TidemarkError {
  readonly position: number | undefined;
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly serverHint: string | undefined;
  readonly sql: string | undefined;
  readonly part: number | undefined;

  constructor(
    message: string,
    details: QueryErrorDetails = {},
    options: TidemarkErrorOptions = {},
  ) {
    super("E_QUERY", message, options);
    this.part = details.part;
    this.position = details.position;
    this.sqlState = details.sqlState;
    this.detail = details.detail;
    this.serverHint = details.serverHint;
    this.sql = details.sql;
  }
}

export interface MigrationErrorOptions extends TidemarkErrorOptions {
  /** The statement that failed, as written in the file. */
  readonly statement?: string;
  /** 0-based index of the failed statement when the file ran statement by statement. */
  readonly statementIndex?: number;
  readonly direction?: "up" | "down";
  readonly sqlState?: string;
  readonly detail?: string;
  readonly serverHint?: string;
}

/** A migration failed while it ran. Carries the file's line and column of the failing SQL. */
export class MigrationError extends TidemarkError {
  readonly statement: string | undefined;
  readonly statementIndex: number | undefined;
  readonly direction: "up" | "down";
  readonly sqlState: string | undefined;
  readonly detail: string | undefined;
  readonly serverHint: string | undefined;

  constructor(message: string, options: MigrationErrorOptions = {}) {
    super("E_MIGRATION", message, options);
    this.statement = options.statement;
    this.statementIndex = options.statementIndex;
    this.direction = options.direction ?? "up";
    this.sqlState = options.sqlState;
    this.detail = options.detail;
    this.serverHint = options.serverHint;
  }
}

/** The migration lock was not obtained in time (CLI exit code 3). */
export class LockTimeoutError extends TidemarkError {
  readonly holder: string | undefined;
  constructor(message: string, holder?: string, options: TidemarkErrorOptions = {}) {
    super("E_LOCK_TIMEOUT", message, options);
    this.holder = holder;
  }
}

/** True when `err` is a tidemark error with the given code. */
export function hasCode(err: unknown, code: ErrorCode): err is TidemarkError {
  return err instanceof TidemarkError && err.code === code;
}

/** The message of anything thrown, for wrapping driver errors. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
