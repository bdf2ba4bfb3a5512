import type { Command } from "commander";
import type { StatusReport } from "../../index.js";
import type { CliContext } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { duration, plural, table, timestamp } from "../render.js";

/** `tidemark status`: current version, applied, pending and every problem. */
export const registerStatus: Register = (program, run) => {
  program
    .command("status")
    .description("show applied and pending migrations and any problem")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const report = await (await ctx.migrator()).status();
        if (ctx.out.options.json) ctx.out.json(report);
        else printStatus(ctx, report, await ctx.displayUrl());
        return 0;
      }),
    );
};

function printStatus(ctx: CliContext, report: StatusReport, url: string): void {
  const { out } = ctx;
  const summary = `${report.applied.length} applied, ${report.pending.length} pending`;
  out.line(`Database  ${url}`);
  out.line(
    `Current   ${report.current ?? out.paint("gray", "(none)")}  ${out.paint("gray", `(${summary})`)}`,
  );
  const rows: string[][] = [
    ...report.applied.map((a) => [
      out.paint("green", "applied"),
      a.version,
      a.name,
      a.appliedAt ? timestamp(a.appliedAt) : "",
      a.executionMs === null ? "" : duration(a.executionMs),
    ]),
    ...report.pending.map((p) => [out.paint("yellow", "pending"), p.version, p.name, "", ""]),
  ];
  if (rows.length > 0) {
    out.line();
    for (const line of table(rows)) out.line(`  ${line}`);
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
