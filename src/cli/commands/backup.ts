import type { Command } from "commander";
import { globalsOf, type Register } from "../program.js";
import { bytes, duration, plural, timestamp } from "../render.js";

/** `tidemark backup [--out F]` and `tidemark backups`: back the database up, list the backups. */
export const registerBackup: Register = (program, run) => {
  program
    .command("backup")
    .description(
      "back the whole database up with its engine's tool (pg_dump, mariadb-dump, SQLite backup API, PGlite dump)",
    )
    .option("--out <file>", "write here instead of the backups folder (config backups.dir)")
    .action((flags: { out?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        // Read-only: a SQLite file that does not exist is reported, not created empty and backed up.
        const migrator = await ctx.migrator({ readOnly: true });
        const result = await migrator.backup({ out: flags.out });
        const { out } = ctx;
        if (out.options.json) {
          out.json(result);
          return 0;
        }
        const { manifest } = result;
        out.line(
          `Backed up ${await ctx.displayUrl()} (version ${manifest.version ?? "none"}) to ${result.file}`,
        );
        out.line(
          out.paint(
            "gray",
            `  ${bytes(manifest.size)}, ${manifest.tool} ${manifest.toolVersion}, ${duration(result.durationMs)}, sha256 ${manifest.sha256}`,
          ),
        );
        if (result.pruned.length > 0)
          out.line(`Removed ${plural(result.pruned.length, "older backup")} (backups.keep).`);
        return 0;
      }),
    );
  program
    .command("backups")
    .description("list the backups in the backups folder, newest first")
    .action((_flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const entries = await (await ctx.migrator({ readOnly: true })).backups();
        const { out } = ctx;
        if (out.options.json) {
          out.json({
            backups: entries.map((e) => ({ path: e.path, ...e.manifest })),
          });
          return 0;
        }
        if (entries.length === 0) {
          out.line("No backups yet.");
          return 0;
        }
        const rows = entries.map(({ path, manifest: m }) => [
          timestamp(m.createdAt),
          m.version ?? "empty",
          bytes(m.size),
          `${m.database} (${m.environment})`,
          path,
        ]);
        out.table([["when", "version", "size", "database", "file"], ...rows]);
        return 0;
      }),
    );
};
