/**
 * The public facade: `createMigrator({url, dir})` then `up()`, `down()`, `status()`, ….
 * Connects lazily on the first call that needs the database and keeps one session until
 * `close()`. Every state-changing call holds the migration lock for its whole duration.
 */
import { hostname } from "node:os";
import type { Connection, Dialect } from "../dialects/dialect.js";
import { resolveDialect } from "../dialects/registry.js";
import { DirectorySource } from "../sources/directory-source.js";
import { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL } from "./defaults.js";
import { type MigratorEventMap, type MigratorEventName, MigratorEvents } from "./events.js";
import { type ExecuteOptions, execute, type RunReport } from "./executor.js";
import { buildGraph } from "./graph.js";
import { type AppliedRecord, HistoryStore, type LogEntry } from "./history.js";
import { acquireLock } from "./lock.js";
import { type RepairReport, repairRecords, type StampReport, stampRecords } from "./maintenance.js";
import type { MigrationInfo, MigrationSource } from "./migration.js";
import { type Plan, parseTarget, planDown, planUp, type Target } from "./planner.js";
import { previewUp } from "./sql-preview.js";
import { analyze, type MigrationState } from "./state.js";
import { type StatusReport, toStatusReport } from "./status.js";
import { TOOL_VERSION } from "./tool-version.js";
import { type ValidateReport, validateMigrations } from "./validate.js";

export { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL };

export interface MigratorOptions {
  /** Connection URL (SPEC §1). Default `sqlite:./tidemark.db`. */
  readonly url?: string;
  /** Migrations folder. Default `./migrations`. */
  readonly dir?: string;
  /** Use this source instead of a folder. */
  readonly source?: MigrationSource;
  /** Tracking table name. Default `tidemark_migrations`. */
  readonly table?: string;
  /** How long to wait for the migration lock. Default 60 000 ms. */
  readonly lockWaitMs?: number;
  /** PostgreSQL lock_timeout per migration. Default 5 000 ms. */
  readonly lockTimeoutMs?: number;
  /** statement_timeout per migration; 0 = none (default). */
  readonly statementTimeoutMs?: number;
  /** Retries of a migration that failed on a lock timeout. Default 3. */
  readonly retries?: number;
}

export interface RunOptions {
  /** `head`, `zero`, a version or prefix, `+N`, `-N`. */
  readonly to?: string;
  /** Number of migrations to apply (up) or roll back (down). */
  readonly step?: number;
  /** Plan only: report what would run, change nothing. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly singleTransaction?: boolean;
}

export interface UpOptions extends RunOptions {
  readonly allowOutOfOrder?: boolean;
  /** Continue a failed statement-by-statement migration from its failed statement. */
  readonly resume?: boolean;
}

/** Creates a migrator. Nothing is opened until a method needs it. */
export async function createMigrator(options: MigratorOptions = {}): Promise<Migrator> {
  return new Migrator(options);
}

export class Migrator {
  readonly url: string;
  readonly table: string;
  readonly source: MigrationSource;
  private readonly events = new MigratorEvents();
  private dialect: Dialect | undefined;
  private connected: Promise<Connected> | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: MigratorOptions) {
    this.url = options.url ?? DEFAULT_URL;
    this.table = options.table ?? DEFAULT_TABLE;
    this.source = options.source ?? new DirectorySource(options.dir ?? DEFAULT_DIR);
  }

  /** Listens to progress events (`migration:start`, `migration:end`, `lock:waiting`, …). */
  on<K extends MigratorEventName>(
    event: K,
    listener: (payload: MigratorEventMap[K]) => void,
  ): this {
    this.events.on(event, listener);
    return this;
  }

  /** The URL with its password hidden. */
  async displayUrl(): Promise<string> {
    return (await this.getDialect()).displayUrl;
  }

  /** Files and tracking rows together. */
  async state(): Promise<MigrationState> {
    // The session opens and the rows are read while the files are read and hashed; the rows
    // then say which files were applied as they are, and need no parsing. A folder error
    // still comes first; a connection error is reported when the rows are awaited.
    const rows = this.connect().then(async ({ history }) => (await history.readAll()) ?? []);
    rows.catch(() => undefined);
    const known = rows.then(knownChecksums, () => new Map<string, string>());
    const available = await this.source.list({ known });
    return analyze(available, await rows);
  }

  async status(): Promise<StatusReport> {
    return toStatusReport(await this.state());
  }

  /** Applies pending migrations (SPEC §5 `up`). */
  async up(options: UpOptions = {}): Promise<RunReport> {
    const target = runTarget(options, "up");
    const plan = (state: MigrationState) =>
      planUp(state, { target, allowOutOfOrder: options.allowOutOfOrder, resume: options.resume });
    return this.run(plan, options);
  }

  /** Rolls back, newest first (default: one step). */
  async down(options: RunOptions = {}): Promise<RunReport> {
    const target = runTarget(options, "down");
    return this.run((state) => planDown(state, target), options);
  }

  /** Down then up of the newest applied migration. */
  async redo(options: RunOptions = {}): Promise<RunReport[]> {
    const down = await this.down({ ...options, to: undefined, step: 1 });
    if (down.steps.length === 0) return [down];
    const version = down.steps[0]!.version ?? undefined;
    const up = await this.up({ ...options, to: version, step: undefined });
    return [down, up];
  }

  /** The plan `up` or `down` would run now, without running it. */
  async plan(direction: "up" | "down", options: UpOptions = {}): Promise<Plan> {
    const state = await this.state();
    return direction === "up"
      ? planUp(state, {
          target: runTarget(options, "up"),
          allowOutOfOrder: options.allowOutOfOrder,
          resume: options.resume,
        })
      : planDown(state, runTarget(options, "down"));
  }

  /** The SQL `up` would send now (tracking writes included), without running it. */
  async sql(options: UpOptions = {}): Promise<string> {
    const plan = await this.plan("up", options);
    const { dialect, history } = await this.connect();
    const settings = dialect.migrationSettings({
      lockTimeoutMs: this.options.lockTimeoutMs ?? 5000,
      statementTimeoutMs: this.options.statementTimeoutMs ?? 0,
    });
    return previewUp(plan, { dialect, history, source: this.source, settings });
  }

  async history(options: { readonly limit?: number } = {}): Promise<LogEntry[]> {
    const { history } = await this.connect();
    return history.readLog(options.limit);
  }

  /** Parses every file, checks order, dependencies and checksums against the database. Changes nothing. */
  async validate(): Promise<ValidateReport> {
    const dialect = await this.getDialect();
    return validateMigrations(this.source, dialect, () => this.state());
  }

  /** Records versions up to `version` as applied without running them. */
  async stamp(version: string): Promise<StampReport> {
    return this.locked(async ({ history }) => {
      const state = await this.state();
      await history.ensure();
      return stampRecords(state, version, history, this.source);
    });
  }

  /** Accepts edited files' checksums and clears failed rows. */
  async repair(): Promise<RepairReport> {
    return this.locked(async ({ history }) => repairRecords(await this.state(), history));
  }

  /** Applied rows as stored. */
  async records(): Promise<readonly AppliedRecord[]> {
    const { history } = await this.connect();
    return (await history.readAll()) ?? [];
  }

  /** Heads of the migration graph, from the files only (more than one means branches). */
  async heads(): Promise<readonly MigrationInfo[]> {
    return buildGraph(await this.source.list()).heads;
  }

  /** Migration files, without the database. */
  async list(): Promise<readonly MigrationInfo[]> {
    return this.source.list();
  }

  async close(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    const c = await connected?.catch(() => undefined);
    await c?.conn.close();
  }

  private async run(
    makePlan: (state: MigrationState) => Plan,
    options: RunOptions,
  ): Promise<RunReport> {
    if (options.dryRun) {
      const plan = makePlan(await this.state());
      const steps = plan.steps.map((s) => ({
        id: s.id,
        version: s.version,
        name: s.name,
        direction: s.direction,
        status: "planned" as const,
        durationMs: 0,
        transactional: true,
        outOfOrder: s.outOfOrder,
      }));
      return { direction: plan.direction, dryRun: true, steps, interrupted: false };
    }
    // Fast path: with nothing to do, answer without taking the lock (one query). A plan error
    // here may come from another run in flight (a row it has `running`): decide under the lock.
    const state = await this.state();
    let first: Plan | null = null;
    try {
      first = makePlan(state);
    } catch {
      first = null;
    }
    if (first?.steps.length === 0) {
      return { direction: first.direction, dryRun: false, steps: [], interrupted: false };
    }
    return this.locked(async ({ history, conn, dialect }) => {
      const plan = makePlan(await this.state());
      if (plan.steps.length > 0) await history.ensure();
      const exec: ExecuteOptions = {
        singleTransaction: options.singleTransaction,
        lockTimeoutMs: this.options.lockTimeoutMs ?? 5000,
        statementTimeoutMs: this.options.statementTimeoutMs ?? 0,
        retries: this.options.retries ?? 3,
        signal: options.signal,
      };
      return execute(plan, {
        dialect,
        conn,
        history,
        source: this.source,
        events: this.events,
        options: exec,
      });
    }, options.signal);
  }

  /** Runs `fn` holding the migration lock; releases it in every case. */
  private async locked<T>(fn: (c: Connected) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Calls on one migrator share one session, and session locks are re-entrant:
    // serialise them here so that concurrent up() calls in one process queue too.
    const previous = this.queue;
    let done!: () => void;
    this.queue = new Promise<void>((resolve) => {
      done = resolve;
    });
    await previous;
    try {
      return await this.lockedNow(fn, signal);
    } finally {
      done();
    }
  }

  private async lockedNow<T>(fn: (c: Connected) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const c = await this.connect();
    const lock = c.dialect.createLock(c.conn, this.table);
    await acquireLock(lock, {
      timeoutMs: this.options.lockWaitMs ?? 60_000,
      signal,
      events: this.events,
    });
    try {
      await c.history.identify();
      return await fn(c);
    } finally {
      await lock.release();
    }
  }

  private async getDialect(): Promise<Dialect> {
    this.dialect ??= await resolveDialect(this.url);
    return this.dialect;
  }

  /** One session per migrator, opened once even when calls race to open it. */
  private connect(): Promise<Connected> {
    this.connected ??= this.open().catch((err: unknown) => {
      this.connected = undefined;
      throw err;
    });
    return this.connected;
  }

  private async open(): Promise<Connected> {
    const dialect = await this.getDialect();
    const applicationName = `tidemark ${TOOL_VERSION} ${hostname()}:${process.pid}`;
    const conn = await dialect.connect({ applicationName });
    const history = new HistoryStore(dialect, conn, this.table, hostname(), TOOL_VERSION);
    return { dialect, conn, history };
  }
}

interface Connected {
  readonly dialect: Dialect;
  readonly conn: Connection;
  readonly history: HistoryStore;
}

/**
 * Checksums of the rows that hold all that `down` needs (see ListOptions.known): applied SQL
 * migrations with their down SQL stored, and applied repeatable ones.
 */
function knownChecksums(records: readonly AppliedRecord[]): ReadonlyMap<string, string> {
  const known = new Map<string, string>();
  for (const r of records) {
    if (r.status !== "applied" || r.format !== "sql") continue;
    if (r.rollbackSql !== null || r.kind === "repeatable") known.set(r.id, r.checksum);
  }
  return known;
}

function runTarget(options: RunOptions, direction: "up" | "down"): Target | undefined {
  if (options.step !== undefined)
    return { kind: "relative", steps: direction === "up" ? options.step : -options.step };
  return options.to === undefined ? undefined : parseTarget(options.to);
}
