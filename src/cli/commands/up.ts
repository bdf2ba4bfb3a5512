import type { Command } from "commander";
import { monotonicMs } from "../../core/clock.js";
import { appOption } from "../apps.js";
import { positiveInt } from "../context.js";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { upSpec } from "../fleet-specs.js";
import { globalsOf, type Register } from "../program.js";
import { interruptible, printRunReport, reportOnFailure, runExitCode } from "./run-report.js";
import { upLint, upLintJson } from "./up-lint.js";

interface UpFlags extends FleetFlags {
  readonly to?: string;
  readonly step?: string;
  readonly dryRun?: boolean;
  readonly allowOutOfOrder?: boolean;
  readonly resume?: boolean;
  readonly singleTransaction?: boolean;
  readonly forceUnsafe?: boolean;
  readonly backup?: boolean;
  readonly create?: boolean;
}

/** `tidemark up` (alias `migrate`): apply pending migrations. */
export const registerUp: Register = (program, run) => {
  withFleetOptions(program.command("up"))
    .alias("migrate")
    .argument(
      "[app]",
      "only this app's migrations (config apps); default: every app, in dependency order",
    )
    .description("apply pending migrations")
    .option("--to <target>", "stop at this version (head, a version or prefix, +N)")
    .option("--step <n>", "apply at most N migrations")
    .option("--dry-run", "show what would run; change nothing")
    .option("--allow-out-of-order", "apply pending migrations older than the current version")
    .option(
      "--resume",
      "continue a failed statement-by-statement migration from its failed statement",
    )
    .option("--single-transaction", "run the whole batch in one transaction")
    .option(
      "--backup",
      "back the database up first, under the lock, when there is something to apply (config: backupBefore)",
    )
    .option("--force-unsafe", "apply on a protected environment despite error-level lint findings")
    .option("--create", "create the database first (no error when it exists)")
    .action((app: string | undefined, flags: UpFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        reportOnFailure(ctx, "up", flags);
        const step = positiveInt(flags.step, "--step");
        const options = {
          ...(await appOption(ctx, app)),
          to: flags.to,
          step,
          dryRun: flags.dryRun,
          allowOutOfOrder: flags.allowOutOfOrder,
          resume: flags.resume,
          singleTransaction: flags.singleTransaction,
        };
        const backup = flags.backup || undefined;
        // Refused first when nobody could confirm: lint reads the database, which must not be
        // opened (SQLite: created) before; `--create` makes it before lint reads it.
        if (!flags.dryRun) await ctx.refuseUnconfirmable("Apply migrations");
        const fleet = await fanOut(ctx, flags, "up", upSpec(options));
        if (fleet !== null) return fleet;
        const migrator = await ctx.migrator();
        if (flags.create && !flags.dryRun) {
          const created = await migrator.createDatabase();
          if (created.created) ctx.out.line(ctx.out.paint("gray", `Created ${created.url}`));
        }
        const lint = await upLint(ctx, flags.forceUnsafe === true, flags.dryRun === true);
        ctx.out.line(
          ctx.out.paint(
            "gray",
            `${flags.dryRun ? "Planning" : "Migrating"} ${await ctx.displayUrl()}`,
          ),
        );
        const started = monotonicMs();
        const report = await interruptible(ctx, (signal) =>
          migrator.up({ ...options, backup, signal, lint: lint.hook }),
        );
        for (const w of report.warnings ?? [])
          ctx.out.note(ctx.out.paint("yellow", `warning: ${w.message}`));
        // "Nothing to do" while migrations are pending: the plan says why (a note, not an error).
        if (report.note !== undefined && !ctx.out.options.json) ctx.out.line(report.note);
        else {
          const json = { lint: await upLintJson(ctx, lint) };
          printRunReport(ctx, report, monotonicMs() - started, json);
        }
        return runExitCode(report);
      }),
    );
};
