/**
 * The shapes a migration takes between the files on disk and the executor.
 * A {@link MigrationSource} lists cheap {@link MigrationInfo} descriptors; the executor
 * loads the runnable {@link LoadedMigration} only for the steps it runs.
 */

/** A row as a driver returns it. */
export type Row = Record<string, unknown>;

export type MigrationKind = "versioned" | "repeatable";

/** How a migration asks to be run. `auto`: in a transaction unless the dialect finds a statement that cannot be. */
export type TransactionMode = "auto" | "never";

/** What is known of a migration without loading it. Immutable. */
export interface MigrationInfo {
  /**
   * The tracking key: the version for versioned migrations, `R__<name>` for repeatable ones.
   * Unique across the source.
   */
  readonly id: string;
  /** Digit tokens (`20250101120000`, `1.1`); null for a repeatable migration. */
  readonly version: string | null;
  readonly name: string;
  readonly kind: MigrationKind;
  /** Path of the up file, relative to the migrations folder, with `/` (`2025/001_a.sql`). */
  readonly file: string;
  /** Path of a separate down file (`.down.sql`, `_rollback.sql`, Flyway `U`), if any. */
  readonly downFile: string | null;
  /** SHA-256 hex of the normalised up file (the whole file for one-file formats). */
  readonly checksum: string;
  /** Versions this one depends on when declared; null means "the one before it in version order". */
  readonly dependsOn: readonly string[] | null;
  /**
   * Migrations of other apps this one depends on (`-- tidemark:depends billing:0002`, config
   * `apps`), besides `dependsOn` in its own app; absent when none. Checked by the app set.
   */
  readonly appDepends?: readonly AppDependency[];
  readonly transaction: TransactionMode;
  /** False when there is no down at all, or the file says `tidemark:irreversible`. An empty down is reversible. */
  readonly reversible: boolean;
  readonly format: "sql" | "code";
}

/** A dependency on another app's migration, with where it is declared. */
export interface AppDependency {
  readonly app: string;
  readonly version: string;
  /** The declaring file, relative to its app's folder. */
  readonly file: string;
  /** 1-based line of the `depends` directive; undefined for a code migration's `dependsOn`. */
  readonly line: number | undefined;
}

/** SQL as written in a file, with where it starts so that error positions map to file lines. */
export interface SqlBody {
  readonly kind: "sql";
  readonly sql: string;
  /** Path relative to the migrations folder. */
  readonly file: string;
  /** 1-based line of the file on which `sql` starts. */
  readonly line: number;
  /**
   * True for a down read from the tracking table (`rollback_sql`) that differs from the file's
   * (or whose file is gone): `line` then counts in the stored text, and errors say so.
   */
  readonly stored?: boolean;
  /** The file's `-- tidemark:disable` / `disable-next` directives, read by lint. */
  readonly lint?: LintDirectives;
}

/** A lint rule named by a directive, with the directive's 1-based file line. */
export interface RuleRef {
  readonly rule: string;
  readonly line: number;
}

/** `-- tidemark:disable <rule>` (the whole file) and `-- tidemark:disable-next <rule>` (the next statement). */
export interface LintDirectives {
  readonly disable: readonly RuleRef[];
  readonly disableNext: readonly RuleRef[];
  /** `-- tidemark:irreversible`: a missing down is a decision, not an oversight. */
  readonly irreversible: boolean;
}

/** The context a code migration's `up(ctx)` / `down(ctx)` receives. */
export interface MigrationContext {
  /** Tagged template; values become parameters, never text: ctx.sql`insert into t values (${v})`. */
  sql(strings: TemplateStringsArray, ...values: readonly unknown[]): Promise<Row[]>;
  query(text: string, params?: readonly unknown[]): Promise<Row[]>;
  readonly dialect: string;
  log(message: string): void;
  readonly signal: AbortSignal;
}

export interface CodeBody {
  readonly kind: "code";
  readonly file: string;
  run(ctx: MigrationContext): Promise<void>;
}

export type MigrationBody = SqlBody | CodeBody;

/** A migration ready to run. `down` is null when irreversible. */
export interface LoadedMigration {
  readonly info: MigrationInfo;
  readonly up: MigrationBody;
  readonly down: MigrationBody | null;
}

/** What the caller of {@link MigrationSource.list} already knows from the tracking table. */
export interface ListOptions {
  /**
   * Checksums, by migration id, of migrations applied with all that `down` needs in their
   * tracking row (their down SQL; repeatable ones need none). A file whose checksum matches
   * was parsed when it was applied: a source may describe it without parsing it again, as
   * long as `dependsOn` and `transaction` stay right; its `reversible` is then true for a
   * versioned migration (the stored down is what runs). A promise lets the source read the
   * files while the rows are read; a source may ignore this option.
   */
  readonly known?: ReadonlyMap<string, string> | Promise<ReadonlyMap<string, string>>;
}

/**
 * Answers "is every migration applied exactly as it is now?" without a descriptor a migration:
 * tracking rows are given one at a time (in any order), each file is read when its row comes
 * and then forgotten. Any doubt is a "no" (the caller then looks the usual way).
 */
export interface AppliedMatcher {
  /** How many migrations the source holds (each needs one applied row for a "yes"). */
  readonly size: number;
  /**
   * One applied row: false when no migration has the id, its up file's checksum differs, it was
   * matched before, or a file of it may hold a directive (then only parsing it can tell).
   * Throws E_IO when the file cannot be read.
   */
  match(id: string, checksum: string): boolean;
  /** True when every migration was matched by a row. */
  complete(): boolean;
  /**
   * Reads and hashes files ahead, in order, until `until` settles (the session opening, a
   * query in flight), giving the event loop a turn every few ms; optional.
   */
  readAhead?(until: Promise<unknown>): Promise<void>;
  /**
   * Every migration's id and its up file's checksum (null when a file of it may hold a
   * directive), in no particular order; reads the files not read yet. Ends the matching.
   */
  checksums(): { readonly ids: readonly string[]; readonly sums: readonly (string | null)[] };
}

/**
 * A no-op `up`'s look at a folder on an engine that digests its rows (Dialect.digestSql), as
 * `appliedMatcher({ digestOnly: true })` may answer: the folder's digest (see folderDigest),
 * made as the files are read, with nothing kept a migration.
 */
export interface AppliedDigest {
  /** How many migrations the source holds (the server's digest must be of as many rows). */
  readonly size: number;
  /** As {@link AppliedMatcher.readAhead}: reads and hashes files until `until` settles. */
  readAhead?(until: Promise<unknown>): Promise<void>;
  /**
   * The digest of every migration's `id checksum` line, reading the files not read yet; null
   * when a file may hold a directive (only parsing it can tell). Call once.
   */
  digest(): string | null;
}

/**
 * Where migrations come from. `list()` must be cheap enough to call on every command and
 * must throw a TidemarkError (E_PARSE, E_DUPLICATE, E_DEPENDENCY, E_IO) naming the file
 * and line for bad input; it returns an empty list for an empty folder. `load()` returns the
 * runnable migration for a descriptor `list()` returned.
 */
export interface MigrationSource {
  list(options?: ListOptions): Promise<readonly MigrationInfo[]>;
  /**
   * For a no-op `up` over a long history: a {@link AppliedMatcher} over the migrations as they
   * are now, or null when the source cannot answer without describing them (code migrations).
   * Throws what `list()` throws for the folder's names (E_DUPLICATE, E_PARSE, E_IO). Optional.
   */
  appliedMatcher?(options?: {
    /**
     * The engine digests its rows and only the folder's digest will be asked for: the source
     * may answer with an {@link AppliedDigest} instead, made as the files are read.
     */
    readonly digestOnly?: boolean;
  }): AppliedMatcher | AppliedDigest | null;
  load(info: MigrationInfo): Promise<LoadedMigration>;
  /** The up file's text as it is (for the change log's description); absent when there is no file. */
  readText?(info: MigrationInfo): Promise<string>;
}
