import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CompatibilityReport } from "../../index.js";
import { globalsOf, type Register } from "../program.js";
import type { Output } from "../render.js";

/**
 * `tidemark compat [--app V]`: the compatibility matrix and whether app version V (default:
 * ./package.json's version) can run on the database's current version; exit 1 when not.
 */
export const registerCompat: Register = (program, run) => {
  program
    .command("compat")
    .description("the compatibility matrix, and whether an app version can run on the database")
    .option("--app <version>", "the app version to check (default: ./package.json's version)")
    .action((flags: { app?: string }, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const app = flags.app ?? packageVersion(process.cwd());
        const report = await (await ctx.migrator({ readOnly: true })).compatibility(app);
        if (ctx.out.options.json) ctx.out.json(report);
        else printReport(ctx.out, report);
        return report.compatible === false ? 1 : 0;
      }),
    );
};

/** The `version` of package.json in `dir`, or null when there is none. */
function packageVersion(dir: string): string | null {
  const path = join(dir, "package.json");
  if (!existsSync(path)) return null;
  try {
    const version = (JSON.parse(readFileSync(path, "utf8")) as { version?: unknown }).version;
    return typeof version === "string" && version !== "" ? version : null;
  } catch {
    return null;
  }
}

function printReport(out: Output, report: CompatibilityReport): void {
  if (report.matrix.length === 0) out.line("No compatibility matrix (config `compatibility`).");
  else {
    const mark = (yes: boolean | null) => (yes ? out.paint("green", "✓") : "");
    const rows = report.matrix.map((r) => [
      `  ${r.app}`,
      mark(r.appMatches),
      r.database.join(", "),
      mark(r.databaseMatches),
    ]);
    out.table([["  app", "", "database", ""], ...rows]);
  }
  const verdict =
    report.compatible === null
      ? report.reason
      : out.paint(report.compatible ? "green" : "red", report.reason);
  out.line(verdict);
}
