import type { Dialect, DialectName } from "../dialects/dialect.js";
import { messageOf, QueryError, TidemarkError } from "./errors.js";
import { locate } from "./locate.js";
import type { MigrationBody, MigrationSource } from "./migration.js";
import type { MigrationState, Problem } from "./state.js";
import { parseErrorInFile } from "./step-errors.js";

/** Engines whose SQL rules `validate` can apply without a database. */
export type ValidateDialect = "postgres" | "mysql" | "sqlite";

export interface ValidateOptions {
  /**
   * Check the files only, without connecting: the SQL is parsed with the engine's own rules
   * (PostgreSQL: its real parser), and nothing is compared with a database (checksums, failed
   * rows). Default false: the files are checked, then compared with the migrator's database.
   */
  readonly offline?: boolean;
  /** Parse the SQL as this engine's instead of the URL's; implies `offline`. */
  readonly dialect?: ValidateDialect;
}

export interface ValidateReport {
  /** Number of migration files read. */
  readonly migrations: number;
  /** Everything wrong: unparsable SQL, edited or missing files, failed rows, order, heads. */
  readonly problems: readonly Problem[];
  /** The engine whose SQL rules were applied. */
  readonly dialect: DialectName;
  /** True when the files were compared with the database; false for an offline check. */
  readonly database: boolean;
}

/** A URL that only picks an engine's rules for an offline check: it is never connected to. */
export const OFFLINE_URLS: Readonly<Record<ValidateDialect, string>> = {
  postgres: "postgres://offline/validate",
  mysql: "mysql://offline/validate",
  sqlite: "sqlite::memory:",
};

/**
 * Loads every migration (so code modules import and SQL is parsed by the dialect's parser),
 * then, unless `readState` is null (offline), compares with the database. Bad file names,
 * markers or dependencies throw from the source, as they do for every command. Changes nothing.
 */
export async function validateMigrations(
  source: MigrationSource,
  dialect: Dialect,
  readState: (() => Promise<MigrationState>) | null,
): Promise<ValidateReport> {
  const available = await source.list();
  const problems: Problem[] = [];
  for (const info of available) {
    const loaded = await source.load(info);
    for (const body of [loaded.up, loaded.down]) {
      const problem = body ? await checkBody(body, dialect, info.version ?? info.id) : null;
      if (problem) problems.push(problem);
    }
  }
  const state = readState ? await readState() : null;
  return {
    migrations: available.length,
    problems: [...problems, ...(state?.problems ?? [])],
    dialect: dialect.name,
    database: state !== null,
  };
}

async function checkBody(
  body: MigrationBody,
  dialect: Dialect,
  version: string,
): Promise<Problem | null> {
  if (body.kind !== "sql") return null;
  try {
    await dialect.splitStatements(body.sql);
    return null;
  } catch (thrown) {
    const err = parseErrorInFile(thrown, body, version);
    const at = locate(body, err instanceof QueryError ? err.position : undefined);
    const line = at.line ?? (err instanceof TidemarkError ? err.line : undefined);
    const where =
      line === undefined ? body.file : `${body.file}:${line}${at.column ? `:${at.column}` : ""}`;
    return {
      kind: "invalid_sql",
      version,
      file: body.file,
      message: `${where}: ${messageOf(err)}`,
    };
  }
}
