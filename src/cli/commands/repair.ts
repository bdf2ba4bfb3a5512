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
        await ctx.refuseUnconfirmable("Repair the tracking table");
        const migrator = await ctx.migrator();
        // Asks first (the migrator shows each row it would change); nothing to do asks nothing.
        const report = await migrator.repair();
        if (report.repaired.length === 0 && !ctx.out.options.json) {
          ctx.out.line("Nothing to repair.");
          return 0;
        }
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
