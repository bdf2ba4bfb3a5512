/**
 * One Connection for both PostgreSQL drivers. A driver adapter ({@link PgSession}) runs single
 * statements and simple-query scripts; this class turns a batch into ONE script
 * (`BEGIN; <parts>; COMMIT;`, parameters inlined as literals) and maps a failure back to
 * the part that failed and an offset inside it.
 */
import { QueryError } from "../../core/errors.js";
import type { Row } from "../../core/migration.js";
import type { BatchPart, Connection, Statement } from "../dialect.js";
import { normalizePgError, serverPosition } from "./pg-errors.js";
import { inlineParams, toDriverParam } from "./pg-literals.js";
import { parseStatements } from "./pg-parser.js";

/** A failed simple-query script: the driver's error and how many statements had completed. */
export interface ScriptFailure {
  readonly error: unknown;
  /** Statements that reported CommandComplete before the error; undefined when unknown. */
  readonly completed: number | undefined;
}

/** What a driver adapter provides. Errors are thrown (or returned) as the driver made them. */
export interface PgSession {
  query(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** {@link query}, each row handed over as it arrives (see Connection.queryEach); optional. */
  queryEach?(sql: string, params: readonly unknown[], each: (row: Row) => void): Promise<void>;
  /** Runs a multi-statement script with the simple-query protocol, in one round trip. */
  script(sql: string): Promise<ScriptFailure | null>;
  /** Ends the session; may throw. `detach`: see Connection.close. */
  end(detach?: boolean): Promise<void>;
  /** In-process sessions (PGlite): see {@link Connection.copyTo}. */
  copyTo?(file: string): Promise<void>;
}

interface Range {
  readonly start: number;
  readonly text: string;
}

// Each part ends on a new line before its semicolon, so that a trailing `-- comment`
// in a migration file cannot swallow the statement after it.
const SEPARATOR = "\n;\n";

function combine(
  parts: readonly BatchPart[],
  transaction: boolean,
): { sql: string; ranges: Range[] } {
  let sql = transaction ? "BEGIN;\n" : "";
  const ranges: Range[] = [];
  for (const part of parts) {
    const text = part.params ? inlineParams(part.sql, part.params) : part.sql;
    ranges.push({ start: sql.length, text });
    sql += text + SEPARATOR;
  }
  return { sql: transaction ? `${sql}COMMIT;` : sql, ranges };
}

/**
 * Where a script failed, as an offset into `sql`: the server's position when it gave one,
 * else the start of the statement after the last one that completed (found with the parser,
 * only on this failure path). Undefined when neither is known.
 */
async function failureOffset(failure: ScriptFailure, sql: string): Promise<number | undefined> {
  const position = serverPosition(failure.error, sql);
  if (position !== undefined || failure.completed === undefined) return position;
  // Only a server error fails a statement; a lost connection says nothing about which one ran.
  if (!/^[0-9A-Z]{5}$/.test(String((failure.error as { code?: unknown }).code))) return undefined;
  try {
    return (await parseStatements(sql))[failure.completed]?.offset;
  } catch {
    return undefined;
  }
}

/**
 * The part an offset of the combined script falls in, and the offset inside it. An error
 * just past a part (an unfinished statement fails at the separator's `;`) belongs to it.
 */
function partAt(
  ranges: readonly Range[],
  offset: number,
): { part: number; sql: string; position: number } | undefined {
  for (let part = ranges.length - 1; part >= 0; part--) {
    const { start, text } = ranges[part]!;
    if (offset < start) continue;
    if (offset >= start + text.length + SEPARATOR.length) return undefined;
    return { part, sql: text, position: Math.min(offset - start, text.length) };
  }
  return undefined;
}

/** A PostgreSQL session used for a whole run. */
export class PgConnection implements Connection {
  private closed = false;
  /** The search_path as the session opened (after `?schema=`), put back after each migration. */
  private searchPath: string | null = null;
  /** Present when the session is in-process (PGlite): see {@link Connection.copyTo}. */
  readonly copyTo?: (file: string) => Promise<void>;

  constructor(
    private readonly session: PgSession,
    private readonly secrets: readonly string[],
  ) {
    if (session.copyTo) this.copyTo = (file) => session.copyTo!(file);
  }

  /**
   * Reads what the session opened with: the schema unqualified names land in (where the
   * tracking tables go when no schema is named) and the search_path to restore. One round trip,
   * which also makes `settings` (`set_config(…)` calls, with `params`): a connection's set-up
   * costs one round trip, not one a setting.
   */
  async captureSession(
    settings: readonly string[] = [],
    params: readonly unknown[] = [],
  ): Promise<{ readonly schema: string }> {
    const made = settings.map((sql, i) => `${sql} AS setting_${i}, `).join("");
    const [row] = await this.query<{ schema: string | null; path: string }>(
      `SELECT ${made}current_schema() AS schema, current_setting('search_path') AS path`,
      params,
    );
    this.searchPath = row?.path ?? null;
    // An empty search_path has no current schema; unqualified names would fail anyway.
    return { schema: row?.schema ?? "public" };
  }

  restoreSession(): readonly BatchPart[] {
    // A migration may SET ROLE / SET SESSION AUTHORIZATION or change search_path (pg_dump files
    // empty it): tracking writes must not run as another role, and the next migration must
    // start as psql would start it, in the session's own settings.
    const parts: BatchPart[] = [{ sql: "RESET SESSION AUTHORIZATION" }, { sql: "RESET ROLE" }];
    if (this.searchPath !== null) {
      parts.push({
        sql: "SELECT pg_catalog.set_config('search_path', $1, false)",
        params: [this.searchPath],
      });
    }
    return parts;
  }

  async execStatement(statement: Statement): Promise<void> {
    await this.exec(statement.sql);
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    try {
      return (await this.session.query(sql, params.map(toDriverParam))) as T[];
    } catch (err) {
      throw normalizePgError(err, sql, this.secrets);
    }
  }

  async queryEach(
    sql: string,
    params: readonly unknown[],
    each: (row: Row) => void,
  ): Promise<void> {
    try {
      const driverParams = params.map(toDriverParam);
      if (this.session.queryEach) await this.session.queryEach(sql, driverParams, each);
      else for (const row of await this.session.query(sql, driverParams)) each(row);
    } catch (err) {
      throw normalizePgError(err, sql, this.secrets);
    }
  }

  /** Runs a script; a driver that throws (lost connection, bad text) fails it too. */
  private async script(sql: string): Promise<ScriptFailure | null> {
    try {
      return await this.session.script(sql);
    } catch (error) {
      return { error, completed: undefined };
    }
  }

  async exec(script: string): Promise<void> {
    const failure = await this.script(script);
    if (!failure) return;
    const error = normalizePgError(failure.error, script, this.secrets);
    const position = await failureOffset(failure, script);
    throw new QueryError(
      error.message,
      { ...details(error), sql: script, position },
      { cause: failure.error },
    );
  }

  async batch(
    parts: readonly BatchPart[],
    options: { readonly transaction: boolean },
  ): Promise<void> {
    if (parts.length === 0 && !options.transaction) return;
    let combined: ReturnType<typeof combine>;
    try {
      combined = combine(parts, options.transaction);
    } catch (err) {
      throw normalizePgError(err, undefined, this.secrets);
    }
    const { sql, ranges } = combined;
    const failure = await this.script(sql);
    if (!failure) return;
    if (options.transaction) await this.rollback().catch(() => {});
    const error = normalizePgError(failure.error, sql, this.secrets);
    const offset = await failureOffset(failure, sql);
    const at = offset === undefined ? undefined : partAt(ranges, offset);
    throw new QueryError(
      error.message,
      at ? { ...details(error), ...at } : { ...details(error), sql },
      { cause: failure.error },
    );
  }

  async begin(): Promise<void> {
    await this.query("BEGIN");
  }

  async commit(): Promise<void> {
    await this.query("COMMIT");
  }

  async rollback(): Promise<void> {
    await this.query("ROLLBACK");
  }

  async close(options: { readonly detach?: boolean } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.session.end(options.detach).catch(() => {});
  }
}

function details(error: QueryError) {
  return { sqlState: error.sqlState, detail: error.detail, serverHint: error.serverHint };
}
