import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark repair`: accept edited checksums and clear failed rows, after confirmation. */
export const registerRepair: Register = (program, run) => {
  program
    .command("repair")
    .description("accept edited files' checksums and clear failed rows (asks first)")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const migrator = await ctx.migrator();
        const state = await migrator.state();
        const todo = state.problems.filter(
          (p) => p.kind === "checksum_mismatch" || p.kind === "failed" || p.kind === "running",
        );
        if (todo.length === 0) {
          if (ctx.out.options.json) ctx.out.json({ repaired: [] });
          else ctx.out.line("Nothing to repair.");
          return 0;
        }
        for (const p of todo) ctx.out.line(`  ${p.kind}: ${p.message}`);
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
