import type { Command } from "commander";
import { positiveInt } from "../context.js";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { downSpec } from "../fleet-specs.js";
import { globalsOf, type Register } from "../program.js";
import { interruptible, printRunReport, reportOnFailure, runExitCode } from "./run-report.js";

interface DownFlags extends FleetFlags {
  readonly to?: string;
  readonly step?: string;
  readonly dryRun?: boolean;
  readonly singleTransaction?: boolean;
  readonly resume?: boolean;
}

/** `tidemark down` (alias `rollback`): roll back, newest first; one step by default. */
export const registerDown: Register = (program, run) => {
  withFleetOptions(program.command("down"))
    .alias("rollback")
    .description("roll back applied migrations, newest first (default: one)")
    .option("--to <target>", "roll back to this version (kept), zero for everything, or -N")
    .option("--step <n>", "roll back N migrations")
    .option("--dry-run", "show what would run; change nothing")
    .option("--single-transaction", "run the whole rollback in one transaction")
    .option("--resume", "continue a failed statement-by-statement down from its failed statement")
    .action((flags: DownFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        reportOnFailure(ctx, "down", flags);
        const step = positiveInt(flags.step, "--step");
        if (!flags.dryRun) await ctx.refuseUnconfirmable("Roll back migrations");
        const options = {
          to: flags.to,
          step,
          dryRun: flags.dryRun,
          singleTransaction: flags.singleTransaction,
          resume: flags.resume,
        };
        const fleet = await fanOut(ctx, flags, "down", downSpec(options));
        if (fleet !== null) return fleet;
        const migrator = await ctx.migrator();
        ctx.out.line(
          ctx.out.paint(
            "gray",
            `${flags.dryRun ? "Planning rollback on" : "Rolling back"} ${await ctx.displayUrl()}`,
          ),
        );
        const started = performance.now();
        const report = await interruptible(ctx, (signal) => migrator.down({ ...options, signal }));
        printRunReport(ctx, report, performance.now() - started);
        return runExitCode(report);
      }),
    );
};
