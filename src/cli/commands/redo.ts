import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";
import { interruptible, printRunReport } from "./run-report.js";

/** `tidemark redo`: down then up of the newest applied migration. */
export const registerRedo: Register = (program, run) => {
  program
    .command("redo")
    .description("roll back the newest applied migration and apply it again")
    .option("--dry-run", "show what would run, with its SQL; change nothing")
    .action((flags: { dryRun?: boolean }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        // A failure still prints one document: the halves (and steps) that completed.
        ctx.failureJson = () => ({
          reports: ctx.runs.map((r) => ({
            ...r,
            dryRun: flags.dryRun === true,
            interrupted: false,
          })),
        });
        if (!flags.dryRun) await ctx.refuseUnconfirmable("Redo the newest migration");
        const migrator = await ctx.migrator();
        const verb = flags.dryRun ? "Planning redo on" : "Redoing on";
        ctx.out.line(ctx.out.paint("gray", `${verb} ${await ctx.displayUrl()}`));
        const reports = await interruptible(ctx, (signal) =>
          migrator.redo({ signal, dryRun: flags.dryRun }),
        );
        if (ctx.out.options.json) ctx.out.json({ reports });
        else
          for (const report of reports) {
            // Both halves ran in one call: each summary shows its own steps' time.
            const elapsed = report.steps.reduce((sum, s) => sum + s.durationMs, 0);
            printRunReport(ctx, report, elapsed);
          }
        return reports.some((r) => r.interrupted) ? 1 : 0;
      }),
    );
};
