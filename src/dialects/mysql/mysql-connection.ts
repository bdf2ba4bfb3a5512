import { QueryError } from "../../core/errors.js";
import type { Row } from "../../core/migration.js";
import type { BatchPart, Connection } from "../dialect.js";
import type { MysqlDriverConnection, MysqlServerInfo } from "./mysql-driver.js";
import { inPart, inScript, mysqlQueryError } from "./mysql-errors.js";
import { bindPlaceholders, clientLineEnds, quoteMysqlIdent } from "./mysql-lexer.js";
import { type MysqlStatement, splitMysqlStatements } from "./mysql-splitter.js";

/**
 * One MySQL / MariaDB session. Statements go over the text protocol, one at a time (the
 * driver's multi-statement mode stays off), so that a failure names its statement. Parameters
 * are bound client-side at `?` marks outside quotes and comments, escaped by the driver.
 */
export class MysqlConnection implements Connection {
  private broken: Error | null = null;

  constructor(
    private readonly driver: MysqlDriverConnection,
    /** The server's flavour, version and features, read at connect. */
    readonly server: MysqlServerInfo,
    private readonly secrets: readonly string[],
    /** The URL's database: the session's current database, put back after each migration. */
    private readonly database: string,
  ) {
    // A session that dies while idle makes the driver emit "error"; unheard, it would crash the process.
    driver.on("error", (err) => {
      this.broken = err;
    });
  }

  async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const text = params.length === 0 ? sql : this.bind(sql, params);
    try {
      const [result] = await this.driver.query(text);
      return rowsOf(result) as T[];
    } catch (err) {
      throw mysqlQueryError(this.broken ?? err, sql, this.secrets);
    }
  }

  async exec(script: string): Promise<void> {
    for (const statement of splitMysqlStatements(script)) {
      try {
        await this.driver.query(clientLineEnds(statement.sql, !statement.noBackslashEscapes));
      } catch (err) {
        const e = mysqlQueryError(this.broken ?? err, statement.sql, this.secrets);
        throw inScript(e, script, statement.offset);
      }
    }
  }

  async execStatement(statement: MysqlStatement): Promise<void> {
    try {
      await this.driver.query(clientLineEnds(statement.sql, !statement.noBackslashEscapes));
    } catch (err) {
      throw mysqlQueryError(this.broken ?? err, statement.sql, this.secrets);
    }
  }

  restoreSession(): readonly BatchPart[] {
    // As the next `mysql` session would start: no table locks held (UNLOCK TABLES commits only
    // when LOCK TABLES was used) and the URL's database current again after a `USE other`.
    // Sent as single statements (params: none), never read as a script: `USE db` without a
    // delimiter is, to the script reader, the client's own command.
    return [
      { sql: "UNLOCK TABLES", params: [] },
      { sql: `USE ${quoteMysqlIdent(this.database)}`, params: [] },
    ];
  }

  async batch(
    parts: readonly BatchPart[],
    options: { readonly transaction: boolean },
  ): Promise<void> {
    if (options.transaction) await this.begin();
    let index = 0;
    try {
      for (; index < parts.length; index++) {
        const part = parts[index]!;
        if (part.params) await this.query(part.sql, part.params);
        else await this.exec(part.sql);
      }
      if (options.transaction) await this.commit();
    } catch (err) {
      if (options.transaction) await this.rollback().catch(() => {});
      const e = err instanceof QueryError ? err : mysqlQueryError(err, undefined, this.secrets);
      throw inPart(e, index);
    }
  }

  async begin(): Promise<void> {
    await this.query("START TRANSACTION");
  }

  async commit(): Promise<void> {
    await this.query("COMMIT");
  }

  async rollback(): Promise<void> {
    await this.query("ROLLBACK");
  }

  async close(): Promise<void> {
    try {
      await this.driver.end();
    } catch {
      this.driver.destroy();
    }
  }

  /** Inlines `params` at the `?` marks; a count mismatch is the caller's bug, reported before sending. */
  private bind(sql: string, params: readonly unknown[]): string {
    const bound = bindPlaceholders(sql, (i) => this.driver.escape(toValue(params[i])));
    if (bound.count !== params.length) {
      throw new QueryError(
        `The statement has ${bound.count} ? placeholders but ${params.length} parameters were given`,
        {
          sql,
        },
      );
    }
    return bound.sql;
  }
}

/** mysql2 escapes objects oddly; JSON is what a JSON column wants. Undefined becomes NULL. */
function toValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date || Buffer.isBuffer(value) || Array.isArray(value)) return value;
  return JSON.stringify(value);
}

/** Rows of a result: a SELECT's array, the first result set of a CALL, or none for a write. */
function rowsOf(result: unknown): Row[] {
  if (!Array.isArray(result)) return [];
  return (Array.isArray(result[0]) ? result[0] : result) as Row[];
}
