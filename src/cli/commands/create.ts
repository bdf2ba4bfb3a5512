import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark create`: create the database the URL names; no error when it exists. */
export const registerCreate: Register = (program, run) => {
  program
    .command("create")
    .description("create the database named in the URL (SQLite: the file; PGlite: the data folder)")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const report = await (await ctx.migrator()).createDatabase();
        if (ctx.out.options.json) ctx.out.json(report);
        else
          ctx.out.line(report.created ? `Created ${report.url}.` : `${report.url} exists already.`);
        return 0;
      }),
    );
};
