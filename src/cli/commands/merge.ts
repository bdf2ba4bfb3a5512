import type { Command } from "commander";
import { TidemarkError, writeNewMigration } from "../../index.js";
import { globalsOf, type Register } from "../program.js";

/** `tidemark merge [name]`: write an empty migration that depends on every head. */
export const registerMerge: Register = (program, run) => {
  program
    .command("merge")
    .argument("[name]", "name of the merge migration", "merge_heads")
    .option(
      "--seq",
      "number it with the next sequence number (the default when the newest migration is numbered so)",
    )
    .description("write an empty migration that depends on every head")
    .action((name: string, flags: { seq?: boolean }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const heads = (await (await ctx.migrator()).heads()).map((h) => ({
          version: h.version!,
          name: h.name,
          file: h.file,
        }));
        if (heads.length < 2) {
          throw new TidemarkError(
            "E_USAGE",
            `Nothing to merge: there ${heads.length === 1 ? "is one head" : "are no migrations"}`,
          );
        }
        const config = await ctx.config();
        const migrator = await ctx.migrator();
        const files = writeNewMigration(config.dir, name, await migrator.list(), {
          seq: flags.seq ?? "auto",
          dependsOn: heads.map((h) => h.version),
        });
        if (ctx.out.options.json)
          ctx.out.json({ created: files, merges: heads.map((h) => h.version) });
        else
          ctx.out.line(
            `Created ${files.join(", ")} (depends on ${heads.map((h) => h.version).join(", ")})`,
          );
        return 0;
      }),
    );
};
