import type { Command } from "commander";
import { TidemarkError } from "../../index.js";
import { globalsOf, type Register } from "../program.js";
import { duration, timestamp } from "../render.js";

/** `tidemark changelog <version>`: one migration's description, who applied it and when, and its SQL. */
export const registerChangelog: Register = (program, run) => {
  program
    .command("changelog")
    .argument("<version>", "the migration's version")
    .description("one migration: description, applied by and when, duration, its up and down SQL")
    .action((version: string, _flags: object, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const entry = await (await ctx.migrator({ readOnly: true })).changelog(version);
        if (entry === null)
          throw new TidemarkError("E_TARGET", `No migration has version ${version}`, {
            hint: "Run `tidemark status` to list the versions.",
          });
        const { out } = ctx;
        if (out.options.json) {
          out.json(entry);
          return 0;
        }
        out.line(out.paint("bold", `${entry.version}  ${entry.name}`));
        if (entry.description) for (const l of entry.description.split("\n")) out.line(`  ${l}`);
        const applied = entry.appliedAt
          ? `${entry.status} ${timestamp(entry.appliedAt)} by ${entry.appliedBy ?? "unknown"}${entry.executionMs === null ? "" : ` in ${duration(entry.executionMs)}`}`
          : entry.status;
        out.line(
          out.paint("gray", `  ${applied}${entry.file ? `, ${entry.file}` : ", file missing"}`),
        );
        for (const [label, sql] of [
          ["up", entry.sql],
          ["down", entry.downSql],
        ] as const) {
          if (sql === null) continue;
          out.line(out.paint("cyan", `-- ${label}`));
          out.line(sql.trimEnd());
        }
        return 0;
      }),
    );
};
