import type { Command } from "commander";
import { appOption } from "../apps.js";
import { positiveInt } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { duration, timestamp } from "../render.js";

/** `tidemark history`: every action in time order. */
export const registerHistory: Register = (program, run) => {
  program
    .command("history")
    .argument("[app]", "only this app (config apps); default: every app")
    .description("every action in time order: when, what, by whom, how long, result")
    .option("--limit <n>", "only the newest N actions")
    .action((app: string | undefined, flags: { limit?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const entries = await (await ctx.migrator({ readOnly: true })).history({
          limit: positiveInt(flags.limit, "--limit"),
          ...(await appOption(ctx, app)),
        });
        const { out } = ctx;
        if (out.options.json) {
          out.json({ history: entries });
          return 0;
        }
        if (entries.length === 0) {
          out.line("No history yet.");
          return 0;
        }
        const rows = entries.map((e) => [
          timestamp(e.at),
          e.action,
          // A row of no migration (the tracking tables' layout) shows no app either.
          e.app === "" || e.version === "" ? e.version : `${e.app}:${e.version}`,
          e.name,
          e.appliedBy ?? "",
          e.executionMs === null ? "" : duration(e.executionMs),
          e.result === "ok" ? out.paint("green", "ok") : out.paint("red", "failed"),
          e.message ?? "",
        ]);
        out.table(rows);
        return 0;
      }),
    );
};
