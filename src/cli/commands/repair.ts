import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/**
 * `tidemark repair`: after confirmation, accept the files as they are now (checksum and stored
 * down SQL), clear failed ups, and record failed downs as applied again.
 */
export const registerRepair: Register = (program, run) => {
  program
    .command("repair")
    .description(
      "accept edited files (checksum and stored down SQL) and clear failed rows (asks first)",
    )
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const migrator = await ctx.migrator();
        const todo = (await migrator.repair({ dryRun: true })).repaired;
        if (todo.length === 0) {
          if (ctx.out.options.json) ctx.out.json({ repaired: [] });
          else ctx.out.line("Nothing to repair.");
          return 0;
        }
        for (const r of todo) ctx.out.line(`  ${r.version}: ${r.message}`);
        await ctx.confirm(
          `Repair ${todo.length} row${todo.length === 1 ? "" : "s"} of the tracking table?`,
        );
        const report = await migrator.repair();
        if (ctx.out.options.json) ctx.out.json(report);
        else {
          for (const r of report.repaired)
            ctx.out.line(`  ${ctx.out.paint("green", "✓")} ${r.version}: ${r.message}`);
          ctx.out.line(
            `Repaired ${report.repaired.length} row${report.repaired.length === 1 ? "" : "s"}.`,
          );
        }
        return 0;
      }),
    );
};
