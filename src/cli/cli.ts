/**
 * The tidemark command as a function: parses argv, runs the command, prints, and returns the
 * process exit code (0 ok, 1 error, 2 pending from `check`, 3 lock not acquired). `main.ts`
 * is the only place that exits; this module is also what the bundled CLI runs.
 */
import { LockTimeoutError } from "../index.js";
import { downVersionFlag } from "./commands/down.js";
import { CliContext } from "./context.js";
import { buildProgram } from "./program.js";
import { errorJson, renderError } from "./render.js";

/** Runs `tidemark <argv…>` (argv as in process.argv: node, script, then the arguments). */
export async function runCli(argv: readonly string[]): Promise<number> {
  const args = argv.slice(2);
  let context: CliContext | undefined;
  let exitCode = 0;
  const program = buildProgram(async (opts, handler) => {
    context = new CliContext(opts);
    try {
      exitCode = await handler(context);
    } finally {
      await context.close();
    }
  });

  try {
    await program.parseAsync([...argv.slice(0, 2), ...downVersionFlag(args)]);
    return exitCode;
  } catch (err) {
    const commanderCode = (err as { code?: string }).code;
    if (commanderCode?.startsWith("commander.")) {
      // commander already printed its message (or the help / version) on stderr; under --json,
      // stdout still gets its one document when this is a usage error.
      const code = (err as { exitCode?: number }).exitCode ?? 1;
      if (code !== 0 && args.includes("--json")) {
        const message =
          commanderCode === "commander.help"
            ? "No command given"
            : (err as Error).message.replace(/^error:\s*/, "");
        process.stdout.write(
          `${JSON.stringify({ error: { code: "E_USAGE", message, hint: "Run `tidemark --help` for usage." } }, null, 2)}\n`,
        );
      }
      return code;
    }
    const ctx =
      context ??
      new CliContext({ json: args.includes("--json"), verbose: args.includes("--verbose") });
    if (ctx.out.options.json) ctx.out.json({ ...ctx.failureJson?.(), ...errorJson(err) });
    for (const line of renderError(err, ctx.out)) process.stderr.write(`${line}\n`);
    return err instanceof LockTimeoutError ? 3 : (context?.failureExitCode ?? 1);
  }
}
