/**
 * The SQL side of a PostgreSQL dialect, shared by the `pg` (server) and PGlite (embedded)
 * dialects: identifiers, tracking-table types, per-migration settings, splitting and the
 * "cannot run in a transaction" check, plus the `?schema=` URL parameter and session setup.
 */
import type { QueryError } from "../../core/errors.js";
import type { Row } from "../../core/migration.js";
import {
  type Connection,
  type Dialect,
  type MigrationSettingsOptions,
  parseTableName,
  type TableName,
  type TrackingTypes,
} from "../dialect.js";
import { pgNonTransactionalReason } from "./pg-no-transaction.js";
import { splitPgStatements } from "./pg-parser.js";

/** Quotes a PostgreSQL identifier. */
export function quotePgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const types: TrackingTypes = {
  key: "text",
  text: "text",
  longText: "text",
  integer: "integer",
  timestamp: "timestamptz",
  autoId: "id bigserial PRIMARY KEY",
};

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/** The URL without its `schema` query parameter, and that schema (null when absent or empty). */
export function takeSchemaParam(url: string): {
  readonly url: string;
  readonly schema: string | null;
} {
  const q = url.indexOf("?");
  if (q < 0) return { url, schema: null };
  let schema: string | null = null;
  const kept = url
    .slice(q + 1)
    .split("&")
    .filter((pair) => {
      const [key = "", value = ""] = pair.split("=", 2);
      if (decode(key) !== "schema") return true;
      schema = decode(value) || null;
      return false;
    });
  const base = url.slice(0, q);
  return { url: kept.length > 0 ? `${base}?${kept.join("&")}` : base, schema };
}

/** Runs one statement with parameters on a fresh session, before any Connection exists. */
export type SetupQuery = (sql: string, params: readonly unknown[]) => Promise<Row[]>;

/**
 * Prepares a fresh session for a run: creates the `?schema=` schema when missing and points
 * `search_path` at it, so that the tracking tables and the migrations' objects land there.
 */
export async function setUpSchema(run: SetupQuery, schema: string | null): Promise<void> {
  if (schema === null) return;
  await setUpSchemaOnly(run, schema);
  await run(`SET search_path TO ${quotePgIdent(schema)}`, []);
}

/** Creates `schema` when missing. */
async function setUpSchemaOnly(run: SetupQuery, schema: string): Promise<void> {
  // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
  const found = await run("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]);
  if (found.length === 0) await run(`CREATE SCHEMA IF NOT EXISTS ${quotePgIdent(schema)}`, []);
}

function settings(options: MigrationSettingsOptions): readonly string[] {
  const ms = (value: number) => `'${Math.max(0, Math.floor(value))}ms'`;
  return [
    `SET LOCAL lock_timeout = ${ms(options.lockTimeoutMs)}`,
    `SET LOCAL statement_timeout = ${ms(options.statementTimeoutMs)}`,
  ];
}

/** The members of a Dialect that depend only on PostgreSQL's SQL (and the URL's schema). */
export type PgSqlMembers = Pick<
  Dialect,
  | "quoteIdent"
  | "tableRef"
  | "placeholder"
  | "types"
  | "currentUserSql"
  | "splitStatements"
  | "nonTransactionalReason"
  | "migrationSettings"
  | "isLockTimeout"
  | "isDuplicateKey"
  | "elapsedMsExpression"
  | "isoTimeSql"
  | "ensureTableSchema"
  | "introspect"
  | "trial"
  | "digestSql"
  | "jsonColumnsSql"
  | "statusStream"
>;

/**
 * Where a tracking table lives: `app.x` is schema `app`, table `x`; a bare name is in the URL's
 * `?schema=` (or, when null, the session's current schema).
 */
export function pgTableName(table: string, urlSchema: string | null): TableName {
  const t = parseTableName(table, "schema", "PostgreSQL");
  return { schema: t.schema ?? urlSchema, name: t.name };
}

/** Creates the schema a qualified tracking table names (`--table app.x`), like the tables: on first use. */
async function ensureTableSchema(conn: Connection, table: string): Promise<void> {
  const { schema } = parseTableName(table, "schema", "PostgreSQL");
  if (schema === null) return;
  await setUpSchemaOnly((sql, params) => conn.query(sql, params), schema);
}

/** An in-memory PGlite URL using `schema` as the URL's `?schema=` did: a scratch PostgreSQL in process. */
export function memoryPgliteUrl(schema: string | null): string {
  return schema === null ? "pglite:memory" : `pglite:memory?schema=${encodeURIComponent(schema)}`;
}

/** Where unqualified names went when the session opened (set by `connect`, before any tracking SQL). */
export interface OpenedSchema {
  schema: string | null;
}

/**
 * The shared SQL members. Tracking tables are always named with their schema — the one
 * `--table` or `?schema=` names, else the session's current schema when it opened — so that a
 * migration's `SET search_path` (or pg_dump's emptied one) never moves tidemark's own writes.
 */
export function pgSqlMembers(schema: string | null, opened: OpenedSchema): PgSqlMembers {
  return {
    quoteIdent: quotePgIdent,
    tableRef: (table) => {
      const t = pgTableName(table, schema);
      const where = t.schema ?? opened.schema;
      return where === null
        ? quotePgIdent(t.name)
        : `${quotePgIdent(where)}.${quotePgIdent(t.name)}`;
    },
    ensureTableSchema,
    placeholder: (index) => `$${index}`,
    types,
    currentUserSql: 'SELECT current_user AS "user"',
    splitStatements: splitPgStatements,
    nonTransactionalReason: pgNonTransactionalReason,
    migrationSettings: settings,
    isLockTimeout: (err: QueryError) => err.sqlState === "55P03",
    isDuplicateKey: (err: QueryError) => err.sqlState === "23505",
    // sha256() is PostgreSQL 11's; an older server fails the query, and the rows are read.
    digestSql: (select) =>
      `SELECT count(*) AS n, encode(sha256(convert_to(coalesce(string_agg(k || ' ' || v || chr(10), '' ORDER BY k COLLATE "C"), ''), 'UTF8')), 'hex') AS digest FROM (${select}) AS d`,
    // `::text`: every driver hands the text over as it is (pg would parse a json value itself).
    // The aggregates of one query read its rows in one same order: the arrays line up.
    jsonColumnsSql: (select, columns) =>
      `(SELECT json_build_array(${columns.map((c) => `coalesce(json_agg(r.${quotePgIdent(c)}), '[]')`).join(", ")})::text FROM (${select}) AS r)`,
    statusStream: {
      begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
      bytewise: (column) => `${column} COLLATE "C"`,
      printable: (column) => `${column} ~ '^[ -~]*$'`,
      digits: (column) => `${column} ~ '^[0-9]+$'`,
    },
    // now() is the transaction's start: the migration's own duration, written in its transaction.
    elapsedMsExpression: "CAST(EXTRACT(EPOCH FROM clock_timestamp() - now()) * 1000 AS INTEGER)",
    // MS is the milliseconds, cut (as a Date cuts pg's microseconds); years 1–9999 print as
    // toISOString prints them, and the rows tidemark writes have the server's now().
    isoTimeSql: (column) =>
      `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    // Loaded on first use: the reader is only needed by schema, verify and drift. With
    // `?schema=`, the migrations' objects live in that schema: it alone is read (a tenant's
    // schema is compared with its own migrations, not with every other tenant's).
    introspect: async (conn, scope) =>
      (await import("./pg-introspect.js")).introspectPostgres(conn, {
        ...scope,
        schemas: scope.schemas ?? (schema === null ? undefined : [schema]),
      }),
    trial: {
      checkDeferredSql: "SET CONSTRAINTS ALL IMMEDIATE",
      beginSql: async () => (await import("./pg-catalog-mark.js")).PG_TRIAL_BEGIN_SQL,
      keepSql: async () => (await import("./pg-catalog-mark.js")).PG_TRIAL_KEEP_SQL,
    },
  };
}
