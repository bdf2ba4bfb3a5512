import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import {
  DEFAULT_URL,
  OFFLINE_URLS,
  type ResolvedConfig,
  TidemarkError,
  type ValidateDialect,
  type ValidateReport,
} from "../../index.js";
import type { CliContext, GlobalOptions } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { plural } from "../render.js";

const ENGINES: Record<string, string> = {
  postgres: "PostgreSQL",
  mysql: "MySQL",
  sqlite: "SQLite",
  pglite: "PostgreSQL",
};

/**
 * `tidemark validate`: parse every file, check order and dependencies, and compare with the
 * database (checksums, failed rows). Changes nothing.
 *
 * With no database it checks offline: `--dialect` says whose SQL rules to apply (it never
 * connects); without it, when no source names a URL (only the default) and the default
 * `./tidemark.db` does not exist, the SQL is checked as SQLite's — the database `up` would use.
 * A URL that some source names is connected to; if it cannot be reached, that is an error
 * (exit 1) with a hint to pass `--dialect`: exit 0 always means everything was checked.
 */
export const registerValidate: Register = (program, run) => {
  program
    .command("validate")
    .description("parse every migration and check it against the database; changes nothing")
    .addOption(
      new Option(
        "--dialect <engine>",
        "check the SQL as this engine's, without connecting to a database",
      ).choices(["postgres", "mysql", "sqlite"]),
    )
    .action((flags: { dialect?: ValidateDialect }, cmd: Command) =>
      run(offlineGlobals(globalsOf(cmd), flags.dialect), async (ctx) => {
        const config = await ctx.config();
        const offline = flags.dialect !== undefined || noDatabase(config);
        const migrator = await ctx.migrator({ readOnly: true });
        const report = await migrator
          .validate({ offline, dialect: flags.dialect })
          .catch((err: unknown) => {
            throw withOfflineHint(err, migrator.url);
          });
        printReport(ctx, report, flags.dialect !== undefined);
        return report.problems.length === 0 ? 0 : 1;
      }),
    );
};

/**
 * With `--dialect` no database is used, so the URL sources are not read: a config whose url is
 * `${DATABASE_URL}` validates in a CI job that has no database and no such variable.
 */
export function offlineGlobals(
  globals: GlobalOptions,
  dialect: ValidateDialect | undefined,
): GlobalOptions {
  return dialect === undefined || globals.url !== undefined
    ? globals
    : { ...globals, url: OFFLINE_URLS[dialect] };
}

/** No source named a URL, and the default database does not exist (so nothing to compare). */
export function noDatabase(config: ResolvedConfig): boolean {
  return (
    config.urlSource === "default" && !existsSync(resolve(DEFAULT_URL.replace(/^sqlite:/, "")))
  );
}

function printReport(ctx: CliContext, report: ValidateReport, byFlag: boolean): void {
  const ok = report.problems.length === 0;
  if (ctx.out.options.json) {
    ctx.out.json({ valid: ok, ...report });
    return;
  }
  if (ok)
    ctx.out.line(
      `${ctx.out.paint("green", "✓")} ${plural(report.migrations, "migration")} ${report.migrations === 1 ? "is" : "are"} valid.`,
    );
  for (const p of report.problems)
    ctx.out.line(`${ctx.out.paint("red", "✗")} ${p.kind}: ${p.message}`);
  if (!report.database) {
    const why = byFlag
      ? `--dialect ${report.dialect}, no database used`
      : "no database given, and SQLite is the default; pass --dialect postgres|mysql for another engine";
    ctx.out.note(
      ctx.out.paint(
        "gray",
        `SQL checked as ${ENGINES[report.dialect]} (${why}); checksums and failed rows were not checked.`,
      ),
    );
  }
}

/** A database that cannot be reached: say how to check the files without it. */
function withOfflineHint(err: unknown, url: string): unknown {
  if (!(err instanceof TidemarkError) || err.code !== "E_CONNECT") return err;
  const engine = /^(postgres|mysql|mariadb|pglite)/i.exec(url)?.[1]?.toLowerCase();
  const dialect =
    engine === "mariadb" ? "mysql" : engine === "pglite" ? "postgres" : (engine ?? "sqlite");
  return new TidemarkError("E_CONNECT", err.message, {
    cause: err,
    hint: `${err.hint ? `${err.hint} ` : ""}To check the files without a database, run \`tidemark validate --dialect ${dialect}\`.`,
  });
}
