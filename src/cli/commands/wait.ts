import type { Command } from "commander";
import { seconds } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { duration } from "../render.js";

/** `tidemark wait [--timeout S]`: wait until the database server accepts connections. */
export const registerWait: Register = (program, run) => {
  program
    .command("wait")
    .description("wait until the database server accepts connections (exit 1 on timeout)")
    .option("--timeout <seconds>", "give up after this long (default 60)")
    .action((flags: { timeout?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const timeoutMs = seconds(flags.timeout, "--timeout") ?? 60_000;
        const report = await (await ctx.migrator()).waitForServer({ timeoutMs });
        if (ctx.out.options.json) ctx.out.json(report);
        else if (report.attempts === 0) ctx.out.line(`${report.url} has no server to wait for.`);
        else
          ctx.out.line(`${report.url} accepts connections (after ${duration(report.waitedMs)}).`);
        return 0;
      }),
    );
};
