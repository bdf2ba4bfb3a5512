import type { Command } from "commander";
import { type GenerateReport, renderDifferences, TidemarkError } from "../../index.js";
import type { CliContext } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { collect, parseRename } from "./diff.js";

interface GenerateFlags {
  readonly schema?: string;
  readonly check?: boolean;
  readonly force?: boolean;
  readonly format?: string;
  readonly shadowUrl?: string;
  readonly rename: readonly string[];
}

/** `tidemark generate <name> --schema schema.sql`: write the migration that reaches the schema. */
export const registerGenerate: Register = (program, run) => {
  program
    .command("generate")
    .argument("[name]", "what the migration does, e.g. add_invoices", "schema_change")
    .description(
      "write a new migration (up and down) that brings the migrations' schema to the one a .sql file describes",
    )
    .option("--schema <file>", "the desired schema: a .sql file or a folder of them")
    .option("--check", "write nothing; exit 1 when the migrations do not build the schema (CI)")
    .option("--force", "write the migration even when its proof finds what it could not express")
    .option("--rename <old:new>", "write this table or column change as a rename", collect, [])
    .option(
      "--format <format>",
      "sql (one file) or paired (.up.sql + .down.sql); default: the folder's",
    )
    .option(
      "--shadow-url <url>",
      "server to create the throw-away databases on (default: the database's own)",
    )
    .action((name: string, flags: GenerateFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        if (flags.schema === undefined)
          throw new TidemarkError("E_USAGE", "generate needs --schema <file>", {
            hint: "Name the .sql file (or folder) that describes the schema you want.",
          });
        if (flags.format !== undefined && flags.format !== "sql" && flags.format !== "paired")
          throw new TidemarkError("E_USAGE", `Unknown format "${flags.format}"`, {
            hint: "Use sql or paired.",
          });
        const migrator = await ctx.migrator({ readOnly: true });
        const report = await migrator.generate(name, {
          schema: flags.schema,
          check: flags.check,
          force: flags.force,
          format: flags.format as "sql" | "paired" | undefined,
          shadowUrl: flags.shadowUrl,
          renames: flags.rename.map(parseRename),
        });
        if (ctx.out.options.json) ctx.out.json(report);
        else printGenerate(ctx, report, flags.schema, flags.check === true);
        if (report.upToDate) return 0;
        return flags.check || !report.written ? 1 : 0;
      }),
    );
};

function printGenerate(
  ctx: CliContext,
  report: GenerateReport,
  schema: string,
  check: boolean,
): void {
  const { out } = ctx;
  if (report.upToDate) {
    out.line(out.paint("green", `Nothing to do: the migrations already build ${schema}.`));
    return;
  }
  if (check) {
    out.line(out.paint("red", `The migrations do not build ${schema}:`));
    for (const line of renderDifferences(report.differences)) out.line(`  ${line}`);
    out.line(
      out.paint("gray", "  (- only in the schema file, + only in the migrations, ~ different)"),
    );
    return;
  }
  const proof = report.proof;
  const failed =
    proof !== null && (proof.up.length > 0 || proof.down.length > 0 || proof.error !== undefined);
  if (failed) {
    out.line(
      out.paint(
        report.written ? "yellow" : "red",
        "The proof found what the migration could not express:",
      ),
    );
    if (proof.error !== undefined) out.line(`  ${proof.error}`);
    for (const line of renderDifferences(proof.up)) out.line(`  after up:   ${line}`);
    for (const line of renderDifferences(proof.down)) out.line(`  after down: ${line}`);
  }
  if (!report.written) {
    out.line(
      "Nothing written; fix the schema or the migration by hand, or pass --force to write it anyway.",
    );
    return;
  }
  for (const m of report.migrations) for (const f of m.files) out.line(`Created ${f}`);
  if (report.warnings.length > 0) {
    out.line(out.paint("yellow", "Review before you apply it:"));
    for (const w of report.warnings) out.line(out.paint("yellow", `  - ${w}`));
  }
}
