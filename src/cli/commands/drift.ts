import type { Command } from "commander";
import { type DriftReport, renderDifferences } from "../../index.js";
import type { CliContext } from "../context.js";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { driftExtras, driftSpec } from "../fleet-checks.js";
import { globalsOf, type Register } from "../program.js";
import { plural } from "../render.js";

/** `tidemark drift`: the live schema against the one its applied migrations build. */
export const registerDrift: Register = (program, run) => {
  withFleetOptions(program.command("drift"))
    .description(
      "compare the live schema with the one the applied migrations build; exit 1 on drift",
    )
    .option(
      "--shadow-url <url>",
      "server to build the migrations' schema on (default: the database's own)",
    )
    .action((flags: FleetFlags & { readonly shadowUrl?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const options = { shadowUrl: flags.shadowUrl };
        const fleet = await fanOut(ctx, flags, "drift", driftSpec(options), driftExtras(ctx));
        if (fleet !== null) return fleet;
        const migrator = await ctx.migrator({ readOnly: true });
        const report = await migrator.drift(options);
        if (ctx.out.options.json) ctx.out.json(report);
        else printDrift(ctx, report, await ctx.displayUrl());
        return report.equal ? 0 : 1;
      }),
    );
};

function printDrift(ctx: CliContext, report: DriftReport, url: string): void {
  const { out } = ctx;
  if (report.note) out.note(out.paint("yellow", `note: ${report.note}`));
  for (const c of report.cautions) out.note(out.paint("yellow", `caution: ${c}`));
  const built = `the schema ${plural(report.applied, "applied migration")} build`;
  if (report.equal) out.line(out.paint("green", `No drift: ${url} has ${built}.`));
  else {
    out.line(
      out.paint(
        "red",
        `Drift: ${url} differs from ${built} in ${plural(report.differences.length, "object")}:`,
      ),
    );
    out.line(
      out.paint(
        "gray",
        "  (+ only in the live database, - only in the migrations' schema, ~ different)",
      ),
    );
    for (const line of renderDifferences(report.differences)) out.line(`  ${line}`);
  }
  for (const w of report.warnings) out.line(out.paint("yellow", `warning: ${w}`));
}
