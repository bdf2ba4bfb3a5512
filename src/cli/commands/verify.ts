import type { Command } from "commander";
import type { VerifyErrorInfo, VerifyReport, VerifyStepResult } from "../../index.js";
import { renderDifferences } from "../../index.js";
import type { CliContext } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { duration, plural, stepLine, stepWidths } from "../render.js";
import { interruptible } from "./run-report.js";

interface VerifyFlags {
  readonly from?: string;
  readonly to?: string;
  readonly shadowUrl?: string;
}

/** `tidemark verify [<file>]` (alias `test`): prove, in a throw-away database, that each down undoes its up. */
export const registerVerify: Register = (program, run) => {
  program
    .command("verify [file]")
    .alias("test")
    .description(
      "in a throw-away database: up, down, compare the schema, up again, for each migration",
    )
    .option("--from <version>", "first version to check (earlier ones are applied unchecked)")
    .option("--to <version>", "last version to check")
    .option(
      "--shadow-url <url>",
      "server to create the throw-away database on (default: the database's own)",
    )
    .action((file: string | undefined, flags: VerifyFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const migrator = await ctx.migrator({ readOnly: true });
        const widths = stepWidths(await migrator.list());
        migrator.on("verify:step", (r) => ctx.out.line(progressLine(ctx, r, widths)));
        ctx.out.line(
          ctx.out.paint(
            "gray",
            `Verifying the migrations of ${await ctx.displayUrl()} in a throw-away database`,
          ),
        );
        const report = await interruptible(ctx, (signal) =>
          migrator.verify({
            from: flags.from,
            to: flags.to,
            file,
            shadowUrl: flags.shadowUrl,
            signal,
          }),
        );
        if (ctx.out.options.json) ctx.out.json(report);
        else printSummary(ctx, report);
        return report.failed > 0 || report.interrupted ? 1 : 0;
      }),
    );
};

const MARKS = {
  ok: ["green", "✓"],
  repeatable: ["gray", "·"],
  irreversible: ["yellow", "!"],
  broken: ["red", "✗"],
  "down-failed": ["red", "✗"],
  "up-failed": ["red", "✗"],
  "reapply-failed": ["red", "✗"],
} as const;

const WHAT = {
  ok: "",
  repeatable: "repeatable: applied, not checked",
  irreversible: "irreversible: no down to check",
  broken: "down does not undo up:",
  "down-failed": "down failed:",
  "up-failed": "up failed (later migrations not checked):",
  "reapply-failed": "up failed when applied again after its down:",
} as const;

/** `  ✗ 002  add_status  0.5 s  down does not undo up:` and, under it, each difference or the error. */
function progressLine(
  ctx: CliContext,
  r: VerifyStepResult,
  widths: ReturnType<typeof stepWidths>,
): string {
  const { out } = ctx;
  const [color, mark] = MARKS[r.outcome];
  const what = WHAT[r.outcome] === "" ? "" : `  ${out.paint(color, WHAT[r.outcome])}`;
  const lines = [
    stepLine(out.paint(color, mark), r, widths, out.paint("gray", duration(r.durationMs)) + what),
  ];
  for (const d of renderDifferences(r.differences ?? [])) lines.push(`      ${paintDiff(ctx, d)}`);
  if (r.error) lines.push(`      ${out.paint("red", located(r.error))}`);
  for (const w of r.warnings ?? []) lines.push(`      ${out.paint("yellow", `warning: ${w}`)}`);
  return lines.join("\n");
}

function paintDiff(ctx: CliContext, line: string): string {
  const color = line.startsWith("+") ? "green" : line.startsWith("-") ? "red" : "yellow";
  return ctx.out.paint(color, line);
}

/** `file:line:column: message` (the message alone when it already names the file). */
export function located(e: VerifyErrorInfo): string {
  if (e.file === undefined || e.message.includes(e.file)) return e.message;
  const where = `${e.file}${e.line ? `:${e.line}${e.column ? `:${e.column}` : ""}` : ""}`;
  return `${where}: ${e.message}`;
}

function printSummary(ctx: CliContext, report: VerifyReport): void {
  const { out } = ctx;
  if (report.note) out.note(out.paint("yellow", `note: ${report.note}`));
  const checked = report.results.filter((r) => r.outcome !== "repeatable").length;
  const irreversible = report.results.filter((r) => r.outcome === "irreversible").length;
  const extra = irreversible > 0 ? `, ${irreversible} irreversible` : "";
  out.line();
  if (report.interrupted)
    out.line(out.paint("yellow", `Interrupted after ${plural(checked, "migration")}.`));
  if (report.failed > 0)
    out.line(
      out.paint("red", `${report.failed} of ${plural(checked, "migration")} broken${extra}.`),
    );
  else if (!report.interrupted)
    out.line(
      out.paint(
        "green",
        `${plural(checked, "migration")} verified: every down undoes its up${extra}.`,
      ),
    );
  out.line(out.paint("gray", `(${report.shadow}, dropped)`));
}
