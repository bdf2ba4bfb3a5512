import type { Command } from "commander";
import { type Rename, TidemarkError } from "../../index.js";
import { globalsOf, type Register } from "../program.js";

interface DiffFlags {
  readonly from: string;
  readonly to: string;
  readonly shadowUrl?: string;
  readonly rename: readonly string[];
}

/** `tidemark diff --from A --to B`: the SQL that turns schema A into schema B. */
export const registerDiff: Register = (program, run) => {
  program
    .command("diff")
    .description(
      "print the SQL that turns schema A into schema B (each a URL, a migrations folder or a .sql schema)",
    )
    .requiredOption(
      "--from <source>",
      "schema to start from: a URL, a migrations folder, a .sql file or folder",
    )
    .requiredOption("--to <source>", "schema to arrive at, as --from")
    .option("--rename <old:new>", "write this table or column change as a rename", collect, [])
    .option(
      "--shadow-url <url>",
      "server to build folders and .sql files on (default: the database's own)",
    )
    .action((flags: DiffFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const migrator = await ctx.migrator({ readOnly: true });
        const report = await migrator.diff({
          from: flags.from,
          to: flags.to,
          shadowUrl: flags.shadowUrl,
          renames: flags.rename.map(parseRename),
        });
        if (ctx.out.options.json) ctx.out.json(report);
        else if (report.equal)
          ctx.out.note(`No differences: ${flags.from} and ${flags.to} hold the same schema.`);
        else {
          for (const w of report.warnings) ctx.out.note(ctx.out.paint("yellow", `warning: ${w}`));
          ctx.out.line(report.sql);
        }
        return 0;
      }),
    );
};

/** Collects a repeated option into a list. */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** `schema.table.old:new` as a {@link Rename}. */
export function parseRename(text: string): Rename {
  const colon = text.lastIndexOf(":");
  const from = text.slice(0, colon);
  const to = text.slice(colon + 1);
  if (colon <= 0 || to === "" || to.includes("."))
    throw new TidemarkError("E_USAGE", `--rename ${text}: expected old:new`, {
      hint: "Name the old table or column as the warning does and the new bare name, e.g. --rename public.users.fullname:full_name.",
    });
  return { from, to };
}
