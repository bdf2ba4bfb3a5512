import { type Command, Option } from "commander";
import {
  formatGithub,
  formatHuman,
  formatJson,
  formatSarif,
  LINT_RULES,
  type LintReport,
  TidemarkError,
  type ValidateDialect,
} from "../../index.js";
import type { CliContext, GlobalOptions } from "../context.js";
import { type FleetFlags, fanOut, fleetTargets, withFleetOptions } from "../fleet.js";
import { lintExtras, lintSpec } from "../fleet-checks.js";
import { globalsOf, type Register } from "../program.js";
import { noDatabase, offlineGlobals } from "./validate.js";

type Format = "human" | "json" | "github" | "sarif";

interface LintFlags extends FleetFlags {
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
  withFleetOptions(program.command("lint"))
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
      run(lintGlobals(globalsOf(cmd), flags), async (ctx) => {
        ctx.failureExitCode = 2;
        const fleet = await lintAcross(ctx, files, flags);
        if (fleet !== null) return fleet;
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

/**
 * Lint across targets: each target's pending migrations (or `--all`, or the files named) in
 * that database's context; null when this run is on one database. `--dialect` lints without a
 * database, so it takes no targets; github and sarif annotate one database's files.
 */
async function lintAcross(
  ctx: CliContext,
  files: readonly string[],
  flags: LintFlags,
): Promise<number | null> {
  if (flags.dialect !== undefined) {
    if (flags.targets !== undefined)
      throw new TidemarkError("E_USAGE", "--dialect lints without a database: not with --targets", {
        hint: "Drop --targets (the files are the same for every target), or drop --dialect to lint what each target has pending.",
      });
    return null;
  }
  const targets = await fleetTargets(ctx, flags);
  if (targets === null) return null;
  if (flags.format === "github" || flags.format === "sarif")
    throw new TidemarkError("E_USAGE", `--format ${flags.format} reports one database's findings`, {
      hint: "With targets, use --format json (one entry per target), or pass --url for one database.",
    });
  return fanOut(ctx, flags, "lint", lintSpec({ files, all: flags.all }), {
    ...lintExtras(ctx, targets.length),
    json: formatJson,
    targets,
  });
}

/** `--format json` is `--json`: notes and progress go to stderr, stdout holds the document. */
function lintGlobals(globals: GlobalOptions, flags: LintFlags): GlobalOptions {
  const offline = offlineGlobals(globals, flags.dialect);
  return flags.format === "json" ? { ...offline, json: true } : offline;
}

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
