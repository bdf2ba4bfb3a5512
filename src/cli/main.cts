#!/usr/bin/env node
/**
 * The tidemark command. The only place that calls process.exit, and only once stdout and stderr
 * have been handed to the operating system: a pipe takes 64 KiB at a time, and exiting earlier
 * would cut a large `--json` document short.
 *
 * Start-up is most of what a no-op `up` costs, so the build also bundles the CLI into one file
 * (`tidemark.cjs`, see scripts/post-build.js) and this entry runs it through V8 with a code
 * cache kept beside it: no module resolution, no parsing or compiling on the second run.
 * Without the bundle (a plain `tsc` build) it imports the modules as they are.
 *
 * The entry is CommonJS (`.cts`): Node starts a CommonJS file without its ES-module loader,
 * which saves several milliseconds on every command.
 */
import fs = require("node:fs");
import nodeModule = require("node:module");
import path = require("node:path");
import v8 = require("node:v8");
import vm = require("node:vm");
import names = require("./command-names.cjs");

type RunCli = (argv: readonly string[]) => Promise<number>;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  // Fast path: no library, no commander.
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8"));
  process.stdout.write(`${pkg.version}\n`);
  process.exit(0);
}

// WebAssembly (the PostgreSQL parser that lint and validate use, PGlite) is compiled by Liftoff,
// V8's baseline compiler, only. By default V8 also recompiles hot functions with TurboFan on a
// second thread, which a run of seconds never earns back: parsing 1,000 migrations cold took
// 110 ms with it and 52 ms without, and PGlite's `status` 0.56 s against 0.40 s (same wall time
// for a 1,000-migration `up` on PGlite). `serve` runs for hours: it keeps V8's default.
if (!argv.includes("serve")) v8.setFlagsFromString("--liftoff-only");

// A reader that went away (`| head`) is not an error of ours: the run goes on (a migration is
// never cut short by it) and what it prints is dropped.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
void main();

async function main(): Promise<void> {
  const runCli = loadBundle() ?? ((await import("./cli.js")) as { runCli: RunCli }).runCli;
  const code = await runCli(process.argv);
  process.exitCode = code;
  await flushed(process.stdout);
  await flushed(process.stderr);
  // Exit rather than wait for the event loop to empty: a driver's idle socket or timer must not
  // keep a finished command alive.
  process.exit(code);
}

/** Resolves once everything written to `stream` so far has been written out. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    // Writes complete in order: the callback of an empty write runs after every earlier one
    // (or with the error that ended the stream).
    else stream.write("", () => resolve());
  });
}

/** The bundled CLI's entry, or undefined when there is no bundle. */
function loadBundle(): RunCli | undefined {
  const file = path.join(__dirname, "tidemark.cjs");
  let source: string;
  let cacheFile: string;
  try {
    // The cache is named after the bundle's size and time: V8 checks a cache only against the
    // source's length, so a rebuilt bundle must never meet the cache of the one before. One
    // cache a command: a cache holds the functions the run that wrote it compiled, and a
    // no-op `up` whose cache was written by `status` (or by `--help`) compiles its own again
    // at every start (some 5 ms).
    const { size, mtimeMs } = fs.statSync(file);
    cacheFile = `${file}.${size}-${Math.trunc(mtimeMs)}.${commandOf(argv)}.cache`;
    source = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, __tidemark_import) {${source}\n})`,
    { filename: file, cachedData },
  );
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written at exit, so that it holds the functions this run compiled, not only the top level.
    process.once("exit", () => saveCache(script, cacheFile));
  }
  const module = { exports: {} as { runCli?: RunCli } };
  const importModule = (specifier: string) => import(specifier);
  script.runInThisContext()(
    module.exports,
    nodeModule.createRequire(file),
    module,
    file,
    path.dirname(file),
    importModule,
  );
  return module.exports.runCli;
}

/** The command `argv` runs, as a cache's name has it: its first word, `cli` when it is not one. */
function commandOf(args: readonly string[]): string {
  const word = args[0];
  return word !== undefined && names.COMMAND_NAMES.has(word) ? word : "cli";
}

/** Best effort: a read-only install simply runs without a cache. */
function saveCache(script: vm.Script, cacheFile: string): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, script.createCachedData());
    fs.renameSync(temp, cacheFile);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}
