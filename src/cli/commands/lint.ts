import { type Command, Option } from "commander";
import {
  formatGithub,
  formatHuman,
  formatJson,
  formatSarif,
  LINT_RULES,
  type LintReport,
  type ValidateDialect,
} from "../../index.js";
import type { CliContext } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { noDatabase, offlineGlobals } from "./validate.js";

type Format = "human" | "json" | "github" | "sarif";

interface LintFlags {
  readonly all?: boolean;
  readonly format?: Format;
  readonly dialect?: ValidateDialect;
}

/**
 * `tidemark lint [files…]`: the pending migrations (or `--all`, or the files named) checked for
 * what hurts in production. Exit 0 clean or warnings only, 1 on an error-level finding, 2 when
 * lint could not run. Without a database (or with --dialect) it lints every file, offline.
 */
export const registerLint: Register = (program, run) => {
  program
    .command("lint")
    .argument("[files...]", "migration files to lint (default: the pending migrations)")
    .description("check migrations for locks, rewrites and data loss before they run")
    .option("--all", "lint the whole history, each migration in the context it ran in")
    .addOption(
      new Option("--format <format>", "output format").choices([
        "human",
        "json",
        "github",
        "sarif",
      ]),
    )
    .addOption(
      new Option("--dialect <engine>", "read the SQL as this engine's, without a database").choices(
        ["postgres", "mysql", "sqlite"],
      ),
    )
    .addHelpText("after", `\nRules: ${LINT_RULES.map((r) => r.id).join(", ")}`)
    .action((files: string[], flags: LintFlags, cmd: Command) =>
      run(offlineGlobals(globalsOf(cmd), flags.dialect), async (ctx) => {
        ctx.failureExitCode = 2;
        const config = await ctx.config();
        const offline = flags.dialect !== undefined || noDatabase(config);
        const migrator = await ctx.migrator({ readOnly: true });
        const report = await migrator.lint({
          files,
          all: flags.all,
          offline,
          dialect: flags.dialect,
        });
        printLint(ctx, report, flags.format ?? (ctx.out.options.json ? "json" : "human"));
        return report.errors > 0 ? 1 : 0;
      }),
    );
};

function printLint(ctx: CliContext, report: LintReport, format: Format): void {
  if (format === "json" || format === "sarif") {
    ctx.out.json(format === "json" ? formatJson(report) : formatSarif(report.findings));
    return;
  }
  if (format === "github") {
    for (const line of formatGithub(report.findings))
      process.stdout.write(`${ctx.out.redact(line)}\n`);
    return;
  }
  for (const line of formatHuman(report.findings, (c, t) => ctx.out.paint(c, t)))
    ctx.out.line(line);
  if (report.mode === "all" && !report.database)
    ctx.out.note(
      ctx.out.paint(
        "gray",
        `Linted every migration as ${report.dialect} (no database: pending ones unknown).`,
      ),
    );
}
