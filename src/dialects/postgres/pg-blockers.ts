/**
 * After a lock-timeout failure: which other sessions hold locks on the tables the statement
 * touches, from pg_locks and pg_stat_activity, in one readable line.
 */
import type { Connection } from "../dialect.js";
import { relationNames } from "./pg-parser.js";
import { quotePgIdent } from "./pg-sql.js";

const BLOCKERS_SQL = `SELECT c.relname, l.pid, l.mode, a.application_name, a.state, a.state_change, a.query
  FROM pg_locks l
  JOIN pg_class c ON c.oid = l.relation
  LEFT JOIN pg_stat_activity a ON a.pid = l.pid
  WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND l.relation IN (SELECT to_regclass(n) FROM json_array_elements_text($1::json) AS n)
  ORDER BY c.relname, l.pid`;

const QUERY_CHARS = 60;

function clock(value: unknown): string | null {
  const date = value instanceof Date ? value : value ? new Date(String(value)) : null;
  return date && !Number.isNaN(date.getTime()) ? `${date.toISOString().slice(11, 19)} UTC` : null;
}

function shortQuery(query: unknown): string | null {
  if (typeof query !== "string" || query.trim() === "") return null;
  const flat = query.replace(/\s+/g, " ").trim();
  return flat.length > QUERY_CHARS ? `${flat.slice(0, QUERY_CHARS - 1)}…` : flat;
}

/** `table "users" is locked by pid 4242 (psql, idle in transaction since 12:00:01 UTC: "LOCK TABLE users")` */
function describe(row: Readonly<Record<string, unknown>>): string {
  const app =
    typeof row.application_name === "string" && row.application_name !== ""
      ? row.application_name
      : null;
  const state = typeof row.state === "string" ? row.state : null;
  const since = clock(row.state_change);
  const query = shortQuery(row.query);
  const what = [app, state && (since ? `${state} since ${since}` : state)]
    .filter(Boolean)
    .join(", ");
  const about = [what, query && `"${query}"`].filter(Boolean).join(": ");
  return `table "${String(row.relname)}" is locked by pid ${String(row.pid)} (${String(row.mode)}${about ? `; ${about}` : ""})`;
}

/**
 * Names the sessions holding locks on the tables `statement` touches (tables are found with
 * the real parser), or null when there are none or the statement cannot be parsed.
 */
export async function describePgLockBlockers(
  conn: Connection,
  statement: string,
): Promise<string | null> {
  let names: string[];
  try {
    names = (await relationNames(statement)).map((r) =>
      r.schema === null
        ? quotePgIdent(r.name)
        : `${quotePgIdent(r.schema)}.${quotePgIdent(r.name)}`,
    );
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  const rows = await conn.query(BLOCKERS_SQL, [JSON.stringify(names)]);
  return rows.length === 0 ? null : rows.map(describe).join("; ");
}
