import type { Command } from "commander";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { checkJson, statusSpec } from "../fleet-specs.js";
import { globalsOf, type Register } from "../program.js";

/** `tidemark check`: exit 0 up to date, 2 pending, 1 on any problem (for CI gates). */
export const registerCheck: Register = (program, run) => {
  withFleetOptions(program.command("check"))
    .description("exit 0 when up to date, 2 when migrations are pending, 1 on any problem")
    .action((flags: FleetFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const fleet = await fanOut(ctx, flags, "check", statusSpec(true), { json: checkJson });
        if (fleet !== null) return fleet;
        const report = await (await ctx.migrator({ readOnly: true })).status();
        const code = report.problems.length > 0 ? 1 : report.pending.length > 0 ? 2 : 0;
        if (ctx.out.options.json) ctx.out.json(checkJson(report));
        else if (code === 0) {
          const current = report.apps
            ? report.apps.map((a) => `${a.app} ${a.current ?? "none"}`).join(", ")
            : (report.current ?? "none");
          ctx.out.line(`Up to date (current version ${current}).`);
        } else if (code === 2) {
          ctx.out.line(
            `${report.pending.length} pending migration${report.pending.length === 1 ? "" : "s"}: ${report.pending.map((p) => (p.app ? `${p.app}:${p.version}` : p.version)).join(", ")}`,
          );
        } else {
          for (const p of report.problems)
            ctx.out.line(`${ctx.out.paint("red", "✗")} ${p.kind}: ${p.message}`);
        }
        return code;
      }),
    );
};
