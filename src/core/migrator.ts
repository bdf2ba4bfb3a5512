/**
 * The public facade: `createMigrator({url, dir})` then `up()`, `down()`, `status()`, ….
 * Connects lazily on the first call that needs the database and keeps one session until
 * `close()`. Every state-changing call holds the migration lock for its whole duration.
 */
import { hostname } from "node:os";
import { relative } from "node:path";
import type { LintConfig } from "../config/config.js";
import { resolveConfig } from "../config/resolve-config.js";
import type { Connection, Dialect, DialectName } from "../dialects/dialect.js";
import { resolveDialect } from "../dialects/registry.js";
import { type ImportOptions, type ImportReport, importHistory } from "../fleet/import/adopt.js";
import { ForeignTable } from "../fleet/import/importer.js";
import { importerFor } from "../fleet/import/registry.js";
import { type LintOptions, type LintReport, type LintSources, runLint } from "../lint/lint-run.js";
import {
  type BackupResult,
  type BackupSettings,
  backupLogPart,
  backupSettings,
  backupSummary,
  takeBackup,
} from "../ops/backup/backups.js";
import { type BackupEntry, listBackups } from "../ops/backup/manifest.js";
import { type RestoreOptions, type RestoreReport, restoreBackup } from "../ops/backup/restore.js";
import { type ChangelogEntry, changelogEntry } from "../ops/changelog.js";
import {
  type CompatibilityConfig,
  type CompatibilityReport,
  compatibilityVerdict,
} from "../ops/compatibility.js";
import { idsOf, repairRequest, type StepsRequest, stampRequest } from "../ops/confirm-requests.js";
import {
  assertSamePlan,
  type ConfirmAction,
  type ConfirmFn,
  type MigratorEnvironment,
} from "../ops/confirmation.js";
import {
  type CreateDatabaseReport,
  createDatabase,
  type DropDatabaseReport,
  dropDatabase,
  type WaitOptions,
  type WaitReport,
  waitForServer,
} from "../ops/lifecycle.js";
import { renderSchemaSql } from "../schema/render-sql.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { DirectorySource } from "../sources/directory-source.js";
import { APP_NAME, qualifiedId } from "./app-ref.js";
import {
  combinedLint,
  combinedRun,
  combinedStatus,
  withAppField,
  withAppSteps,
} from "./app-reports.js";
import {
  AppSetSource,
  type AppState,
  notWithApps,
  pendingRuns,
  refuseDependents,
  refuseUnmetDependencies,
} from "./app-set.js";
import { Approvals, type LockedChange } from "./approvals.js";
import { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL } from "./defaults.js";
import { type DriftOptions, type DriftReport, detectDrift } from "./drift.js";
import { TidemarkError } from "./errors.js";
import {
  AppEvents,
  type MigratorEventMap,
  type MigratorEventName,
  MigratorEvents,
} from "./events.js";
import { type ExecutorContext, execute, type RunReport } from "./executor.js";
import {
  type DiffOptions,
  type DiffReport,
  diffSchemas,
  type GenerateHost,
  type GenerateOptions,
  type GenerateReport,
  generateMigration,
} from "./generate.js";
import { buildGraph } from "./graph.js";
import {
  type AppliedHead,
  type AppliedRecord,
  DEFAULT_APP,
  HistoryStore,
  type LogEntry,
  type RecordRead,
} from "./history.js";
import { acquireLock, migrationLock } from "./lock.js";
import {
  type MaintenanceOptions,
  type RepairReport,
  repairRecords,
  type StampReport,
  stampRecords,
} from "./maintenance.js";
import type { MigrationInfo, MigrationSource } from "./migration.js";
import { type AllApplied, describedByRow, everythingApplied } from "./noop-check.js";
import { planHash } from "./plan-hash.js";
import {
  type Plan,
  parseTarget,
  planDown,
  planRedo,
  planRollbackOf,
  planUp,
  type Target,
} from "./planner.js";
import { preflight } from "./preflight.js";
import { readSchema, writeSchemaFile } from "./schema-file.js";
import { plannedStep, previewUp } from "./sql-preview.js";
import { analyze, type MigrationState } from "./state.js";
import {
  allAppliedReport,
  type StatusApplied,
  type StatusReport,
  toStatusReport,
} from "./status.js";
import { TOOL_VERSION } from "./tool-version.js";
import {
  OFFLINE_URLS,
  type ValidateOptions,
  type ValidateReport,
  validateMigrations,
} from "./validate.js";
import {
  type ShadowMigrator,
  type VerifyOptions,
  type VerifyReport,
  verifyMigrations,
} from "./verify.js";
import { fixedSource } from "./verify-select.js";

export { DEFAULT_DIR, DEFAULT_TABLE, DEFAULT_URL };

export interface MigratorOptions {
  /**
   * Connection URL (SPEC §1). Without it, the URL is found as the CLI finds it: the
   * environment `env`, then TIDEMARK_URL, DATABASE_URL (process environment over `.env`),
   * the config file's url, then `sqlite:./tidemark.db`.
   */
  readonly url?: string;
  /** An environment of the config file (as `--env`); its url beats the variables. */
  readonly env?: string;
  /** The config file (as `--config`); default: tidemark.config.{json,js,mjs,ts} in the working folder. */
  readonly config?: string;
  /** Migrations folder. Default `./migrations`. */
  readonly dir?: string;
  /** Use this source instead of a folder. */
  readonly source?: MigrationSource;
  /**
   * An engine this package does not ship: the factory of its dialect from the URL (what a
   * dialect folder's `createDialect` is). Default: the dialect of the URL's scheme.
   */
  readonly dialect?: (url: string) => Dialect;
  /** Tracking table name. Default `tidemark_migrations`. */
  readonly table?: string;
  /** Written with the schema as SQL after every `up`/`down` that changed something (config `schemaFile`). */
  readonly schemaFile?: string;
  /** How long to wait for the migration lock. Default 60 000 ms. */
  readonly lockWaitMs?: number;
  /** PostgreSQL lock_timeout per migration. Default 5 000 ms. */
  readonly lockTimeoutMs?: number;
  /** statement_timeout per migration; 0 = none (default). */
  readonly statementTimeoutMs?: number;
  /** Retries of a migration that failed on a lock timeout. Default 3. */
  readonly retries?: number;
  /**
   * Only read (status, history, validate, sql): a SQLite file that does not exist is reported
   * ("No such database"), never created, and calls that write are refused. Default false.
   */
  readonly readOnly?: boolean;
  /** Where backups go and how many are kept (config `backups`). Default `./backups`, 10. */
  readonly backups?: { readonly dir?: string; readonly keep?: number };
  /** The config environment this migrator works on, named in backup files; default `default`. */
  readonly environmentName?: string;
  /** Take a backup before a run that changes something (config `backupBefore`). Default false. */
  readonly backupBefore?: boolean;
  /** The config's `lint` key: rule levels by id (unknown ids are refused when linting). */
  readonly lint?: LintConfig;
  /**
   * The environment this migrator works on (set from the config when `env` is given). On a
   * protected one, every call that changes the database asks `confirm` first.
   */
  readonly environment?: MigratorEnvironment;
  /**
   * Asked before a change on a protected environment (and before repair, drop, or a stamp that
   * records rows rolled back, on any environment), with what the call will do. Without it, a
   * change on a protected environment is refused (E_CONFIRM). Dry runs never ask.
   */
  readonly confirm?: ConfirmFn;
  /** The compatibility matrix (config `compatibility`) that {@link Migrator.compatibility} reads. */
  readonly compatibility?: CompatibilityConfig;
  /**
   * Migration sets per module (config `apps`, SPEC §12): app name → its folder (or a source).
   * With it, `dir` and `source` are not read: each app's versions are its own, `up()` applies
   * every app's pending migrations in dependency order, and the calls that take `app` work on one.
   */
  readonly apps?: Readonly<Record<string, AppOptions>>;
}

/** One app of {@link MigratorOptions.apps}. */
export interface AppOptions {
  /** The app's migrations folder. */
  readonly dir: string;
  /** Use this source instead of the folder (which then names the app's files in messages). */
  readonly source?: MigrationSource;
}

/** Calls that can work on one app (config `apps`). */
export interface AppOption {
  /** The app to work on; without it, every app (`up`, `status`, `history`) or refused (`down`). */
  readonly app?: string;
}

export interface RunOptions extends AppOption {
  /** `head`, `zero`, a version or prefix, `+N`, `-N`. */
  readonly to?: string;
  /** Number of migrations to apply (up) or roll back (down). */
  readonly step?: number;
  /** Plan only: report what would run, change nothing. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
  readonly singleTransaction?: boolean;
  /**
   * Back the database up first, under the migration lock, when there is something to run; a
   * failed backup stops the run before anything is applied. Default: the migrator's `backupBefore`.
   */
  readonly backup?: boolean;
}

export interface DownOptions extends RunOptions {
  /** Continue a failed statement-by-statement down from its failed statement. */
  readonly resume?: boolean;
  /** Roll back this migration (a version or unique prefix) and every one applied after it. */
  readonly version?: string;
  /** As `version`, naming the migration by its name. */
  readonly name?: string;
}

export interface UpOptions extends RunOptions {
  readonly allowOutOfOrder?: boolean;
  /** Continue a failed statement-by-statement migration from its failed statement. */
  readonly resume?: boolean;
  /**
   * Lint what this run would apply, before anything is applied (and before a confirmation is
   * asked), and hand the report to this callback, which may throw to stop the run. The lint
   * reads the state the run plans from, so it costs no second look at the folder or the
   * database. Not called when there is nothing to apply.
   */
  readonly lint?: (report: LintReport) => void | Promise<void>;
}

/** Called with the state and the plan a run is about to carry out (see UpOptions.lint). */
type BeforeRun = (state: MigrationState, plan: Plan) => Promise<void>;

/** Thrown by statusEach's session opener when the driver cannot stream rows or open a snapshot. */
const NO_STREAM = new Error("internal: no row stream");

/**
 * Creates a migrator. Nothing is opened (and no driver loaded) until a method needs it.
 *
 * Without a `url` (or with `env` or `config`), the settings come from `resolveConfig()`, the
 * sources the CLI reads, so an app at start-up and `tidemark up` agree on the database; the
 * options given explicitly win. A config file that fails to load, an empty variable or an
 * environment without a url is an E_CONFIG error.
 */
export async function createMigrator(options: MigratorOptions = {}): Promise<Migrator> {
  if (options.url === "")
    throw new TidemarkError("E_CONFIG", "createMigrator: url is empty", {
      hint: "Pass a database URL, or leave url out to read TIDEMARK_URL, DATABASE_URL and the config file.",
    });
  if (options.url !== undefined && options.env === undefined && options.config === undefined)
    return new Migrator(options);
  const config = await resolveConfig({
    url: options.url,
    dir: options.dir,
    table: options.table,
    config: options.config,
    env: options.env,
  });
  return new Migrator({
    ...options,
    url: config.url,
    dir: config.dir,
    table: config.table,
    schemaFile: options.schemaFile ?? config.schemaFile ?? undefined,
    lockTimeoutMs: options.lockTimeoutMs ?? config.environment?.lockTimeout,
    backups: options.backups ?? config.backups,
    environmentName: options.environmentName ?? config.environmentName ?? undefined,
    backupBefore: options.backupBefore ?? config.environment?.backupBefore,
    lint: options.lint ?? config.file?.lint,
    compatibility: options.compatibility ?? config.file?.compatibility,
    apps: options.apps ?? config.apps ?? undefined,
    environment:
      options.environment ??
      (config.environmentName === null
        ? undefined
        : { name: config.environmentName, ...config.environment }),
  });
}

export class Migrator {
  readonly url: string;
  readonly table: string;
  readonly source: MigrationSource;
  /** The app this migrator works on (config `apps`); '' for the default set. */
  readonly app: string;
  private readonly events: MigratorEvents;
  private dialect: Dialect | undefined;
  /** The session and the queue of locked calls, shared by a migrator and its apps' migrators. */
  private readonly session: Session;
  private connected: { readonly from: Promise<Opened>; readonly c: Promise<Connected> } | undefined;
  /** The session whose lock {@link holding} holds, while it runs. */
  private held: Connected | undefined;
  /** Inside {@link trial}: runs join its transaction. */
  private inTrial = false;
  private readonly approvals: Approvals;
  /** Each app's migrator (config `apps`); null without apps. */
  private readonly apps: AppMigrators | null;

  /** `parent`: internal, for the migrator of one of `parent`'s apps. */
  constructor(
    private readonly options: MigratorOptions,
    parent?: { readonly migrator: Migrator; readonly app: string; readonly apps: AppMigrators },
  ) {
    this.url = options.url ?? DEFAULT_URL;
    this.table = options.table ?? DEFAULT_TABLE;
    this.app = parent?.app ?? DEFAULT_APP;
    const apps = options.apps && Object.keys(options.apps).length > 0 ? options.apps : undefined;
    this.source =
      apps && !parent
        ? new AppSetSource(Object.keys(apps))
        : (options.source ?? new DirectorySource(options.dir ?? DEFAULT_DIR));
    this.approvals = new Approvals(options, () => this.displayUrl());
    this.session = parent?.migrator.session ?? { opened: undefined, queue: Promise.resolve() };
    this.events = parent ? new AppEvents(parent.migrator.events, parent.app) : new MigratorEvents();
    this.apps = parent?.apps ?? (apps ? this.appMigrators(apps) : null);
  }

  /** A migrator for each app, sharing this one's session, lock queue and listeners. */
  private appMigrators(apps: Readonly<Record<string, AppOptions>>): AppMigrators {
    const byName = new Map<string, Migrator>();
    const set: AppMigrators = { byName, dirs: new Map() };
    for (const [app, { dir, source }] of Object.entries(apps)) {
      if (!APP_NAME.test(app))
        throw new TidemarkError("E_CONFIG", `apps: "${app}" is not an app name`, {
          hint: 'An app name is a letter, then letters, digits, "_" or "-".',
        });
      const options = {
        ...this.options,
        apps: undefined,
        dir,
        source: source ?? new DirectorySource(dir, { app }),
      };
      byName.set(app, new Migrator(options, { migrator: this, app, apps: set }));
      set.dirs.set(app, relative(process.cwd(), dir) || ".");
    }
    return set;
  }

  /** The names of the config's apps, in config order; empty without apps. */
  get appNames(): readonly string[] {
    return this.apps === null ? [] : [...this.apps.byName.keys()];
  }

  /**
   * The migrator of one app (config `apps`): every call of it works on that app's migrations and
   * tracking rows. E_USAGE for a name the config does not list.
   */
  forApp(app: string): Migrator {
    const found = this.apps?.byName.get(app);
    if (found) return found;
    const known = this.appNames;
    throw new TidemarkError(
      "E_USAGE",
      known.length === 0
        ? `Unknown app "${app}": the config names no apps`
        : `Unknown app "${app}" (apps: ${known.join(", ")})`,
      {
        hint: 'Apps are named in the config: "apps": { "accounts": { "dir": "src/accounts/migrations" } }.',
      },
    );
  }

  /** The migrator of `options.app` when one is named (and this is not it); null for this one. */
  private routed(options: AppOption): Migrator | null {
    if (options.app === undefined || options.app === this.app) return null;
    return this.forApp(options.app);
  }

  /** Every app's state, read briefly (see readState), one app after the other on the one session. */
  private async appStates(): Promise<AppState[]> {
    const dirs = this.apps!.dirs;
    return this.eachApp(async (m, app) => ({
      app,
      dir: dirs.get(app)!,
      state: await m.readState({ read: "brief" }),
    }));
  }

  /** Listens to progress events (`migration:start`, `migration:end`, `lock:waiting`, …). */
  on<K extends MigratorEventName>(
    event: K,
    listener: (payload: MigratorEventMap[K]) => void,
  ): this {
    this.events.on(event, listener);
    return this;
  }

  /** The engine this migrator's URL names (no connection is opened). */
  async engine(): Promise<DialectName> {
    return (await this.getDialect()).name;
  }

  /** The URL with its password hidden. */
  async displayUrl(): Promise<string> {
    return (await this.getDialect()).displayUrl;
  }

  /** Files and tracking rows together; with `stamped`, also which applied rows `stamp` recorded (one more query). */
  async state(options: { readonly stamped?: boolean } & AppOption = {}): Promise<MigrationState> {
    const app = this.routed(options);
    if (app) return app.state({ ...options, app: undefined });
    return this.readState(options);
  }

  /**
   * {@link state}; `read` says how much of each row to read (see HistoryStore.readAll): `brief`
   * for a run's first look only, `status` for `status`.
   */
  private async readState(
    options: { readonly stamped?: boolean; readonly read?: RecordRead } = {},
  ): Promise<MigrationState> {
    // The session opens and the rows are read while the files are read and hashed; the rows
    // then say which files were applied as they are, and need no parsing. A folder error
    // still comes first; a connection error is reported when the rows are awaited.
    const connected = this.connect();
    const records = connected.then(
      async ({ history }) => (await history.readAll({ read: options.read })) ?? [],
    );
    records.catch(() => undefined);
    const known = records.then(knownChecksums, () => new Map<string, string>());
    // Asked as soon as the rows are in, so that it too is answered during the reads.
    const stampedRows = records.then(async (rows) =>
      options.stamped && rows.length > 0 ? (await connected).history.readStamped() : undefined,
    );
    stampedRows.catch(() => undefined);
    const available = await this.source.list({ known });
    return analyze(available, await records, { stamped: await stampedRows });
  }

  /**
   * `status` of this migrator's own migrations. On an engine that digests rows (see
   * everythingApplied), when every migration is applied exactly as its files are, the report
   * is made from the rows alone (read as it shows them: no Date a row), without a descriptor a
   * migration; otherwise, or when the rows read say otherwise, from the usual look.
   */
  private async statusReport(): Promise<StatusReport> {
    const dialect = await this.getDialect();
    // The rows, and which of them were stamped, come with the server's digest where the engine
    // can (one statement: they are the rows digested), answered while the files are hashed.
    const folder =
      dialect.digestSql === undefined
        ? null
        : await everythingApplied(this.source, async () => (await this.connect()).history, {
            digestOnly: true,
            withApplied: true,
          });
    return (folder && (await this.allAppliedStatus(folder))) ?? this.lookedStatus();
  }

  /**
   * The report of a history everythingApplied found all applied, made from its rows (those read
   * with the digest, else read now); null when the rows say otherwise.
   */
  private async allAppliedStatus(folder: AllApplied): Promise<StatusReport | null> {
    const { history } = await this.connect();
    const applied = folder.applied ?? (await history.readAppliedStamped());
    return applied && allAppliedReport(applied.rows, applied.stamped, folder);
  }

  /** The report of the usual look: every file and every row. */
  private async lookedStatus(): Promise<StatusReport> {
    return toStatusReport(await this.readState({ stamped: true, read: "status" }));
  }

  /**
   * `status` for a screen, its rows printed as they come. When every migration of this
   * migrator (not of config `apps`) is applied exactly as its files are, on an engine that
   * streams rows (HistoryStore.eachApplied: PostgreSQL): calls `head` once, then `each` with
   * every applied row in {@link status}'s order, all read in one snapshot, none kept, and
   * returns null. Otherwise calls neither and returns what {@link status} returns; when the
   * look found something pending or wrong, without making that look again.
   */
  async statusEach(
    head: (head: AppliedHead) => void,
    each: (row: StatusApplied) => void,
  ): Promise<StatusReport | null> {
    const dialect = await this.getDialect();
    if (this.apps || dialect.digestSql === undefined || dialect.statusStream === undefined)
      return this.status();
    const opened: { store?: HistoryStore } = {};
    let folder: AllApplied | null = null;
    let streamed = false;
    try {
      // The digest, the head and the rows are of one snapshot: rows another run writes
      // meanwhile are not half shown.
      folder = await everythingApplied(
        this.source,
        async () => {
          const { history } = await this.connect();
          if (!history.streamsStatus) throw NO_STREAM;
          // A pooler that allows no transaction (PgBouncer's statement mode) refuses it: the
          // rows are then read whole, as before.
          await history.beginSnapshot().catch(() => {
            throw NO_STREAM;
          });
          opened.store = history;
          return history;
        },
        { digestOnly: true },
      );
      const found = folder && (await opened.store?.appliedHead());
      if (folder && found && found.count === folder.size) {
        head(found);
        await opened.store!.eachApplied(each);
        streamed = true;
      }
    } catch (err) {
      if (err !== NO_STREAM) throw err;
      // No snapshot was opened (see above): nothing for `finally` to end.
      return this.status();
    } finally {
      await opened.store?.endSnapshot();
    }
    if (streamed) return null;
    // Rows it cannot stream (see appliedHead) are read whole, the files not hashed again: the
    // rows' own digest is checked against the folder's (allAppliedReport).
    const report = (folder && (await this.allAppliedStatus(folder))) ?? (await this.lookedStatus());
    return withAppField(report, this.app);
  }

  /**
   * Current version, applied (stamped marked), pending, and every problem: failed, running,
   * missing files; with `drift`, also a `drift` problem when the live schema differs from the
   * one the applied migrations build (see {@link drift}).
   */
  async status(options: { readonly drift?: boolean } & AppOption = {}): Promise<StatusReport> {
    if (options.drift && this.apps) throw notWithApps("status --drift", this.appNames);
    const app = this.routed(options);
    if (app) return app.status({ ...options, app: undefined });
    if (this.isAppSet()) return combinedStatus(await this.eachApp((m) => m.status(options)));
    const report = withAppField(await this.statusReport(), this.app);
    if (!options.drift) return report;
    const drift = await this.drift();
    if (drift.equal) return report;
    const problem = {
      kind: "drift" as const,
      version: report.current ?? "",
      message: `the schema differs from what the applied migrations build in ${drift.differences.length} object(s); run \`tidemark drift\``,
    };
    return { ...report, problems: [...report.problems, problem] };
  }

  /**
   * Proves, in a throw-away database, that each migration's down undoes its up (SPEC §8):
   * snapshot, up, snapshot, down, compare, up again. The live database is not touched; the
   * throw-away one is dropped in every case. Progress: `verify:step` events.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    const source = fixedSource(this.source, await this.source.list());
    return verifyMigrations(
      {
        url: this.url,
        dir: this.options.dir ?? DEFAULT_DIR,
        source,
        events: this.events,
        applicationName: applicationName(),
        shadowMigrator: (url) => this.shadowMigrator(url, source),
      },
      options,
    );
  }

  /** Compares the live schema with the one its applied migrations build in a throw-away database. */
  async drift(options: DriftOptions = {}): Promise<DriftReport> {
    return detectDrift(
      {
        url: this.url,
        source: this.source,
        applicationName: applicationName(),
        state: () => this.state(),
        schema: () => this.schema(),
        shadowMigrator: (url, source) => this.shadowMigrator(url, source),
      },
      options,
    );
  }

  /**
   * The DDL between two schemas (SPEC §5 `diff`): each of `from` and `to` is a database URL, a
   * migrations folder or a `.sql` schema file/folder (built in a throw-away database).
   */
  async diff(options: DiffOptions): Promise<DiffReport> {
    return diffSchemas(this.generateHost(), options);
  }

  /**
   * Writes a new migration that brings the migrations' schema to the one `options.schema`
   * describes, after proving its up and down in a throw-away database (SPEC §5 `generate`).
   */
  async generate(name: string, options: GenerateOptions): Promise<GenerateReport> {
    return generateMigration(this.generateHost(), name, options);
  }

  private generateHost(): GenerateHost {
    const dir = this.options.dir ?? DEFAULT_DIR;
    return {
      url: this.url,
      dir,
      table: this.table,
      applicationName: applicationName(),
      list: () => this.source.list(),
      migrator: (url, folder) =>
        this.shadowMigrator(url, new DirectorySource(folder, { statCache: false })),
    };
  }

  /** A migrator on a throw-away database, over `source`, with this one's settings. */
  private shadowMigrator(url: string, source: MigrationSource): ShadowMigrator {
    // Not the user's database: no schema file written, no backup taken from it.
    return new Migrator({
      ...this.options,
      url,
      source,
      readOnly: false,
      schemaFile: undefined,
      backupBefore: false,
      apps: undefined,
    });
  }

  /** Applies pending migrations (SPEC §5 `up`). */
  async up(options: UpOptions = {}): Promise<RunReport> {
    const app = this.routed(options);
    if (app) return app.up({ ...options, app: undefined });
    if (this.isAppSet()) return this.upApps(options);
    return this.upRun(options);
  }

  /**
   * `up` of this migrator's migrations; in an app set, only the pending ones of `run` (when
   * given, with the repeatables when `repeatables`), refusing one whose dependency in another
   * app is neither applied nor in `planned` (the `app:version`s a plain `up` applies before).
   */
  private async upRun(
    options: UpOptions,
    run?: AppRunSteps,
    planned?: ReadonlySet<string>,
    approved?: readonly string[] | null,
  ): Promise<RunReport> {
    const target = runTarget(options, "up");
    const plan = (state: MigrationState) =>
      planUp(state, {
        target,
        allowOutOfOrder: options.allowOutOfOrder,
        resume: options.resume,
        ...run,
      });
    const check =
      this.apps &&
      (async (p: Plan) => refuseUnmetDependencies(this.app, p, await this.appStates(), planned));
    const hook = options.lint;
    const beforeRun: BeforeRun | undefined =
      hook &&
      (async (state, p) => {
        await hook(await this.lintWith(options, async () => pendingOf(state, p)));
      });
    if (
      run === undefined &&
      this.held === undefined &&
      (target === undefined || target.kind === "head") &&
      !options.resume &&
      !options.dryRun &&
      (await everythingApplied(this.source, async () => (await this.connect()).history, {
        digestOnly: (await this.getDialect()).digestSql !== undefined,
      })) !== null
    ) {
      return { direction: "up", dryRun: false, steps: [], interrupted: false };
    }
    return this.run(plan, options, "up", approved, { check: check ?? undefined, beforeRun });
  }

  /**
   * A plain `up` of every app: first each app with a failed row (refused, or resumed with
   * `resume`), then the pending migrations in dependency order, one app's run at a time, then
   * the changed repeatables of apps with nothing else to run. Refused with a target: name the app.
   * A confirmation (protected environment) is asked once, with every run's dry run; each run
   * then refuses under the lock a plan other than the one shown.
   */
  private async upApps(options: UpOptions): Promise<RunReport> {
    if (options.to !== undefined || options.step !== undefined)
      throw this.nameTheApp(`up ${options.to !== undefined ? "--to" : "--step"}`);
    const shown = options.dryRun
      ? undefined
      : await this.approvals.runs("up", () => this.appRuns({ ...options, dryRun: true }));
    return combinedRun("up", options.dryRun === true, await this.appRuns(options, shown));
  }

  /** The runs of {@link upApps}; `shown`: the step ids of each run as confirmed, if asked. */
  private async appRuns(
    options: UpOptions,
    shown?: readonly (readonly string[])[],
  ): Promise<RunReport[]> {
    const states = await this.appStates();
    const runs = pendingRuns(states);
    const lastRun = new Map(runs.map((r, i) => [r.app, i]));
    const reports: RunReport[] = [];
    const planned = new Set<string>();
    const none = new Set<string>();
    const up = (app: string, run: AppRunSteps) =>
      this.forApp(app).upRun(options, run, planned, shown ? (shown[reports.length] ?? []) : null);
    for (const { app, state } of states) {
      if (state.failed.length > 0) reports.push(await up(app, { only: none, repeatables: false }));
    }
    for (const [i, run] of runs.entries()) {
      const report = await up(run.app, { only: run.ids, repeatables: lastRun.get(run.app) === i });
      for (const id of run.ids) planned.add(qualifiedId(run.app, id));
      reports.push(report);
      if (report.interrupted || options.signal?.aborted) return reports;
    }
    for (const { app, state } of states) {
      if (!lastRun.has(app) && state.repeatables.length > 0)
        reports.push(await up(app, { only: none, repeatables: true }));
    }
    return reports;
  }

  /** Rolls back, newest first (default: one step); `resume` continues a failed down. */
  async down(options: DownOptions = {}): Promise<RunReport> {
    const app = this.routed(options);
    if (app) return app.down({ ...options, app: undefined });
    if (this.isAppSet()) throw this.nameTheApp("down");
    const check =
      this.apps && (async (p: Plan) => refuseDependents(this.app, p, await this.appStates()));
    return this.run(downPlanner(options), options, "down", undefined, {
      check: check ?? undefined,
    });
  }

  /** True for a migrator of the config's apps as a whole (not of one app). */
  private isAppSet(): boolean {
    return this.apps !== null && this.app === DEFAULT_APP;
  }

  /** Runs `fn` on each app's migrator, in config order, one after the other. */
  private async eachApp<T>(fn: (m: Migrator, app: string) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (const [app, m] of this.apps!.byName) out.push(await fn(m, app));
    return out;
  }

  /** E_USAGE: `what` works on one app; the message lists them. */
  private nameTheApp(what: string): TidemarkError {
    const apps = this.appNames;
    return new TidemarkError(
      "E_USAGE",
      `${what} works on one app: name it (apps: ${apps.join(", ")})`,
      {
        hint: `e.g. \`tidemark ${what.split(" ")[0]} ${apps[0]}\`, or in the library \`{ app: "${apps[0]}" }\`.`,
      },
    );
  }

  /**
   * Down then up of the newest applied migration. Refused before anything is rolled back when
   * it could not be applied again (its file is gone).
   */
  async redo(options: RunOptions = {}): Promise<RunReport[]> {
    if (options.dryRun) return this.redoPlan(options);
    const approved = await this.approvals.runs("redo", () => this.redoPlan(options));
    const down = await this.run(planRedo, options, "redo", approved?.[0] ?? null);
    if (down.steps.length === 0) return [down];
    const version = down.steps[0]!.version ?? undefined;
    const upPlan = (state: MigrationState) =>
      planUp(state, { target: version === undefined ? undefined : parseTarget(version) });
    const up = await this.run(upPlan, { ...options, backup: false }, "redo", approved?.[1] ?? null);
    return [down, up];
  }

  /** `redo --dry-run`: the down of the newest, then the up that would follow it, as if it had run. */
  private async redoPlan(options: RunOptions): Promise<RunReport[]> {
    // planRedo refuses, as the run does, a migration whose file is gone.
    const down = await this.dryRun(planRedo, options);
    const last = down.steps[0];
    if (last === undefined) return [down];
    const up = await this.dryRun((state) => {
      const after = rolledBack(state, last.id);
      return planUp(after, { target: { kind: "version", version: last.id } });
    }, options);
    return [down, up];
  }

  /** The plan `up` or `down` would run now, without running it. */
  async plan(direction: "up" | "down", options: UpOptions & DownOptions = {}): Promise<Plan> {
    const state = await this.state();
    return direction === "up"
      ? planUp(state, {
          target: runTarget(options, "up"),
          allowOutOfOrder: options.allowOutOfOrder,
          resume: options.resume,
        })
      : downPlanner(options)(state);
  }

  /** The SQL `up` would send now (tracking writes included), without running it. */
  async sql(options: UpOptions = {}): Promise<string> {
    const plan = await this.plan("up", options);
    const { dialect, history, conn } = await this.connect();
    const settings = dialect.migrationSettings({
      lockTimeoutMs: this.options.lockTimeoutMs ?? 5000,
      statementTimeoutMs: this.options.statementTimeoutMs ?? 0,
    });
    const restore = conn.restoreSession();
    return previewUp(plan, { dialect, history, source: this.source, settings, restore });
  }

  /** The live schema as a snapshot, tracking tables left out (SPEC §5 `schema`). */
  async schema(): Promise<SchemaSnapshot> {
    const { dialect, conn } = await this.connect();
    return readSchema(dialect, conn, this.table);
  }

  /** The live schema as the SQL DDL that recreates it. */
  async schemaSql(): Promise<string> {
    return renderSchemaSql(await this.schema());
  }

  /** After a run that changed something: writes `schemaFile` (if set) and says how it went. */
  private async withSchemaFile(c: Connected, report: RunReport): Promise<RunReport> {
    const path = this.options.schemaFile;
    if (path === undefined || report.steps.length === 0) return report;
    return { ...report, schemaFile: await writeSchemaFile(c.dialect, c.conn, this.table, path) };
  }

  /** The log (`<table>_log`), oldest first; `limit` keeps the newest N. With apps and no `app`, every app's. */
  async history(options: { readonly limit?: number } & AppOption = {}): Promise<LogEntry[]> {
    const app = this.routed(options);
    if (app) return app.history({ ...options, app: undefined });
    if (this.isAppSet()) {
      const all = (await this.eachApp((m) => m.history(options)))
        .flat()
        .sort((a, b) => a.id - b.id);
      return options.limit === undefined ? all : all.slice(Math.max(0, all.length - options.limit));
    }
    const { history } = await this.connect();
    return history.readLog(options.limit);
  }

  /**
   * Parses every file, checks order, dependencies and checksums against the database. Changes
   * nothing. `offline` (or a `dialect`) checks the files alone, without connecting.
   */
  async validate(options: ValidateOptions = {}): Promise<ValidateReport> {
    const dialect = options.dialect
      ? await resolveDialect(OFFLINE_URLS[options.dialect])
      : await this.getDialect();
    const offline = options.offline === true || options.dialect !== undefined;
    return validateMigrations(this.source, dialect, offline ? null : () => this.state());
  }

  /**
   * Lints migrations (SPEC §7) and returns typed findings; changes nothing. Default: the pending
   * ones `up` would apply (reads the database), as one run; `all`: the whole history; `files`:
   * those files. `offline` or `dialect` lint without a database (as `all`).
   */
  async lint(options: LintOptions & AppOption = {}): Promise<LintReport> {
    const app = this.routed(options);
    if (app) return app.lint({ ...options, app: undefined });
    if (this.isAppSet()) return combinedLint(await this.eachApp((m) => m.lint(options)));
    return this.lintWith(options, async () => {
      const state = await this.state();
      const plan = planUp(state, {
        target: runTarget(options, "up"),
        allowOutOfOrder: options.allowOutOfOrder,
        resume: options.resume,
      });
      return pendingOf(state, plan);
    });
  }

  /** {@link lint}, with the pending migrations from `pending` (a state already read). */
  private async lintWith(
    options: LintOptions,
    pending: LintSources["pending"],
  ): Promise<LintReport> {
    const dialect = options.dialect
      ? await resolveDialect(OFFLINE_URLS[options.dialect])
      : await this.getDialect();
    const offline = options.offline === true || (options.dialect !== undefined && !options.files);
    return runLint(
      {
        source: this.source,
        dialect,
        dir: this.options.source ? null : (this.options.dir ?? DEFAULT_DIR),
        configRules: this.options.lint?.rules ?? {},
        pending,
      },
      { ...options, offline },
    );
  }

  /**
   * Makes the record say "applied through `version`" without running anything: pending ones up
   * to it recorded applied, applied ones above it recorded rolled back. `dryRun` only reports.
   */
  async stamp(version: string, options: MaintenanceOptions = {}): Promise<StampReport> {
    const change: Change<StampReport> = (state, history, dryRun) =>
      stampRecords(state, version, history, this.source, { dryRun });
    return this.maintain(change, (preview) => stampRequest(version, preview), options);
  }

  /**
   * Accepts files as they are now (checksum, stored down SQL) and clears failed rows. Asks
   * `confirm` first when there is one (see MigratorOptions.confirm). `dryRun` only reports.
   */
  async repair(options: MaintenanceOptions = {}): Promise<RepairReport> {
    const change: Change<RepairReport> = (state, history, dryRun) =>
      repairRecords(state, history, this.source, { dryRun });
    return this.maintain(change, repairRequest, options);
  }

  /** Runs a maintenance change under the lock, after a confirmation when it needs one. */
  private async maintain<R>(
    change: Change<R>,
    describe: (preview: R) => StepsRequest | null,
    options: MaintenanceOptions,
  ): Promise<R> {
    const locked: LockedChange<R> = (dryRun, check) =>
      this.locked(async ({ history }) => {
        const state = await this.state();
        if (check) check(await change(state, history, true));
        return change(state, history, dryRun);
      });
    if (options.dryRun) return locked(true);
    return this.approvals.maintenance(locked, describe);
  }

  /** Creates the database the URL names (SQLite: the file; PGlite: the data directory); no error when it exists. */
  async createDatabase(): Promise<CreateDatabaseReport> {
    return createDatabase(await this.getDialect());
  }

  /**
   * Drops the database the URL names, after a confirmation (see MigratorOptions.confirm; on a
   * protected environment, refused without one). A server refuses while other sessions use it.
   */
  async dropDatabase(): Promise<DropDatabaseReport> {
    const dialect = await this.getDialect();
    await this.confirmDatabaseChange("drop", "Drop the database");
    await this.close();
    return dropDatabase(dialect);
  }

  /** Waits until the database server accepts connections (at once for SQLite and PGlite). */
  async waitForServer(options: WaitOptions = {}): Promise<WaitReport> {
    return waitForServer(await this.getDialect(), options);
  }

  /**
   * The compatibility matrix and whether app `appVersion` can run on the database's current
   * version (the data of `GET /api/version/compatibility`); without an app version, the matrix
   * and the database version only. E_CONFIG when an entry cannot be read.
   */
  async compatibility(appVersion?: string | null): Promise<CompatibilityReport> {
    const { current } = await this.state();
    return compatibilityVerdict(this.options.compatibility ?? {}, appVersion ?? null, current);
  }

  /**
   * One migration as a change log entry: name, description (the file's leading comment
   * block), applied by/at, duration, status and its up and down SQL. Null when no file or
   * tracking row has that version.
   */
  async changelog(version: string): Promise<ChangelogEntry | null> {
    return changelogEntry(await this.state(), this.source, version);
  }

  /**
   * Adopts another tool's history (SPEC §13): its applied migrations matched to the files and
   * recorded as applied (checksums from the files, its timestamps kept), running nothing.
   * Idempotent; refused when that history is dirty or names a migration no file matches.
   */
  async import(tool: string, options: ImportOptions = {}): Promise<ImportReport> {
    const importer = importerFor(tool);
    if (!options.dryRun)
      await this.approvals.record("import", `Record ${importer.tool}'s applied migrations`);
    return this.locked(async ({ dialect, conn, history }) =>
      importHistory(
        importer,
        new ForeignTable(dialect, conn, importer.tool),
        await this.state(),
        history,
        this.source,
        options,
      ),
    );
  }

  /** Applied rows as stored. */
  async records(): Promise<readonly AppliedRecord[]> {
    const { history } = await this.connect();
    return (await history.readAll()) ?? [];
  }

  /** Heads of the migration graph, from the files only (more than one means branches). */
  async heads(options: AppOption = {}): Promise<readonly MigrationInfo[]> {
    return buildGraph(await this.list(options)).heads;
  }

  /** Migration files, without the database. With apps, one app's: name it. */
  async list(options: AppOption = {}): Promise<readonly MigrationInfo[]> {
    const app = this.routed(options);
    if (app) return app.list();
    return this.source.list();
  }

  /**
   * Ends the session. `detach`, for a process about to exit: returns once the end is sent,
   * without waiting for the server to confirm it (see Connection.close).
   */
  async close(options: { readonly detach?: boolean } = {}): Promise<void> {
    const opened = this.session.opened;
    this.session.opened = undefined;
    const c = await opened?.catch(() => undefined);
    await c?.conn.close(options);
  }

  /**
   * Plans and runs under the lock. A run that needs a confirmation asks first, with its dry run
   * (`approved` undefined), or was confirmed by the caller (`approved`: the step ids shown; null:
   * no confirmation needed); under the lock a different plan is refused. `check`: an app's look
   * at the other apps, on a plan with steps, under the lock (or in the dry run); it throws to
   * refuse the plan. The steps of an app's run say their app.
   */
  private async run(
    makePlan: (state: MigrationState) => Plan,
    options: RunOptions,
    action: ConfirmAction,
    approved?: readonly string[] | null,
    hooks: RunHooks = {},
  ): Promise<RunReport> {
    const { check, beforeRun } = hooks;
    if (options.dryRun) return this.dryRun(makePlan, options, hooks);
    const held = this.held;
    const confirmed = async () =>
      approved === undefined
        ? (
            await this.approvals.runs(action, async () => [
              await this.dryRun(makePlan, options, { check }),
            ])
          )?.[0]
        : approved;
    if (held !== undefined)
      return this.runLocked(held, makePlan, options, await confirmed(), { check });
    // Fast path: with nothing to do, answer without taking the lock (one query, of the columns
    // planning reads). A plan error here may come from another run in flight (a row it has
    // `running`): decide under the lock, on the rows read in full.
    const state = await this.readState({ read: "brief" });
    const first = planOrNull(makePlan, state);
    if (first?.steps.length === 0) {
      return {
        direction: first.direction,
        dryRun: false,
        steps: [],
        interrupted: false,
        ...notes(first),
      };
    }
    // What is about to run is checked (linted) before anyone is asked to confirm it; when the
    // plan could not be made here, under the lock, once the rows are certain.
    if (first !== null) await beforeRun?.(state, first);
    const shown = await confirmed();
    const late = first === null ? beforeRun : undefined;
    return this.locked(
      (c) => this.runLocked(c, makePlan, options, shown, { check, beforeRun: late }),
      options.signal,
    );
  }

  /** {@link run}'s work under the lock (taken by run, or held by {@link holding}). */
  private async runLocked(
    c: Connected,
    makePlan: (state: MigrationState) => Plan,
    options: RunOptions,
    shown: readonly string[] | null | undefined,
    { check, beforeRun }: RunHooks = {},
  ): Promise<RunReport> {
    const ctx = this.context(c, options);
    const state = await this.state();
    if (beforeRun) {
      const plan = planOrNull(makePlan, state);
      if (plan !== null && plan.steps.length > 0) await beforeRun(state, plan);
    }
    const checked = await preflight(state, makePlan, ctx);
    if (check && checked.plan.steps.length > 0) await check(checked.plan);
    if (shown) assertSamePlan(shown, idsOf(checked.plan.steps));
    const work = checked.plan.steps.length > 0;
    const wantsBackup = options.backup ?? this.options.backupBefore === true;
    const backup = work && wantsBackup ? await this.backupNow(c, state.current) : undefined;
    if (backup) this.events.emit("backup:done", backupEvent(backup));
    // Holding the lock, the tracking tables were made once when it was taken.
    if (work && this.held === undefined) await c.history.ensure();
    if (backup) await c.history.write([backupLogPart(c.history, backup)]);
    const report = withAppSteps(
      { ...(await execute(checked, ctx)), ...notes(checked.plan) },
      this.app,
    );
    return this.withSchemaFile(c, backup ? { ...report, backup: backupSummary(backup) } : report);
  }

  /**
   * Inside {@link holding}: runs `fn` in one transaction of the held session, the `up`/`down`
   * calls in it joining it (as with `singleTransaction`; constraints deferred to the commit are
   * checked at the end of each up). Keeps it (true) only when `fn` returns true and the catalogs
   * then hold exactly the rows they held when it began — so any schema snapshot is as it was —
   * else rolls everything back, tracking rows included (false). On an engine that cannot tell
   * (MySQL, SQLite) returns false at once, `fn` not run. What `verify` proves a down with
   * without reading the schema; false promises nothing. Only for a database nobody else writes in.
   */
  async trial(fn: () => Promise<boolean>): Promise<boolean> {
    const held = this.held;
    if (held === undefined || this.inTrial)
      throw new Error("internal: trial() runs inside holding(), once at a time");
    const plan = held.dialect.trial;
    if (plan === undefined) return false;
    try {
      await held.conn.exec(await plan.beginSql());
    } catch {
      // A server without what the mark reads (a PostgreSQL look-alike) goes without trials.
      await held.conn.rollback().catch(() => undefined);
      return false;
    }
    this.inTrial = true;
    let ran = false;
    try {
      ran = await fn();
    } finally {
      this.inTrial = false;
      if (!ran) await held.conn.rollback();
    }
    if (!ran) return false;
    try {
      await held.conn.exec(await plan.keepSql());
      return true;
    } catch {
      // The catalogs changed (or the commit failed): nothing was kept.
      await held.conn.rollback().catch(() => undefined);
      return false;
    }
  }

  /**
   * Runs `fn` holding the migration lock, the tracking tables made: the `up`/`down` calls in it
   * neither take the lock again nor look first without it. For a database nobody else uses
   * (verify's throw-away one), where each run's lock, first look and table check would cost
   * more than its migration; meanwhile this migrator is for `fn` alone.
   */
  async holding<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.locked(async (c) => {
      await c.history.ensure();
      this.held = c;
      try {
        return await fn();
      } finally {
        this.held = undefined;
      }
    }, signal);
  }

  /**
   * Backs the whole database up (tracking tables included) with its engine's tool: pg_dump,
   * mariadb-dump, SQLite's online backup API, PGlite's data-directory dump. The file goes to
   * `out`, or to the backups folder named `<db>-<env>-<UTC time>-<version>.<ext>`, with its
   * manifest beside it; older ones beyond `backups.keep` are then removed.
   */
  async backup(options: { readonly out?: string } = {}): Promise<BackupResult> {
    const c = await this.connect();
    const current = (await this.readState({ read: "brief" })).current;
    return this.backupNow(c, current, options.out);
  }

  /** The backups in the backups folder (those with a manifest), newest first. */
  async backups(): Promise<BackupEntry[]> {
    return listBackups(this.backupSettings().dir);
  }

  /**
   * Replaces the database with a backup: checks its manifest's SHA-256 (unless `force`), that
   * it is of this engine and database, asks `confirm`, then drops and recreates the database
   * from it. Returns the version the restored tracking table holds.
   */
  async restore(file: string, options: RestoreOptions): Promise<RestoreReport> {
    this.assertWritable();
    const dialect = await this.getDialect();
    const restored = await restoreBackup(
      file,
      {
        engine: dialect.name,
        url: this.url,
        displayUrl: dialect.displayUrl,
        release: () => this.close(),
      },
      options,
    );
    return { ...restored, version: (await this.readState()).current };
  }

  private backupSettings(): BackupSettings {
    return backupSettings(this.options.backups, this.options.environmentName);
  }

  private backupNow(c: Connected, version: string | null, out?: string): Promise<BackupResult> {
    return takeBackup(
      { url: this.url, conn: c.conn },
      { engine: c.dialect.name, version, settings: this.backupSettings(), out },
    );
  }

  /** The same checks as the run, on the state as it is now; nothing is written. */
  private async dryRun(
    makePlan: (state: MigrationState) => Plan,
    options: RunOptions,
    hooks: RunHooks = {},
  ): Promise<RunReport> {
    const { check, beforeRun } = hooks;
    const c = await this.connect();
    const state = await this.state();
    const plan = beforeRun ? planOrNull(makePlan, state) : null;
    if (plan !== null && plan.steps.length > 0) await beforeRun?.(state, plan);
    const checked = await preflight(state, makePlan, this.context(c, options));
    if (check && checked.plan.steps.length > 0) await check(checked.plan);
    const steps = await Promise.all(checked.steps.map((s) => plannedStep(s, c.dialect)));
    return {
      direction: checked.plan.direction,
      dryRun: true,
      steps: withAppSteps({ steps }, this.app).steps,
      interrupted: false,
      ...notes(checked.plan),
      planHash: planHash(steps),
    };
  }

  /**
   * Asks for a whole-database change (`drop`, `restore`) when it needs a confirmation: on a
   * protected environment always (E_CONFIRM without `confirm`), elsewhere when there is a
   * `confirm`. Throws E_ABORTED on a no.
   */
  async confirmDatabaseChange(action: "drop" | "restore", title: string): Promise<void> {
    await this.approvals.database(action, title);
  }

  /** What the executor (and the preflight) work with for one run. */
  private context(c: Connected, options: RunOptions): ExecutorContext {
    const { dialect, conn, history } = c;
    return {
      dialect,
      conn,
      history,
      source: this.source,
      events: this.events,
      options: {
        singleTransaction: options.singleTransaction || this.inTrial,
        outerTransaction: this.inTrial,
        lockTimeoutMs: this.options.lockTimeoutMs ?? 5000,
        statementTimeoutMs: this.options.statementTimeoutMs ?? 0,
        retries: this.options.retries ?? 3,
        signal: options.signal,
      },
    };
  }

  /** Runs `fn` holding the migration lock; releases it in every case. */
  private async locked<T>(fn: (c: Connected) => Promise<T>, signal?: AbortSignal): Promise<T> {
    // Calls on one migrator share one session, and session locks are re-entrant:
    // serialise them here so that concurrent up() calls in one process queue too.
    // The apps of one migrator share its session: they queue here too.
    const previous = this.session.queue;
    let done!: () => void;
    this.session.queue = new Promise<void>((resolve) => {
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
    this.assertWritable();
    const c = await this.connect();
    const lock = migrationLock(c.dialect, c.conn, this.table, applicationName());
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

  private assertWritable(): void {
    if (this.options.readOnly) {
      throw new TidemarkError(
        "E_USAGE",
        "This migrator was created read-only: it changes nothing",
        {
          hint: "Create it without readOnly to apply, roll back, stamp, repair or restore.",
        },
      );
    }
  }

  private async getDialect(): Promise<Dialect> {
    this.dialect ??= this.options.dialect
      ? this.options.dialect(this.url)
      : await resolveDialect(this.url);
    return this.dialect;
  }

  /**
   * One session per migrator (shared with its apps' migrators), opened once even when calls
   * race to open it; each migrator reads and writes the tracking rows of its own app.
   */
  private connect(): Promise<Connected> {
    const session = this.session;
    session.opened ??= this.open().catch((err: unknown) => {
      session.opened = undefined;
      throw err;
    });
    const from = session.opened;
    if (this.connected?.from !== from) {
      const c = from.then(({ dialect, conn }) => ({
        dialect,
        conn,
        history: new HistoryStore(dialect, conn, this.table, hostname(), TOOL_VERSION, this.app),
      }));
      this.connected = { from, c };
    }
    return this.connected!.c;
  }

  private async open(): Promise<Opened> {
    const dialect = await this.getDialect();
    dialect.tableRef(this.table); // a table name the engine refuses fails before connecting
    const conn = await dialect.connect({
      applicationName: applicationName(),
      readOnly: this.options.readOnly,
    });
    return { dialect, conn };
  }
}

/** The session name every connection of this process sets (SPEC §6). */
function applicationName(): string {
  return `tidemark ${TOOL_VERSION} ${hostname()}:${process.pid}`;
}

/** A maintenance change: previewed with `dryRun`, then made. */
type Change<R> = (state: MigrationState, history: HistoryStore, dryRun: boolean) => Promise<R>;

interface Opened {
  readonly dialect: Dialect;
  readonly conn: Connection;
}

interface Connected extends Opened {
  readonly history: HistoryStore;
}

/** The session of a migrator and its apps' migrators, and the queue of their locked calls. */
interface Session {
  opened: Promise<Opened> | undefined;
  queue: Promise<void>;
}

/** The migrators of the config's apps, and each app's folder as shown in messages. */
interface AppMigrators {
  readonly byName: Map<string, Migrator>;
  readonly dirs: Map<string, string>;
}

/** Which pending migrations one app's run of a plain `up` across apps applies. */
interface AppRunSteps {
  readonly only: ReadonlySet<string>;
  /** Whether the app's changed repeatables run after them (its last run). */
  readonly repeatables: boolean;
}

/** A look at the other apps before a plan of one app runs; throws to refuse it. */
type PlanCheck = (plan: Plan) => Promise<void>;

/** What a run checks besides its plan: `check` under the lock (apps), `beforeRun` lint first. */
interface RunHooks {
  readonly check?: PlanCheck;
  readonly beforeRun?: BeforeRun;
}

function backupEvent({ file, manifest, durationMs }: BackupResult) {
  return { file, size: manifest.size, durationMs };
}

/** The state as it would be once `id` is rolled back. */
function rolledBack(state: MigrationState, id: string): MigrationState {
  const records = state.records.map((r) =>
    r.id === id ? { ...r, status: "rolled_back" as const } : r,
  );
  return analyze(state.available, records);
}

/** The plan's note and warnings, to carry into its run report. */
function notes(plan: Plan): Pick<RunReport, "note" | "warnings"> {
  return {
    ...(plan.note === undefined ? {} : { note: plan.note }),
    ...(plan.warnings === undefined ? {} : { warnings: plan.warnings }),
  };
}

/** The plan, or null when it cannot be made on this state (the run then decides under the lock). */
function planOrNull(makePlan: (state: MigrationState) => Plan, state: MigrationState): Plan | null {
  try {
    return makePlan(state);
  } catch {
    return null;
  }
}

/** What lint reads of a run: the migrations it applies, in order, and the applied ones before. */
function pendingOf(
  state: MigrationState,
  plan: Plan,
): { run: readonly MigrationInfo[]; applied: readonly MigrationInfo[] } {
  const run = plan.steps.flatMap((s) => (s.info ? [s.info] : []));
  const ids = new Set(run.map((i) => i.id));
  const applied = state.applied.flatMap((a) => (a.info && !ids.has(a.info.id) ? [a.info] : []));
  return { run, applied };
}

/**
 * Checksums of the rows that hold all that `down` needs (see ListOptions.known): applied SQL
 * migrations with their down SQL stored, and applied repeatable ones.
 */
function knownChecksums(records: readonly AppliedRecord[]): ReadonlyMap<string, string> {
  const known = new Map<string, string>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (describedByRow(r)) known.set(r.id, r.checksum);
  }
  return known;
}

/** The planner of a `down`: to a target (`to`, `step`), or of one migration and those after it. */
function downPlanner(options: DownOptions): (state: MigrationState) => Plan {
  const resume = { resume: options.resume };
  const { version, name } = options;
  if (version === undefined && name === undefined) {
    const target = runTarget(options, "down");
    return (state) => planDown(state, target, resume);
  }
  const given = [
    version === undefined ? null : "version",
    name === undefined ? null : "name",
    options.to === undefined ? null : "to",
    options.step === undefined ? null : "step",
  ].filter((g) => g !== null);
  if (given.length > 1)
    throw new TidemarkError(
      "E_USAGE",
      `down takes one of version, name, to and step, not ${given.join(" and ")}`,
    );
  const selector = version === undefined ? { name: name! } : { version };
  return (state) => planRollbackOf(state, selector, resume);
}

function runTarget(options: RunOptions, direction: "up" | "down"): Target | undefined {
  if (options.step !== undefined)
    return { kind: "relative", steps: direction === "up" ? options.step : -options.step };
  return options.to === undefined ? undefined : parseTarget(options.to);
}
