import { promises as fsp } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { renderSchemaSql, TidemarkError } from "../../index.js";
import { globalsOf, type Register } from "../program.js";

/** `tidemark schema`: the live schema as SQL DDL (or, with --json, as a snapshot). */
export const registerSchema: Register = (program, run) => {
  program
    .command("schema")
    .description("print the live schema as SQL (or a JSON snapshot); tracking tables left out")
    .option("--out <file>", "write it to this file instead of stdout")
    .action((flags: { out?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const snapshot = await (await ctx.migrator({ readOnly: true })).schema();
        const json = ctx.out.options.json;
        const text = json ? `${JSON.stringify(snapshot, null, 2)}\n` : renderSchemaSql(snapshot);
        if (flags.out === undefined) {
          if (json) ctx.out.json(snapshot);
          else process.stdout.write(text);
          return 0;
        }
        const path = resolve(flags.out);
        try {
          await fsp.writeFile(path, text);
        } catch (err) {
          throw new TidemarkError("E_IO", `Cannot write ${path}: ${(err as Error).message}`, {
            hint: "Check that the folder exists and is writable.",
            cause: err,
          });
        }
        if (json) ctx.out.json({ out: path });
        else ctx.out.line(`Schema written to ${path}.`);
        return 0;
      }),
    );
};
