import { Command, Option } from "commander";
import { TOOL_VERSION } from "../index.js";
import { registerBackup } from "./commands/backup.js";
import { registerChangelog } from "./commands/changelog.js";
import { registerCheck } from "./commands/check.js";
import { registerCompat } from "./commands/compat.js";
import { registerCreate } from "./commands/create.js";
import { registerDiff } from "./commands/diff.js";
import { registerDown } from "./commands/down.js";
import { registerDrift } from "./commands/drift.js";
import { registerDrop } from "./commands/drop.js";
import { registerGenerate } from "./commands/generate.js";
import { registerHeads } from "./commands/heads.js";
import { registerHistory } from "./commands/history.js";
import { registerImport } from "./commands/import.js";
import { registerInit } from "./commands/init.js";
import { registerLint } from "./commands/lint.js";
import { registerMerge } from "./commands/merge.js";
import { registerNew } from "./commands/new.js";
import { registerRedo } from "./commands/redo.js";
import { registerRepair } from "./commands/repair.js";
import { registerRestore } from "./commands/restore.js";
import { registerSchema } from "./commands/schema.js";
import { registerServe } from "./commands/serve.js";
import { registerSql } from "./commands/sql.js";
import { registerStamp } from "./commands/stamp.js";
import { registerStatus } from "./commands/status.js";
import { registerUp } from "./commands/up.js";
import { registerValidate } from "./commands/validate.js";
import { registerVerify } from "./commands/verify.js";
import { registerWait } from "./commands/wait.js";
import type { CliContext, GlobalOptions } from "./context.js";

/** A command body: does its work through ctx and returns the exit code. */
export type Handler = (ctx: CliContext) => Promise<number>;
/** Runs a handler with a context built from the global options. */
export type Runner = (opts: GlobalOptions, handler: Handler) => Promise<void>;
/** Wires a command's action to the runner: `action(cmd, (ctx, args, opts) => …)`. */
export type Register = (program: Command, run: Runner) => void;

/** The `tidemark` program with every command of this release. */
export function buildProgram(run: Runner): Command {
  const program = new Command("tidemark")
    .description("Database schema migrations: versioned, locked, reversible.")
    .version(TOOL_VERSION, "-V, --version")
    .option(
      "--url <url>",
      "database URL (default: the --env environment's url, TIDEMARK_URL, DATABASE_URL, config url, sqlite:./tidemark.db; .env is read)",
    )
    .option("--dir <dir>", "migrations folder (default ./migrations)")
    .option("--config <file>", "config file (default ./tidemark.config.json)")
    .option(
      "--env <name>",
      "environment from the config file (default TIDEMARK_ENV); its url wins over variables",
    )
    .option("--table <name>", "tracking table (default tidemark_migrations)")
    .option("--json", "print one JSON document on stdout")
    .option("-y, --yes", "answer yes to confirmations")
    .option("--verbose", "more detail (which database and why), stack traces on errors")
    .option("-q, --quiet", "print only errors")
    .option("--no-color", "no colours")
    .addOption(
      new Option("--lock-wait <seconds>", "how long to wait for the migration lock (default 60)"),
    )
    .addOption(
      new Option("--lock-timeout <seconds>", "PostgreSQL lock_timeout per migration (default 5)"),
    )
    .addOption(
      new Option("--statement-timeout <seconds>", "statement_timeout per migration (default none)"),
    )
    .addOption(new Option("--retries <n>", "retries after a lock timeout (default 3)"))
    .showHelpAfterError("(run `tidemark --help` for usage)")
    .exitOverride();
  const registers: Register[] = [
    registerInit,
    registerNew,
    registerStatus,
    registerUp,
    registerDown,
    registerRedo,
    registerHistory,
    registerCheck,
    registerValidate,
    registerLint,
    registerStamp,
    registerRepair,
    registerHeads,
    registerMerge,
    registerSql,
    registerImport,
    registerVerify,
    registerDrift,
    registerDiff,
    registerGenerate,
    registerSchema,
    registerBackup,
    registerRestore,
    registerCreate,
    registerDrop,
    registerWait,
    registerCompat,
    registerChangelog,
    registerServe,
  ];
  for (const register of registers) register(program, run);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** The global options merged with the command's own. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
