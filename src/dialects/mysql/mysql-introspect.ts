/**
 * The current database of a MySQL / MariaDB session as one {@link SchemaSnapshot}: one
 * information_schema query per kind for the whole database, plus `SHOW CREATE` for each routine,
 * trigger and event (their whole text, DEFINER left out). Defaults, view definitions and the
 * names the server invents are normalised by mysql-schema-text.ts so that MySQL 8 and MariaDB,
 * and two databases made by the same DDL, read the same. The tracking tables are left out.
 */
import type { Row } from "../../core/migration.js";
import { excludedTables, sortByName } from "../../schema/introspect-helpers.js";
import {
  type EventInfo,
  emptySnapshot,
  type IntrospectScope,
  type RoutineInfo,
  type SchemaSnapshot,
  type TriggerInfo,
  type ViewInfo,
} from "../../schema/snapshot.js";
import type { Connection } from "../dialect.js";
import { type MysqlRows, tablesOf } from "./mysql-introspect-tables.js";
import { quoteMysqlIdent } from "./mysql-lexer.js";
import { type MysqlFlavor, stripDatabase, stripDefiner } from "./mysql-schema-text.js";

const IN_DB = "= DATABASE()";

/** One query per kind, each for the whole database. */
const QUERIES: Readonly<Record<keyof MysqlRows, string>> = {
  tables: `SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation, CREATE_OPTIONS AS createOptions, TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA ${IN_DB}`,
  columns: `SELECT TABLE_NAME AS tbl, COLUMN_NAME AS name, COLUMN_TYPE AS type, DATA_TYPE AS dataType, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS dflt, EXTRA AS extra, GENERATION_EXPRESSION AS generation, COLLATION_NAME AS collation, COLUMN_COMMENT AS comment FROM information_schema.COLUMNS WHERE TABLE_SCHEMA ${IN_DB} ORDER BY TABLE_NAME, ORDINAL_POSITION`,
  statistics: `SELECT * FROM information_schema.STATISTICS WHERE TABLE_SCHEMA ${IN_DB} ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
  foreignKeys: `SELECT r.TABLE_NAME AS tbl, r.CONSTRAINT_NAME AS name, r.REFERENCED_TABLE_NAME AS target, r.UPDATE_RULE AS onUpdate, r.DELETE_RULE AS onDelete, r.MATCH_OPTION AS matchOption, k.COLUMN_NAME AS col, k.REFERENCED_COLUMN_NAME AS refCol FROM information_schema.REFERENTIAL_CONSTRAINTS r JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = r.CONSTRAINT_SCHEMA AND k.TABLE_NAME = r.TABLE_NAME AND k.CONSTRAINT_NAME = r.CONSTRAINT_NAME WHERE r.CONSTRAINT_SCHEMA ${IN_DB} AND k.REFERENCED_TABLE_NAME IS NOT NULL ORDER BY r.TABLE_NAME, r.CONSTRAINT_NAME, k.ORDINAL_POSITION`,
  checkTables: `SELECT TABLE_NAME AS tbl, CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA ${IN_DB} AND CONSTRAINT_TYPE = 'CHECK'`,
  checks: `SELECT * FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA ${IN_DB}`,
  views: `SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition, CHECK_OPTION AS checkOption FROM information_schema.VIEWS WHERE TABLE_SCHEMA ${IN_DB}`,
  routines: `SELECT ROUTINE_NAME AS name, ROUTINE_TYPE AS type, DTD_IDENTIFIER AS returns, ROUTINE_BODY AS language, ROUTINE_DEFINITION AS body, ROUTINE_COMMENT AS comment FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA ${IN_DB}`,
  parameters: `SELECT SPECIFIC_NAME AS name, ROUTINE_TYPE AS type, PARAMETER_MODE AS mode, PARAMETER_NAME AS param, DTD_IDENTIFIER AS dtd FROM information_schema.PARAMETERS WHERE SPECIFIC_SCHEMA ${IN_DB} AND ORDINAL_POSITION > 0 ORDER BY SPECIFIC_NAME, ORDINAL_POSITION`,
  triggers: `SELECT TRIGGER_NAME AS name, EVENT_OBJECT_TABLE AS tbl, ACTION_TIMING AS timing, EVENT_MANIPULATION AS event FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA ${IN_DB}`,
  events: `SELECT EVENT_NAME AS name FROM information_schema.EVENTS WHERE EVENT_SCHEMA ${IN_DB}`,
};

/** The `Create …` column of a SHOW CREATE, DEFINER left out. */
async function showCreate(conn: Connection, kind: string, name: string, column: string) {
  const [row] = await conn.query(`SHOW CREATE ${kind} ${quoteMysqlIdent(name)}`);
  return stripDefiner(String(row?.[column] ?? ""));
}

async function routinesOf(conn: Connection, rows: MysqlRows): Promise<RoutineInfo[]> {
  const out: RoutineInfo[] = [];
  for (const r of rows.routines) {
    const kind = String(r.type) === "FUNCTION" ? "function" : "procedure";
    const params = rows.parameters.filter((p) => p.name === r.name && p.type === r.type);
    const args = params.map((p) =>
      [kind === "procedure" ? p.mode : null, quoteMysqlIdent(String(p.param)), p.dtd]
        .filter((x) => x != null)
        .join(" "),
    );
    const column = kind === "function" ? "Create Function" : "Create Procedure";
    out.push({
      name: String(r.name),
      kind,
      arguments: args.join(", "),
      ...(kind === "function" && { returns: String(r.returns) }),
      language: String(r.language),
      body: String(r.body ?? ""),
      definition: await showCreate(conn, kind.toUpperCase(), String(r.name), column),
      ...(r.comment != null && r.comment !== "" && { comment: String(r.comment) }),
    });
  }
  return sortByName(out);
}

async function triggersOf(conn: Connection, rows: MysqlRows, excluded: Set<string>) {
  const out: TriggerInfo[] = [];
  for (const t of rows.triggers) {
    if (excluded.has(String(t.tbl))) continue;
    out.push({
      name: `${t.tbl}.${t.name}`,
      table: String(t.tbl),
      timing: String(t.timing),
      events: [String(t.event)],
      definition: await showCreate(conn, "TRIGGER", String(t.name), "SQL Original Statement"),
    });
  }
  return sortByName(out);
}

async function eventsOf(conn: Connection, rows: MysqlRows): Promise<EventInfo[]> {
  const out: EventInfo[] = [];
  for (const e of rows.events) {
    const name = String(e.name);
    out.push({ name, definition: await showCreate(conn, "EVENT", name, "Create Event") });
  }
  return sortByName(out);
}

function viewsOf(rows: MysqlRows, database: string): ViewInfo[] {
  return sortByName(
    rows.views.map((v) => {
      const check = String(v.checkOption ?? "NONE");
      const body = stripDatabase(String(v.definition), database);
      return {
        name: String(v.name),
        materialized: false,
        definition: check === "NONE" ? body : `${body} WITH ${check} CHECK OPTION`,
        columns: rows.columns.filter((c) => c.tbl === v.name).map((c) => String(c.name)),
      };
    }),
  );
}

/** Runs every query; CHECK_CONSTRAINTS is missing before MySQL 8.0.16 (no checks there). */
async function readRows(conn: Connection): Promise<MysqlRows> {
  const rows = {} as Record<keyof MysqlRows, Row[]>;
  for (const key of Object.keys(QUERIES) as (keyof MysqlRows)[]) {
    rows[key] = await conn.query(QUERIES[key]).catch((err: unknown) => {
      if (key === "checks") return [];
      throw err;
    });
  }
  return rows;
}

/** Reads the whole schema of the session's current database. */
export async function introspectMysql(
  conn: Connection,
  scope: IntrospectScope,
): Promise<SchemaSnapshot> {
  const [info] = await conn.query<{ v: string; db: string }>(
    "SELECT VERSION() AS v, DATABASE() AS db",
  );
  const version = String(info?.v ?? "");
  const flavor: MysqlFlavor = /mariadb/i.test(version) ? "mariadb" : "mysql";
  const rows = await readRows(conn);
  const excluded = excludedTables(scope);
  return {
    ...emptySnapshot("mysql"),
    serverVersion: version,
    tables: tablesOf(rows, flavor, excluded),
    views: viewsOf(rows, String(info?.db ?? "")),
    routines: await routinesOf(conn, rows),
    triggers: await triggersOf(conn, rows, excluded),
    events: await eventsOf(conn, rows),
  };
}
