/**
 * What every conformance test needs: a fresh database of the engine, its dialect, connections
 * that are closed when the test ends, and engine-neutral ways to look at the database.
 */
import assert from "node:assert/strict";
import type { TestContext } from "node:test";
import { QueryError } from "../../src/core/errors.js";
import type { Capabilities, Connection, Dialect } from "../../src/dialects/dialect.js";
import { type DialectModule, resolveDialect } from "../../src/dialects/registry.js";
import { type Engine, freshDatabase } from "../helpers/databases.js";

/** Options for engines with more syntax than the common subset. */
export interface ConformanceOptions {
  /** The engine understands `$$ … $$` bodies (PostgreSQL). */
  readonly dollarQuotedBodies?: boolean;
  /**
   * A dialect module (absolute path, exporting `createDialect(url)`) to test instead of the
   * one the registry picks for the engine's URL: a dialect this package does not ship.
   */
  readonly dialectModule?: string;
}

export interface Harness {
  /** The fresh database's URL. */
  readonly url: string;
  readonly dialect: Dialect;
  /** The dialect module under test, when it is not the registry's (see ConformanceOptions). */
  readonly dialectModule?: string;
  /** A new session; closed (if still open) when the test ends. */
  connect(): Promise<Connection>;
  /**
   * A session to check what `conn` committed: a new one, or `conn` itself on a
   * single-session engine (a second in-process instance must not open the same files).
   */
  observer(conn: Connection): Promise<Connection>;
}

/** One conformance test: a name and what it does with a fresh database of the engine. */
export interface ConformanceCase {
  readonly name: string;
  /** When the case only makes sense for some engines: decided by capabilities, at registration. */
  readonly appliesTo?: (capabilities: Capabilities) => boolean;
  run(h: Harness, t: TestContext): Promise<void>;
}

/**
 * Runs `fn` against a fresh database of `engine`. Register the test with
 * `{ skip: await engineSkip(engine) }`: that is where an unreachable server is decided.
 */
export async function withHarness(
  engine: Engine,
  fn: (h: Harness) => Promise<void>,
  dialectModule?: string,
): Promise<void> {
  const db = await freshDatabase(engine);
  const open: Connection[] = [];
  try {
    const dialect = await dialectOf(db.url, dialectModule);
    const connect = async () => {
      const conn = await dialect.connect({ applicationName: "tidemark-conformance" });
      open.push(conn);
      return conn;
    };
    const observer = async (conn: Connection) =>
      dialect.capabilities.singleConnection ? conn : connect();
    await fn({ url: db.url, dialect, dialectModule, connect, observer });
  } finally {
    for (const conn of open) await conn.close();
    await db.drop();
  }
}

/** The dialect of `url`: the registry's, or the one `dialectModule` creates. */
export async function dialectOf(url: string, dialectModule?: string): Promise<Dialect> {
  if (dialectModule === undefined) return resolveDialect(url);
  const mod = (await import(dialectModule)) as DialectModule;
  return mod.createDialect(url);
}

/** Number of rows in `table`. */
export async function rowCount(conn: Connection, dialect: Dialect, table: string): Promise<number> {
  const rows = await conn.query(
    `SELECT COUNT(*) AS ${dialect.quoteIdent("n")} FROM ${dialect.tableRef(table)}`,
  );
  return Number(rows[0]?.n);
}

/** The values of column `v` of `table`, sorted. */
export async function values(conn: Connection, dialect: Dialect, table: string): Promise<string[]> {
  const rows = await conn.query(
    `SELECT ${dialect.quoteIdent("v")} AS ${dialect.quoteIdent("v")} FROM ${dialect.tableRef(table)}`,
  );
  return rows.map((r) => String(r.v)).sort();
}

/** True when `table` exists (a query on it succeeds). */
export async function tableExists(
  conn: Connection,
  dialect: Dialect,
  table: string,
): Promise<boolean> {
  try {
    await conn.query(`SELECT 1 FROM ${dialect.tableRef(table)} WHERE 1 = 0`);
    return true;
  } catch {
    return false;
  }
}

/** Creates `table` with one text column `v`. */
export async function createValueTable(
  conn: Connection,
  dialect: Dialect,
  table: string,
): Promise<void> {
  await conn.exec(
    `CREATE TABLE ${dialect.tableRef(table)} (${dialect.quoteIdent("v")} ${dialect.types.key} PRIMARY KEY)`,
  );
}

/** 1-based line of `offset` in `text`. */
export function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

/** Awaits `promise`, asserts it rejected with a QueryError, and returns that error. */
export async function queryError(promise: Promise<unknown>): Promise<QueryError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof QueryError, `expected a QueryError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected the database to refuse");
}

/** Polls `check` until it returns true or `ms` pass (a closed session may take a moment to go). */
export async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
