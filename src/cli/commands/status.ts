import type { Command } from "commander";
import {
  compareVersions,
  type Migrator,
  type Problem,
  type StatusApplied,
  type StatusReport,
} from "../../index.js";
import { appOption } from "../apps.js";
import type { CliContext } from "../context.js";
import { type FleetFlags, fanOut, withFleetOptions } from "../fleet.js";
import { statusExtras, statusSpec } from "../fleet-specs.js";
import { globalsOf, type Register } from "../program.js";
import { CHUNK_LINES, duration, plural, timestamps } from "../render.js";

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
          const { json, quiet } = ctx.out.options;
          const report =
            !json && !quiet && app === undefined && !flags.drift
              ? await printAsRead(ctx, migrator)
              : await migrator.status({ drift: flags.drift, ...(await appOption(ctx, app)) });
          if (report === null) return 0;
          if (json) ctx.out.json(report);
          // --quiet prints only errors: the table of ten thousand rows is not built to be dropped.
          else if (!quiet) {
            ctx.out.line(`Database  ${await ctx.displayUrl()}`);
            for (const one of report.apps ?? [report])
              printStatus(ctx, one, report.apps !== undefined);
          }
          return 0;
        }),
    );
};

/**
 * `status` of a history whose migrations are all applied as their files are, its rows printed
 * as they are read (Migrator.statusEach), a thousand lines at a time, none kept: what
 * {@link printStatus} prints for it; then null. Otherwise the report to print, nothing printed.
 */
async function printAsRead(ctx: CliContext, migrator: Migrator): Promise<StatusReport | null> {
  const { out } = ctx;
  const database = await ctx.displayUrl();
  const cells = appliedCells(ctx);
  let widths: number[] = [];
  let rows: string[][] = [];
  const flush = () => {
    if (rows.length > 0) out.table(rows, "  ", widths);
    rows = [];
  };
  const report = await migrator.statusEach(
    (head) => {
      out.line(`Database  ${database}`);
      currentLine(ctx, head.current, [`${head.count} applied`, "0 pending"]);
      // Each part of the table padded as the whole one would be: the status words are as long
      // as each other, ids and names printable ASCII, every time as long as any other.
      const timeWidth = head.timed ? timestamps()(new Date()).length : 0;
      widths = [APPLIED_WIDTH, head.longestId, head.longestName, timeWidth];
      if (head.count > 0) out.line();
    },
    (applied) => {
      rows.push(cells(applied));
      if (rows.length === CHUNK_LINES) flush();
    },
  );
  if (report !== null) return report;
  flush();
  out.line();
  out.line(out.paint("green", "Up to date."));
  return null;
}

/** "applied" and "stamped", the words of the first column of an applied row. */
const APPLIED_WIDTH = 7;

function currentLine(ctx: CliContext, current: string | null, counts: readonly string[]): void {
  const { out } = ctx;
  out.line(
    `Current   ${current ?? out.paint("gray", "(none)")}  ${out.paint("gray", `(${counts.join(", ")})`)}`,
  );
}

/** The cells of an applied row: status word, version, name, time, duration ("not run" stamped). */
function appliedCells(ctx: CliContext): (a: StatusApplied) => string[] {
  const { out } = ctx;
  const time = timestamps();
  const stamped = out.paint("cyan", "stamped");
  const applied = out.paint("green", "applied");
  return (a) => [
    a.stamped ? stamped : applied,
    a.version,
    a.name,
    a.appliedAt ? time(a.appliedAt) : "",
    a.stamped ? "not run" : a.executionMs === null ? "" : duration(a.executionMs),
  ];
}

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
  currentLine(ctx, report.current, counts);
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
  const cells = appliedCells(ctx);
  const rows: string[][] = new Array(report.applied.length);
  for (let i = 0; i < rows.length; i++) rows[i] = cells(report.applied[i]!);
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
