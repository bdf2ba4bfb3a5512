/**
 * `tidemark sql`: the exact SQL `up` would send for a plan, tracking writes included, with
 * parameter values shown as SQL literals; and `--dry-run`'s steps, each with the SQL it would
 * run. Reads the database state; writes nothing.
 */
import type { BatchPart, Dialect } from "../dialects/dialect.js";
import { isBlankSql, nonTransactional, type StepResult } from "./executor.js";
import { appliedValues, type HistoryStore } from "./history.js";
import type { MigrationSource } from "./migration.js";
import type { Plan } from "./planner.js";
import type { PreparedStep } from "./preflight.js";

/** A `--dry-run` step: what would run, and the SQL it would send. */
export interface PlannedStep extends StepResult {
  readonly status: "planned";
  /** The file the SQL comes from (for a down: its down file, or its stored down SQL). */
  readonly file: string;
  /** The migration's SQL (for a down: the down SQL that would be used); null for code. */
  readonly sql: string | null;
  /** The checksum of the migration as it would run (for a down: the one recorded when applied). */
  readonly checksum: string | null;
  /** How it would run, when that is worth saying (code, outside a transaction, resumed, stored). */
  readonly note?: string;
}

/** The dry-run view of a checked step. */
export async function plannedStep(prepared: PreparedStep, dialect: Dialect): Promise<PlannedStep> {
  const { step, body, outside } = prepared;
  const notes: string[] = [];
  let sql: string | null = null;
  if (body.kind === "code") notes.push("code migration: its SQL is decided when it runs");
  else if (step.resumeFrom !== undefined) {
    const statements = (await dialect.splitStatements(body.sql)).slice(step.resumeFrom);
    notes.push(`resumes from statement ${step.resumeFrom + 1}`);
    sql = statements.map((s) => `${s.sql.trim().replace(/;$/, "")};`).join("\n");
  } else sql = body.sql.trim();
  if (step.direction === "down" && body.kind === "sql" && body.sql === step.record?.rollbackSql)
    notes.push("the down SQL stored when it was applied");
  if (sql !== null && isBlankSql(sql)) notes.push("empty: nothing to run");
  if (outside !== null)
    notes.push(`runs outside a transaction, statement by statement: ${outside}`);
  return {
    id: step.id,
    version: step.version,
    name: step.name,
    direction: step.direction,
    status: "planned",
    durationMs: 0,
    transactional: outside === null && step.resumeFrom === undefined,
    outOfOrder: step.outOfOrder,
    file: body.file,
    sql,
    checksum:
      step.direction === "down"
        ? (step.record?.checksum ?? null)
        : (step.info?.checksum ?? step.record?.checksum ?? null),
    ...(notes.length > 0 ? { note: notes.join("; ") } : {}),
  };
}

/** A value as an SQL literal, for display. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/** A part with its placeholders replaced by literals. */
export function renderPart(part: BatchPart, dialect: Dialect): string {
  const params = part.params ?? [];
  let sql = part.sql;
  if (dialect.placeholder(1) === dialect.placeholder(2)) {
    let i = 0;
    sql = sql.replace(/\?/g, () => sqlLiteral(params[i++]));
  } else {
    for (let i = params.length; i >= 1; i--)
      sql = sql.split(dialect.placeholder(i)).join(sqlLiteral(params[i - 1]));
  }
  return sql.trimEnd().replace(/;$/, "");
}

/** The SQL of every up step of `plan`, as one script. */
export async function previewUp(
  plan: Plan,
  deps: {
    dialect: Dialect;
    history: HistoryStore;
    source: MigrationSource;
    settings: readonly string[];
    /** The session restore that runs after each migration (Connection.restoreSession). */
    restore: readonly BatchPart[];
  },
): Promise<string> {
  const { dialect, history, source } = deps;
  const out: string[] = [];
  for (const step of plan.steps) {
    const loaded = await source.load(step.info!);
    out.push(`-- ${step.id} ${step.name} (${loaded.info.file})`);
    if (loaded.up.kind === "code") {
      out.push("-- code migration: its SQL is decided when it runs");
      continue;
    }
    const reason = await nonTransactional(loaded, loaded.up, dialect);
    const values = appliedValues(loaded);
    const tracking = [
      ...deps.restore,
      ...history.recordParts(loaded.info, values),
      history.logPart(step, "up", "ok", null, null),
    ];
    if (reason) {
      out.push(`-- runs outside a transaction, statement by statement: ${reason}`);
      for (const s of await dialect.splitStatements(loaded.up.sql))
        out.push(`${s.sql.trimEnd().replace(/;$/, "")};`);
      for (const part of tracking) out.push(`${renderPart(part, dialect)};`);
    } else {
      out.push("BEGIN;");
      for (const s of deps.settings) out.push(`${s};`);
      out.push(`${loaded.up.sql.trim().replace(/;$/, "")};`);
      for (const part of tracking) out.push(`${renderPart(part, dialect)};`);
      out.push("COMMIT;");
    }
    out.push("");
  }
  return out.join("\n");
}
