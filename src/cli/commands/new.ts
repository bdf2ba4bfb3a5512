import type { Command } from "commander";
import { type NewFormat, TidemarkError, writeNewMigration } from "../../index.js";
import { oneApp } from "../apps.js";
import { globalsOf, type Register } from "../program.js";

const FORMATS: readonly NewFormat[] = ["sql", "ts", "paired"];

/** `tidemark new <name>`: create a migration file named with a UTC timestamp or sequence number. */
export const registerNew: Register = (program, run) => {
  program
    .command("new")
    .argument("<name>", "what the migration does, e.g. create_users")
    .option(
      "--format <format>",
      "sql (one file, up/down sections), ts (code), paired (.up.sql + .down.sql)",
      "sql",
    )
    .option("--seq", "number it with the next sequence number instead of a UTC timestamp")
    .option("--app <name>", "in this app's folder (config apps)")
    .description("create a new migration file")
    .action((name: string, flags: { format: string; seq?: boolean; app?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        if (!FORMATS.includes(flags.format as NewFormat)) {
          throw new TidemarkError("E_USAGE", `Unknown format "${flags.format}"`, {
            hint: `Use one of: ${FORMATS.join(", ")}.`,
          });
        }
        const config = await ctx.config();
        const { app } = await oneApp(ctx, "new", flags.app);
        const migrator = await ctx.migrator();
        const existing = await migrator
          .list(app === undefined ? {} : { app })
          .catch((err: unknown) => {
            if (err instanceof TidemarkError && err.code === "E_IO") return [];
            throw err;
          });
        const dir = app === undefined ? config.dir : config.apps![app]!.dir;
        const files = writeNewMigration(dir, name, existing, {
          format: flags.format as NewFormat,
          seq: flags.seq,
        });
        if (ctx.out.options.json) ctx.out.json({ created: files });
        else for (const f of files) ctx.out.line(`Created ${f}`);
        return 0;
      }),
    );
};
