import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark drop`: drop the database the URL names, after confirmation. */
export const registerDrop: Register = (program, run) => {
  program
    .command("drop")
    .description("drop the database named in the URL (asks first; refused while others use it)")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const report = await (await ctx.migrator()).dropDatabase();
        if (ctx.out.options.json) ctx.out.json(report);
        else
          ctx.out.line(report.dropped ? `Dropped ${report.url}.` : `${report.url} does not exist.`);
        return 0;
      }),
    );
};
