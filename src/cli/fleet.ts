/**
 * The fan-out options of `up`, `down`, `status`, `check`, `validate`, `drift` and `lint`, which targets a run
 * uses, and the rendering of a fleet run: one line per target as it settles, a summary, each
 * failure listed, or one JSON document with one entry per target.
 */
import { resolve } from "node:path";
import { type Command, Option } from "commander";
import {
  type FleetEntry,
  type FleetReport,
  type FleetTarget,
  type Migrator,
  resolveTargets,
  runFleet,
  TidemarkError,
  type UrlSource,
  urlSecrets,
} from "../index.js";
import { interruptible } from "./commands/run-report.js";
import { type CliContext, positiveInt } from "./context.js";
import { fleetJson, printEntry, printFleetSummary } from "./fleet-render.js";
import { plural } from "./render.js";

/** The fan-out flags as commander parses them. */
export interface FleetFlags {
  /** true: the config's targets; a string: a file of URLs. */
  readonly targets?: string | boolean;
  readonly concurrency?: string;
  readonly canary?: string;
  readonly onError?: "stop" | "continue";
}

/** How one command runs on each target and what its result means. */
export interface FleetSpec<R> {
  readonly verb: string;
  readonly readOnly: boolean;
  readonly work: (migrator: Migrator, signal: AbortSignal) => Promise<R>;
  /** The summary bucket (`applied`, `up to date`, …), the progress text, and whether it needs attention. */
  readonly describe: (result: R) => { outcome: string; text: string; warn?: boolean };
  /** Summary buckets in the order they are printed (failed and skipped come after). */
  readonly outcomes: readonly string[];
  /** The exit code when no target failed (default 0). */
  readonly code?: (results: readonly R[]) => number;
  /** The exit code when a target failed or the run was interrupted (default 1). */
  readonly failedCode?: number;
}

/** Adds `--targets`, `--concurrency`, `--canary` and `--on-error` to a command. */
export function withFleetOptions(command: Command): Command {
  return command
    .option(
      "--targets [file]",
      "run on many databases: the config's targets, or a file of URLs (one a line, # comments)",
    )
    .option("--concurrency <n>", "with targets: how many databases at once (default 4)")
    .option("--canary <n>", "with targets: run the first N alone first; stop if any fails")
    .addOption(
      new Option(
        "--on-error <mode>",
        "with targets: after a failure, start no new target (stop) or carry on (continue)",
      ).choices(["stop", "continue"]),
    );
}

/** A URL chosen this explicitly names one database: the config's targets are not used. */
const SINGLE: ReadonlySet<UrlSource> = new Set(["--url", "--env", "TIDEMARK_ENV"]);

/**
 * The targets of this run, or null for one database. `--targets FILE` reads the file;
 * `--targets` alone, or `targets` in the config without `--url`/`--env`, uses the config's.
 */
export async function fleetTargets(
  ctx: CliContext,
  flags: FleetFlags,
): Promise<readonly FleetTarget[] | null> {
  const config = await ctx.config();
  const configured = config.file?.targets;
  if (flags.targets === undefined && (configured === undefined || SINGLE.has(config.urlSource))) {
    const stray = [
      flags.concurrency && "--concurrency",
      flags.canary && "--canary",
      flags.onError && "--on-error",
    ].find(Boolean);
    if (stray)
      throw new TidemarkError("E_USAGE", `${stray} needs targets`, {
        hint: "Pass --targets (a file of URLs, or the config's `targets`).",
      });
    return null;
  }
  if (flags.targets !== undefined && ctx.opts.url !== undefined)
    throw new TidemarkError("E_USAGE", "--targets and --url cannot be used together", {
      hint: "Pass one database with --url, or many with --targets.",
    });
  const base = config.configPath ? resolve(config.configPath, "..") : process.cwd();
  const targets =
    typeof flags.targets === "string"
      ? await resolveTargets({ file: flags.targets }, process.cwd())
      : configured !== undefined
        ? await resolveTargets(configured, base)
        : missingTargets();
  for (const t of targets) ctx.out.hideSecrets(urlSecrets(t.url));
  return targets;
}

function missingTargets(): never {
  throw new TidemarkError(
    "E_CONFIG",
    "--targets without a file needs `targets` in the config file",
    {
      hint: 'Pass --targets targets.txt, or add "targets": [ "postgres://…", … ] to tidemark.config.json.',
    },
  );
}

/** Runs `spec` on every target, prints as it goes, and returns the report and the exit code. */
export async function runAcross<R>(
  ctx: CliContext,
  flags: FleetFlags,
  targets: readonly FleetTarget[],
  spec: FleetSpec<R>,
): Promise<{ report: FleetReport<R>; code: number }> {
  const { out } = ctx;
  const concurrency = positiveInt(flags.concurrency, "--concurrency") ?? 4;
  const canary = positiveInt(flags.canary, "--canary") ?? 0;
  const config = await ctx.config();
  const width = Math.max(0, ...targets.map((t) => t.name.length));
  const canaryText = canary > 0 ? `, canary ${canary}` : "";
  out.line(
    out.paint(
      "gray",
      `${spec.verb} ${plural(targets.length, "target")}, ${concurrency} at a time${canaryText}`,
    ),
  );
  const report = await interruptible(ctx, (signal) =>
    runFleet(targets, (migrator) => spec.work(migrator, signal), {
      concurrency,
      canary,
      onError: flags.onError ?? "stop",
      signal,
      migrator: ctx.migratorOptions(config, { readOnly: spec.readOnly }),
      onTarget: (entry) => printEntry(ctx, entry as FleetEntry<R>, spec, width),
    }),
  );
  const results = report.entries.flatMap((e) => (e.status === "ok" ? [e.result] : []));
  const code =
    report.failed > 0 || report.interrupted ? (spec.failedCode ?? 1) : (spec.code?.(results) ?? 0);
  return { report, code };
}

/** What a command adds to a fleet run's output: JSON keys, and lines before the summary. */
export interface FleetExtras<R> {
  readonly json?: (result: R) => unknown;
  readonly extra?: (report: FleetReport<R>) => Record<string, unknown>;
  readonly print?: (report: FleetReport<R>) => void;
  /** The targets, when the command resolved them already (else {@link fleetTargets}). */
  readonly targets?: readonly FleetTarget[];
}

/**
 * The fan-out of a command: null when this run is on one database (the command goes on as
 * usual), else the exit code after every target ran and the output was printed.
 */
export async function fanOut<R>(
  ctx: CliContext,
  flags: FleetFlags,
  command: string,
  spec: FleetSpec<R>,
  extras: FleetExtras<R> = {},
): Promise<number | null> {
  const targets = extras.targets ?? (await fleetTargets(ctx, flags));
  if (targets === null) return null;
  const { report, code } = await runAcross(ctx, flags, targets, spec);
  if (ctx.out.options.json)
    ctx.out.json({ ...fleetJson(command, report, spec, extras.json), ...extras.extra?.(report) });
  else {
    extras.print?.(report);
    printFleetSummary(ctx, report, spec);
  }
  return code;
}
