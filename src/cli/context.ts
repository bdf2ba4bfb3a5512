/**
 * What every command gets: the global options, the output, the resolved config, and a
 * migrator built from them (created once, closed by main).
 */

import { resolve } from "node:path";
import {
  type AppOptions,
  type CompletedStep,
  type ConfirmFn,
  createMigrator,
  DirectorySource,
  factsStorePath,
  type Migrator,
  type MigratorOptions,
  type ResolvedConfig,
  redactUrl,
  resolveConfig,
  type StepEvent,
  TidemarkError,
  urlSecrets,
} from "../index.js";
import { assertTerminal, terminalConfirm } from "./prompt.js";
import { bytes, duration, Output, type StepWidths, stepLine, stepWidths } from "./render.js";

/** Global options (SPEC §5) as commander parses them. */
export interface GlobalOptions {
  readonly url?: string;
  readonly dir?: string;
  readonly config?: string;
  readonly env?: string;
  readonly table?: string;
  readonly json?: boolean;
  readonly yes?: boolean;
  readonly verbose?: boolean;
  readonly quiet?: boolean;
  readonly color?: boolean;
  readonly lockWait?: string;
  readonly lockTimeout?: string;
  readonly statementTimeout?: string;
  readonly retries?: string;
}

/** A run's steps that completed (committed), as the migrator's events reported them. */
export interface CompletedRun {
  readonly direction: "up" | "down";
  readonly steps: CompletedStep[];
}

export class CliContext {
  readonly out: Output;
  private resolved: ResolvedConfig | undefined;
  private migratorInstance: Migrator | undefined;
  /** Each run of this command as its events reported it: the steps that completed, in order. */
  readonly runs: CompletedRun[] = [];
  /**
   * Set by a command whose failure still owes a document (`up`, `down`, `redo` under --json):
   * what it completed, printed with the error as one JSON document.
   */
  failureJson: (() => Record<string, unknown>) | undefined;
  /** The exit code of a failure of this command (`lint`: 2, "could not run"); default 1. */
  failureExitCode: number | undefined;

  constructor(readonly opts: GlobalOptions) {
    const color =
      opts.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true && !opts.json;
    this.out = new Output({
      json: opts.json === true,
      quiet: opts.quiet === true,
      verbose: opts.verbose === true,
      color,
    });
    if (opts.url) this.out.hideSecrets(urlSecrets(opts.url));
  }

  /** The settings of this run; with --verbose, says on stderr which database and why. */
  async config(): Promise<ResolvedConfig> {
    if (this.resolved) return this.resolved;
    const config = await resolveConfig(this.opts);
    this.resolved = config;
    this.out.hideSecrets(urlSecrets(config.url));
    if (this.opts.verbose)
      this.out.note(
        this.out.paint("gray", `database: ${redactUrl(config.url)} (from ${config.urlFrom})`),
      );
    return config;
  }

  /**
   * The migrator for this run, with progress printed as it happens. `readOnly` (commands that
   * only read): a missing SQLite file is reported, not created. The first call decides.
   */
  async migrator(
    options: { readonly readOnly?: boolean; readonly confirm?: ConfirmFn } = {},
  ): Promise<Migrator> {
    if (this.migratorInstance) return this.migratorInstance;
    const config = await this.config();
    const migrator = await createMigrator({
      ...this.migratorOptions(config, options),
      url: config.url,
      // One command, one or two listings: no stat cache to keep in memory, but the files'
      // facts are kept on disk for the next command (see FactsStore).
      source: cliSource(config.dir),
    });
    this.listen(migrator);
    this.migratorInstance = migrator;
    return migrator;
  }

  /** The options every migrator of this run gets from the flags and the config (all but its URL). */
  migratorOptions(
    config: ResolvedConfig,
    options: { readonly readOnly?: boolean; readonly confirm?: ConfirmFn } = {},
  ): Omit<MigratorOptions, "url" | "env" | "config"> {
    const apps = config.apps && appSources(config.apps);
    return {
      dir: config.dir,
      ...(apps ? { apps } : {}),
      table: config.table,
      lockWaitMs: seconds(this.opts.lockWait, "--lock-wait") ?? 60_000,
      lockTimeoutMs:
        seconds(this.opts.lockTimeout, "--lock-timeout") ?? config.environment?.lockTimeout ?? 5000,
      statementTimeoutMs: seconds(this.opts.statementTimeout, "--statement-timeout") ?? 0,
      retries: count(this.opts.retries, "--retries") ?? 3,
      readOnly: options.readOnly,
      schemaFile: config.schemaFile ?? undefined,
      backups: config.backups,
      environmentName: config.environmentName ?? undefined,
      backupBefore: config.environment?.backupBefore,
      lint: config.file?.lint,
      environment:
        config.environmentName === null
          ? undefined
          : { name: config.environmentName, ...config.environment },
      confirm: options.confirm ?? terminalConfirm(this.out, this.opts.yes === true),
      compatibility: config.file?.compatibility,
    };
  }

  /** The database URL as it may be shown. */
  async displayUrl(): Promise<string> {
    return redactUrl((await this.config()).url);
  }

  /**
   * Before a change on a protected environment that cannot be confirmed here (no terminal, no
   * --yes): refuses at once, before connecting, so that not even an empty database file is
   * created. Elsewhere the migrator asks, with the plan, through {@link terminalConfirm}.
   */
  async refuseUnconfirmable(title: string): Promise<void> {
    const config = await this.config();
    if (!config.environment?.protected || this.opts.yes) return;
    const url = redactUrl(config.url);
    assertTerminal(this.out, { title, environment: config.environmentName, protected: true, url });
  }

  /** Ends the session. The command is over and the process exits next: no need to wait for the server to confirm. */
  async close(): Promise<void> {
    await this.migratorInstance?.close({ detach: true });
  }

  private listen(migrator: Migrator): void {
    const out = this.out;
    migrator.on("lock:waiting", ({ holder, timeoutMs }) =>
      out.note(
        out.paint(
          "yellow",
          `Waiting up to ${Math.round(timeoutMs / 1000)} s for the migration lock${holder ? `, held by ${holder}` : ""}…`,
        ),
      ),
    );
    migrator.on("backup:done", ({ file, size, durationMs }) =>
      out.line(
        `${out.paint("cyan", "⤓")} Backed up to ${file} ${out.paint("gray", `(${bytes(size)}, ${duration(durationMs)})`)}`,
      ),
    );
    migrator.on("migration:note", ({ version, name, message }) =>
      out.note(out.paint("yellow", `  ! ${version ?? name}: ${message}`)),
    );
    migrator.on("migration:retry", ({ version, name, attempt, delayMs, reason }) =>
      out.note(
        out.paint(
          "yellow",
          `  ↻ ${version ?? name}: ${reason}; retry ${attempt} in ${duration(delayMs)}`,
        ),
      ),
    );
    migrator.on("migration:log", ({ version, name, message }) =>
      out.note(`    ${version ?? name}: ${message}`),
    );
    // Pad every line of a run to the widest version and name of its plan, so columns align.
    let widths: StepWidths = { version: 0, name: 0 };
    migrator.on("run:start", ({ direction, steps }) => {
      // A plain `up` across apps is a run per app: its lines align across them.
      const next = stepWidths(steps);
      widths = {
        version: Math.max(next.version, steps[0]?.app ? widths.version : 0),
        name: Math.max(next.name, steps[0]?.app ? widths.name : 0),
      };
      this.runs.push({ direction, steps: [] });
    });
    const line = (mark: string, step: StepEvent, durationMs: number) =>
      stepLine(mark, step, widths, out.paint("gray", duration(durationMs)));
    migrator.on("migration:end", (event) => {
      const { direction, durationMs, status } = event;
      const mark = direction === "up" ? out.paint("green", "✓") : out.paint("magenta", "↩");
      out.line(line(mark, event, durationMs));
      const step = { id: event.id, version: event.version, name: event.name, direction };
      this.runs.at(-1)?.steps.push({ ...step, status, durationMs });
    });
    migrator.on("migration:failed", (event) =>
      out.line(line(out.paint("red", "✗"), event, event.durationMs)),
    );
  }
}

/**
 * A folder as the CLI reads it: once or twice a process, with no stat cache in memory, and what
 * was learnt of its files kept on disk for the next command (unless TIDEMARK_NO_CACHE is set).
 */
export function cliSource(dir: string, app?: string): DirectorySource {
  return new DirectorySource(dir, {
    statCache: false,
    factsStore: factsStorePath(resolve(dir)),
    ...(app === undefined ? {} : { app }),
  });
}

/** Config `apps` with each app's folder read as the CLI reads folders (see cliSource). */
function appSources(
  apps: Readonly<Record<string, { readonly dir: string }>>,
): Record<string, AppOptions> {
  return Object.fromEntries(
    Object.entries(apps).map(([app, { dir }]) => [app, { dir, source: cliSource(dir, app) }]),
  );
}

/** Parses a number of seconds option (`--lock-wait`, `--timeout`) into milliseconds. */
export function seconds(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0)
    throw new TidemarkError("E_USAGE", `${flag} takes a number of seconds, not "${value}"`);
  return Math.round(n * 1000);
}

function count(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new TidemarkError("E_USAGE", `${flag} takes a whole number, not "${value}"`);
  return n;
}

/** Parses a positive whole number option (`--step`, `--limit`). */
export function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new TidemarkError(
      "E_USAGE",
      `${flag} takes a whole number of at least 1, not "${value}"`,
    );
  return n;
}
