import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";

/**
 * `tidemark stamp <version>` (alias `baseline`): make the record say "applied through <version>"
 * without running anything; rows above it are recorded rolled back after confirmation (the
 * migrator asks, through the context's terminal confirm).
 */
export const registerStamp: Register = (program, run) => {
  program
    .command("stamp")
    .alias("baseline")
    .argument(
      "<version>",
      "record this version and every pending one before it as applied (and newer ones as rolled back); zero for none",
    )
    .description("make the record say applied through <version>, running nothing")
    .action((version: string, _flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        await ctx.refuseUnconfirmable(`Stamp ${version}`);
        const migrator = await ctx.migrator();
        const report = await migrator.stamp(version);
        if (ctx.out.options.json) ctx.out.json(report);
        else if (report.stamped.length === 0 && report.rolledBack.length === 0)
          ctx.out.line(`Nothing to stamp: the record already says applied through ${version}.`);
        else {
          for (const s of report.rolledBack)
            ctx.out.line(`  ${ctx.out.paint("cyan", "⚑")} ${s.version}  ${s.name}  (rolled back)`);
          for (const s of report.stamped)
            ctx.out.line(`  ${ctx.out.paint("cyan", "⚑")} ${s.version}  ${s.name}`);
          const parts = [
            report.stamped.length > 0 ? `${count(report.stamped.length)} as applied` : "",
            report.rolledBack.length > 0 ? `${count(report.rolledBack.length)} as rolled back` : "",
          ].filter((p) => p !== "");
          ctx.out.line(`Stamped ${parts.join(" and ")} (nothing run).`);
        }
        return 0;
      }),
    );
};

function count(n: number): string {
  return `${n} migration${n === 1 ? "" : "s"}`;
}
