/**
 * One query on a test database, on a session of its own that is closed after: through
 * tidemark's own dialect (every engine, rows as tidemark reads them), or through the engine's
 * driver (`pg`, `mysql2`, `better-sqlite3`; rows as that driver returns them).
 */
import Database from "better-sqlite3";
import mysql from "mysql2/promise";
import pg from "pg";
import { resolveDialect } from "../../src/dialects/registry.js";

export type Row = Record<string, unknown>;

/** Runs `text` on `url` through the dialect tidemark picks for it. */
export async function dialectQuery(url: string, text: string): Promise<Row[]> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "tidemark-test" });
  try {
    return await conn.query(text);
  } finally {
    await conn.close();
  }
}

/** Runs `text` (with `$n` parameters) on a PostgreSQL `url` through `pg`. */
export async function pgQuery(url: string, text: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

/** Runs `text` on a MariaDB/MySQL `url` through `mysql2`. */
export async function mysqlQuery(url: string, text: string): Promise<Row[]> {
  const conn = await mysql.createConnection(url);
  try {
    const [rows] = await conn.query(text);
    return rows as Row[];
  } finally {
    await conn.end();
  }
}

/** Runs `text` on a server engine's `url` through its driver. */
export function serverQuery(
  engine: "postgres" | "mysql",
  url: string,
  text: string,
): Promise<Row[]> {
  return engine === "mysql" ? mysqlQuery(url, text) : pgQuery(url, text);
}

/** Runs `sql` on the SQLite file `file`, opened read-only (it must exist). */
export function sqliteRows(file: string, sql: string): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Row[];
  } finally {
    db.close();
  }
}
