import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/** `tidemark validate`: parse every file, check order, dependencies and checksums. Changes nothing. */
export const registerValidate: Register = (program, run) => {
  program
    .command("validate")
    .description("parse every migration and check it against the database; changes nothing")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const report = await (await ctx.migrator({ readOnly: true })).validate();
        const ok = report.problems.length === 0;
        if (ctx.out.options.json) ctx.out.json({ valid: ok, ...report });
        else if (ok)
          ctx.out.line(
            `${ctx.out.paint("green", "✓")} ${report.migrations === 1 ? "1 migration is" : `${report.migrations} migrations are`} valid.`,
          );
        else
          for (const p of report.problems)
            ctx.out.line(`${ctx.out.paint("red", "✗")} ${p.kind}: ${p.message}`);
        return ok ? 0 : 1;
      }),
    );
};
