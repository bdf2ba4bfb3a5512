import type { Command } from "commander";
import { compareVersions, type Problem, type StatusReport } from "../../index.js";
import { appOption } from "../apps.js";
import type { CliContext } from "../context.js";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { statusExtras, statusSpec } from "../fleet-specs.js";
import { globalsOf, type Register } from "../program.js";
import { duration, plural, timestamps } from "../render.js";

/** `tidemark status`: current version, applied, pending and every problem. */
export const registerStatus: Register = (program, run) => {
  withFleetOptions(program.command("status"))
    .argument("[app]", "only this app (config apps); default: every app")
    .description("show applied and pending migrations and any problem")
    .option("--drift", "also compare the live schema with the one the applied migrations build")
    .action(
      (app: string | undefined, flags: FleetFlags & { readonly drift?: boolean }, cmd: Command) =>
        run(globalsOf(cmd), async (ctx) => {
          const fleet = await fanOut(
            ctx,
            flags,
            "status",
            statusSpec(false, flags.drift === true),
            statusExtras(ctx),
          );
          if (fleet !== null) return fleet;
          const migrator = await ctx.migrator({ readOnly: true });
          const report = await migrator.status({
            drift: flags.drift,
            ...(await appOption(ctx, app)),
          });
          if (ctx.out.options.json) ctx.out.json(report);
          // --quiet prints only errors: the table of ten thousand rows is not built to be dropped.
          else if (!ctx.out.options.quiet) {
            ctx.out.line(`Database  ${await ctx.displayUrl()}`);
            for (const one of report.apps ?? [report])
              printStatus(ctx, one, report.apps !== undefined);
          }
          return 0;
        }),
    );
};

/** One report (of one app, with `spaced`: after a blank line), the database line printed before. */
function printStatus(ctx: CliContext, report: StatusReport, spaced: boolean): void {
  const { out } = ctx;
  const stuck = report.problems.filter((p) => p.kind === "failed" || p.kind === "running");
  const counts = [
    `${report.applied.length} applied`,
    ...(stuck.length > 0 ? [`${stuck.length} failed or running`] : []),
    `${report.pending.length} pending`,
  ];
  if (spaced) out.line();
  if (report.app !== undefined) out.line(`App       ${out.paint("bold", report.app)}`);
  out.line(
    `Current   ${report.current ?? out.paint("gray", "(none)")}  ${out.paint("gray", `(${counts.join(", ")})`)}`,
  );
  const rows = recordRows(ctx, report, stuck).concat(pendingRows(ctx, report));
  if (rows.length > 0) {
    out.line();
    out.table(rows, "  ");
  }
  if (report.problems.length > 0) {
    out.line();
    out.line(out.paint("red", `${plural(report.problems.length, "problem")}:`));
    for (const p of report.problems) out.line(`  ${out.paint("red", "✗")} ${p.kind}: ${p.message}`);
  } else if (report.pending.length === 0) {
    out.line();
    out.line(out.paint("green", "Up to date."));
  }
}

/** Applied rows (stamped ones marked), with failed and running rows in version order among them. */
function recordRows(ctx: CliContext, report: StatusReport, stuck: readonly Problem[]): string[][] {
  const { out } = ctx;
  const time = timestamps();
  const when = (iso: string | null | undefined) => (iso ? time(iso) : "");
  const stamped = out.paint("cyan", "stamped");
  const applied = out.paint("green", "applied");
  const rows: string[][] = new Array(report.applied.length);
  for (let i = 0; i < rows.length; i++) {
    const a = report.applied[i]!;
    rows[i] = [
      a.stamped ? stamped : applied,
      a.version,
      a.name,
      when(a.appliedAt),
      a.stamped ? "not run" : a.executionMs === null ? "" : duration(a.executionMs),
    ];
  }
  if (stuck.length === 0) return rows;
  const versions = report.applied.map((a) => a.version);
  for (const p of stuck) {
    const cells =
      p.kind === "running"
        ? [out.paint("yellow", "running"), p.version, p.name ?? "", `since ${when(p.at)}`]
        : [out.paint("red", "failed"), p.version, p.name ?? "", when(p.at)];
    if (p.by) cells.push(`by ${p.by}`);
    // Versioned ids start with a digit; repeatables (R__name) come last.
    const found = versions.findIndex((v) => !/^\d/.test(v) || compareVersions(v, p.version) > 0);
    const at = found === -1 ? rows.length : found;
    rows.splice(at, 0, cells);
    versions.splice(at, 0, p.version);
  }
  return rows;
}

function pendingRows(ctx: CliContext, report: StatusReport): string[][] {
  const { out } = ctx;
  return report.pending.map((p) => [
    out.paint("yellow", "pending"),
    p.version,
    p.name,
    p.changed ? "changed since it last ran" : "",
    "",
  ]);
}
