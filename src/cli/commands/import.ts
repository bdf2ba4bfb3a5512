import type { Command } from "commander";
import type { ImportedMigration, ImportReport } from "../../index.js";
import { IMPORT_TOOLS } from "../../index.js";
import type { CliContext } from "../context.js";
import { globalsOf, type Register } from "../program.js";

interface ImportFlags {
  readonly from: string;
  readonly dryRun?: boolean;
  readonly app?: string;
  readonly allowUnmatched?: boolean;
}

/** `tidemark import --from <tool>`: adopt another tool's history (SPEC §13). */
export const registerImport: Register = (program, run) => {
  program
    .command("import")
    .description("record another tool's applied migrations as applied, running nothing")
    .requiredOption("--from <tool>", `the tool whose history to adopt: ${IMPORT_TOOLS.join(", ")}`)
    .option("--dry-run", "show the mapping; record nothing")
    .option("--app <name>", "django: the app this migrations folder holds")
    .option("--allow-unmatched", "record the matched migrations even if some match no file")
    .action((flags: ImportFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        if (!flags.dryRun) await ctx.refuseUnconfirmable(`Import the ${flags.from} history`);
        const migrator = await ctx.migrator();
        const options = { app: flags.app, allowUnmatched: flags.allowUnmatched };
        const report = await migrator.import(flags.from, { ...options, dryRun: flags.dryRun });
        if (ctx.out.options.json) ctx.out.json(report);
        else printImport(ctx, report);
        return 0;
      }),
    );
};

function printImport(ctx: CliContext, report: ImportReport): void {
  const { out } = ctx;
  const line = (mark: string, m: ImportedMigration) =>
    out.line(
      `  ${mark} ${m.key} → ${m.file}${m.appliedAt ? out.paint("gray", `  applied ${m.appliedAt}${m.appliedBy ? ` by ${m.appliedBy}` : ""}`) : ""}`,
    );
  for (const m of report.already) line(out.paint("gray", "="), m);
  for (const m of report.recorded) line(out.paint("cyan", "⚑"), m);
  for (const key of report.unmatched) out.line(`  ${out.paint("yellow", "?")} ${key} → no file`);
  const n = report.recorded.length;
  const what = `${n} migration${n === 1 ? "" : "s"} from ${report.tool}'s ${report.table}`;
  if (n === 0)
    out.line(
      report.already.length > 0
        ? `Nothing to import: tidemark already records all ${report.already.length} of ${report.tool}'s migrations.`
        : `Nothing to import: ${report.table} records no applied migration.`,
    );
  else if (report.dryRun) out.line(`Would record ${what} as applied (dry run; nothing recorded).`);
  else out.line(`Recorded ${what} as applied (nothing run). \`tidemark up\` applies the rest.`);
}
