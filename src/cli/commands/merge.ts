import type { Command } from "commander";
import { TidemarkError, writeNewMigration } from "../../index.js";
import { oneApp } from "../apps.js";
import { globalsOf, type Register } from "../program.js";
import { headsOf } from "./heads.js";

/** `tidemark merge [name]`: write an empty migration that depends on every head. */
export const registerMerge: Register = (program, run) => {
  program
    .command("merge")
    .argument("[name]", "name of the merge migration", "merge_heads")
    .option(
      "--seq",
      "number it with the next sequence number (the default when the newest migration is numbered so)",
    )
    .option("--app <name>", "merge this app's heads, in its folder (config apps)")
    .description("write an empty migration that depends on every head")
    .action((name: string, flags: { seq?: boolean; app?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const config = await ctx.config();
        const { app } = await oneApp(ctx, "merge", flags.app);
        const migrator = await ctx.migrator();
        const { heads } = await headsOf(migrator, app);
        if (heads.length < 2) {
          throw new TidemarkError(
            "E_USAGE",
            `Nothing to merge${app ? ` in ${app}` : ""}: there ${heads.length === 1 ? "is one head" : "are no migrations"}`,
          );
        }
        const dir = app === undefined ? config.dir : config.apps![app]!.dir;
        const files = writeNewMigration(
          dir,
          name,
          await migrator.list(app === undefined ? {} : { app }),
          {
            seq: flags.seq ?? "auto",
            dependsOn: heads.map((h) => h.version),
          },
        );
        if (ctx.out.options.json)
          ctx.out.json({
            created: files,
            merges: heads.map((h) => h.version),
            ...(app ? { app } : {}),
          });
        else
          ctx.out.line(
            `Created ${files.join(", ")} (depends on ${heads.map((h) => h.version).join(", ")})`,
          );
        return 0;
      }),
    );
};
