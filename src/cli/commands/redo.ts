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
        const started = performance.now();
        const reports = await interruptible(ctx, (signal) => migrator.redo({ signal }));
        if (ctx.out.options.json) ctx.out.json({ reports });
        else for (const report of reports) printRunReport(ctx, report, performance.now() - started);
        return 0;
      }),
    );
};
