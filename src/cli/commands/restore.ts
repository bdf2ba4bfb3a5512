import type { Command } from "commander";
import type { RestoreSummary } from "../../index.js";
import type { CliContext } from "../context.js";
import { globalsOf, type Register } from "../program.js";
import { bytes, timestamp } from "../render.js";

/** What the confirmation shows: the file, what it holds, and the database it replaces. */
function describe(ctx: CliContext, summary: RestoreSummary): string {
  const m = summary.manifest;
  ctx.out.line(`Backup:   ${summary.file}`);
  if (m) {
    ctx.out.line(
      `          ${m.engine} database ${m.database} (${m.environment}), version ${m.version ?? "none"}, taken ${timestamp(m.createdAt)}, ${bytes(m.size)}, checksum verified`,
    );
  } else ctx.out.line(ctx.out.paint("yellow", "          not checked: --force, no manifest"));
  ctx.out.line(`Replaces: ${summary.target}`);
  return `Replace every table and row of ${summary.target} with this backup`;
}

/** `tidemark restore <file>`: after confirmation, replace the database with a backup. */
export const registerRestore: Register = (program, run) => {
  program
    .command("restore <file>")
    .description("replace the database with a backup (checks its manifest, asks first)")
    .option("--force", "restore even without a manifest or when the checksum differs")
    .action((file: string, flags: { force?: boolean }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const migrator = await ctx.migrator();
        const report = await migrator.restore(file, {
          force: flags.force,
          confirm: async (summary) => {
            await migrator.confirmDatabaseChange("restore", describe(ctx, summary));
            return true;
          },
        });
        if (ctx.out.options.json) ctx.out.json(report);
        else
          ctx.out.line(
            `Restored ${report.file}: the database is at version ${report.version ?? "none (nothing applied)"}.`,
          );
        return 0;
      }),
    );
};
