import { type Command, Option } from "commander";
import { monotonicMs } from "../../core/clock.js";
import { TidemarkError } from "../../index.js";
import { configApps, downArgument } from "../apps.js";
import { positiveInt } from "../context.js";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { downSpec } from "../fleet-specs.js";
import { globalsOf, type Register } from "../program.js";
import { interruptible, printRunReport, reportOnFailure, runExitCode } from "./run-report.js";

interface DownFlags extends FleetFlags {
  readonly to?: string;
  readonly rollbackVersion?: string;
  readonly name?: string;
  readonly step?: string;
  readonly dryRun?: boolean;
  readonly singleTransaction?: boolean;
  readonly resume?: boolean;
}

/** `tidemark down` (alias `rollback`): roll back, newest first; one step by default. */
export const registerDown: Register = (program, run) => {
  withFleetOptions(program.command("down [version-or-app]"))
    .alias("rollback")
    .description(
      "roll back applied migrations, newest first (default: one); down <version> rolls back that one and every one after it; down <app> works on that app (config apps), down <app>:<version> on that app's version",
    )
    .option("--to <target>", "roll back to this version (kept), zero for everything, or -N")
    // `--version` after `down` reaches here as --rollback-version (see downVersionFlag).
    .option("--version <version>", "roll back this migration and every one applied after it")
    .addOption(new Option("--rollback-version <version>").hideHelp())
    .option("--name <name>", "as --version, naming the migration")
    .option("--step <n>", "roll back N migrations")
    .option("--dry-run", "show what would run; change nothing")
    .option("--single-transaction", "run the whole rollback in one transaction")
    .option("--resume", "continue a failed statement-by-statement down from its failed statement")
    .action((positional: string | undefined, flags: DownFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        reportOnFailure(ctx, "down", flags);
        const step = positiveInt(flags.step, "--step");
        const named =
          positional === undefined ? {} : downArgument(positional, await configApps(ctx));
        if (named.version !== undefined && flags.rollbackVersion !== undefined)
          throw new TidemarkError(
            "E_USAGE",
            "Give the version once: as an argument or with --version",
          );
        const version = named.version ?? flags.rollbackVersion;
        const options = {
          ...(named.app === undefined ? {} : { app: named.app }),
          to: flags.to,
          step,
          version,
          name: flags.name,
          singleTransaction: flags.singleTransaction,
          resume: flags.resume,
        };
        if (!flags.dryRun) await ctx.refuseUnconfirmable("Roll back migrations");
        const fleet = await fanOut(
          ctx,
          flags,
          "down",
          downSpec({ ...options, dryRun: flags.dryRun }),
        );
        if (fleet !== null) return fleet;
        const migrator = await ctx.migrator();
        const selected = version !== undefined || flags.name !== undefined;
        // `down <version>` can roll back many: the plan is shown before anything runs.
        if (selected && !flags.dryRun && !ctx.out.options.json) {
          printRunReport(
            ctx,
            await migrator.down({ ...options, dryRun: true }),
            0,
            {},
            "Plan: will",
          );
        }
        ctx.out.line(
          ctx.out.paint(
            "gray",
            `${flags.dryRun ? "Planning rollback on" : "Rolling back"} ${await ctx.displayUrl()}`,
          ),
        );
        const started = monotonicMs();
        const report = await interruptible(ctx, (signal) =>
          migrator.down({ ...options, dryRun: flags.dryRun, signal }),
        );
        printRunReport(ctx, report, monotonicMs() - started);
        return runExitCode(report);
      }),
    );
};

/**
 * argv with `down --version V` (or `rollback --version=V`) spelled `--rollback-version`: the
 * program's own `--version` would otherwise take it, wherever it stands.
 */
export function downVersionFlag(args: readonly string[]): string[] {
  const at = args.findIndex((a) => a === "down" || a === "rollback");
  if (at === -1) return [...args];
  return args.map((a, i) =>
    i > at && (a === "--version" || a.startsWith("--version="))
      ? a.replace("--version", "--rollback-version")
      : a,
  );
}
