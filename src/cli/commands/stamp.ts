import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark stamp <version>` (alias `baseline`): record versions as applied without running them. */
export const registerStamp: Register = (program, run) => {
  program
    .command("stamp")
    .alias("baseline")
    .argument("<version>", "record this version and every pending one before it as applied")
    .description("record versions as applied without running them")
    .action((version: string, _flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        await ctx.confirmProtected(`Stamp ${version}`);
        const report = await (await ctx.migrator()).stamp(version);
        if (ctx.out.options.json) ctx.out.json(report);
        else if (report.stamped.length === 0)
          ctx.out.line(`Nothing to stamp: ${version} is already applied.`);
        else {
          for (const s of report.stamped)
            ctx.out.line(`  ${ctx.out.paint("cyan", "⚑")} ${s.version}  ${s.name}`);
          ctx.out.line(
            `Stamped ${report.stamped.length} migration${report.stamped.length === 1 ? "" : "s"} as applied (not run).`,
          );
        }
        return 0;
      }),
    );
};
