import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";
import { interruptible, printRunReport } from "./run-report.js";

/** `tidemark redo`: down then up of the newest applied migration. */
export const registerRedo: Register = (program, run) => {
  program
    .command("redo")
    .description("roll back the newest applied migration and apply it again")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        await ctx.confirmProtected("Redo the newest migration");
        const migrator = await ctx.migrator();
        ctx.out.line(ctx.out.paint("gray", `Redoing on ${await ctx.displayUrl()}`));
        const reports = await interruptible(ctx, (signal) => migrator.redo({ signal }));
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
