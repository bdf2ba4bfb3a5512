import type { Dialect } from "../dialects/dialect.js";
import { messageOf } from "./errors.js";
import type { MigrationBody, MigrationSource } from "./migration.js";
import type { MigrationState, Problem } from "./state.js";

export interface ValidateReport {
  /** Number of migration files read. */
  readonly migrations: number;
  /** Everything wrong: unparsable SQL, edited or missing files, failed rows, order, heads. */
  readonly problems: readonly Problem[];
}

/**
 * Loads every migration (so code modules import and SQL splits with the dialect's parser),
 * then compares with the database. Bad file names, markers or dependencies throw from the
 * source, as they do for every command. Changes nothing.
 */
export async function validateMigrations(
  source: MigrationSource,
  dialect: Dialect,
  readState: () => Promise<MigrationState>,
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
  const state = await readState();
  return { migrations: available.length, problems: [...problems, ...state.problems] };
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
  } catch (err) {
    return {
      kind: "invalid_sql",
      version,
      file: body.file,
      message: `${body.file}: ${messageOf(err)}`,
    };
  }
}
