import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark sql`: print the exact SQL `up` would send, without applying anything. */
export const registerSql: Register = (program, run) => {
  program
    .command("sql")
    .description("print the SQL `up` would send (tracking writes included); applies nothing")
    .option("--to <target>", "stop at this version")
    .option("--allow-out-of-order", "include pending migrations older than the current version")
    .action((flags: { to?: string; allowOutOfOrder?: boolean }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const sql = await (await ctx.migrator({ readOnly: true })).sql({
          to: flags.to,
          allowOutOfOrder: flags.allowOutOfOrder,
        });
        if (ctx.out.options.json) ctx.out.json({ sql });
        else process.stdout.write(sql.length > 0 ? sql : "-- nothing to apply\n");
        return 0;
      }),
    );
};
