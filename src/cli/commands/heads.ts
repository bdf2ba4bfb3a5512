import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark heads`: the migrations nothing depends on (more than one means branches). */
export const registerHeads: Register = (program, run) => {
  program
    .command("heads")
    .description("list the heads of the migration graph (branches)")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const heads = (await (await ctx.migrator({ readOnly: true })).heads()).map((h) => ({
          version: h.version!,
          name: h.name,
          file: h.file,
        }));
        if (ctx.out.options.json) ctx.out.json({ heads });
        else {
          for (const h of heads)
            ctx.out.line(`${h.version}  ${h.name}  ${ctx.out.paint("gray", h.file)}`);
          if (heads.length > 1)
            ctx.out.line(
              ctx.out.paint(
                "yellow",
                `${heads.length} heads: run \`tidemark merge\` to join them.`,
              ),
            );
        }
        return 0;
      }),
    );
};
