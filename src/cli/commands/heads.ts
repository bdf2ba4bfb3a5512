import type { Command } from "commander";
import type { Migrator } from "../../index.js";
import { appOption, configApps } from "../apps.js";
import { globalsOf, type Register } from "../program.js";

/** `tidemark heads [--app NAME]`: the migrations nothing depends on (more than one means branches). */
export const registerHeads: Register = (program, run) => {
  program
    .command("heads")
    .description("list the heads of the migration graph (branches); with apps, of each app")
    .option("--app <name>", "only this app's heads (config apps)")
    .action((flags: { app?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const migrator = await ctx.migrator({ readOnly: true });
        const chosen = await appOption(ctx, flags.app);
        const apps = chosen.app !== undefined ? [chosen.app] : await configApps(ctx);
        const sets =
          apps.length === 0
            ? [await headsOf(migrator)]
            : await Promise.all(apps.map((app) => headsOf(migrator, app)));
        if (ctx.out.options.json) {
          ctx.out.json({ heads: sets.flatMap((s) => s.heads) });
          return 0;
        }
        for (const { app, heads } of sets) {
          for (const h of heads)
            ctx.out.line(
              `${h.app ? `${h.app}:` : ""}${h.version}  ${h.name}  ${ctx.out.paint("gray", h.file)}`,
            );
          if (heads.length > 1)
            ctx.out.line(
              ctx.out.paint(
                "yellow",
                `${heads.length} heads${app ? ` in ${app}` : ""}: run \`tidemark merge${app ? ` --app ${app}` : ""}\` to join them.`,
              ),
            );
        }
        return 0;
      }),
    );
};

/** The heads of one app (or of the default set), as `heads` shows them. */
export async function headsOf(migrator: Migrator, app?: string) {
  const heads = (await migrator.heads(app === undefined ? {} : { app })).map((h) => ({
    ...(app === undefined ? {} : { app }),
    version: h.version!,
    name: h.name,
    file: h.file,
  }));
  return { app, heads };
}
