#!/usr/bin/env node
/**
 * The tidemark command. The only place that calls process.exit: each command returns its exit
 * code (0 ok, 2 pending from `check`), and the one handler below maps errors to 1 or 3 (lock).
 */
import { readFileSync } from "node:fs";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  // Fast path: no library, no commander.
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}

const { buildProgram } = await import("./program.js");
const { CliContext } = await import("./context.js");
const { errorJson, renderError } = await import("./render.js");
const { LockTimeoutError } = await import("../index.js");

let context: InstanceType<typeof CliContext> | undefined;
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
  await program.parseAsync(process.argv);
} catch (err) {
  const commanderCode = (err as { code?: string; exitCode?: number }).code;
  if (commanderCode?.startsWith("commander.")) {
    // commander already printed its message (or the help / version) on stderr; under --json,
    // stdout still gets its one document when this is a usage error.
    const code = (err as { exitCode?: number }).exitCode ?? 1;
    if (code !== 0 && argv.includes("--json")) {
      const message =
        commanderCode === "commander.help"
          ? "No command given"
          : (err as Error).message.replace(/^error:\s*/, "");
      process.stdout.write(
        `${JSON.stringify({ error: { code: "E_USAGE", message, hint: "Run `tidemark --help` for usage." } }, null, 2)}\n`,
      );
    }
    process.exit(code);
  }
  const ctx =
    context ??
    new CliContext({ json: argv.includes("--json"), verbose: argv.includes("--verbose") });
  if (ctx.out.options.json) ctx.out.json(errorJson(err));
  for (const line of renderError(err, ctx.out)) process.stderr.write(`${line}\n`);
  exitCode = err instanceof LockTimeoutError ? 3 : 1;
}
process.exit(exitCode);
