/**
 * One model of a database schema for every engine (SPEC §8): what `introspect()` returns,
 * what `compare()` takes, what `schema --json` prints and what `diff`/`generate` work from.
 *
 * Contract for an introspector (each dialect's `introspect.ts`):
 * - Every object is keyed by its qualified name: `schema.name` on engines with schemas
 *   (PostgreSQL, PGlite), the bare name on MySQL (one database) and SQLite (`main`).
 * - Lists are sorted by that key (columns keep their ordinal order), so that two snapshots
 *   of equal schemas are deep-equal and print the same JSON.
 * - Text that the server prints back (types, defaults, view and routine bodies, predicates)
 *   is kept as the server prints it, so equal definitions compare equal; a name the server
 *   invented (e.g. `users_pkey`, `users_email_key`, MySQL's `fk_1`) is marked `generatedName`.
 * - Objects owned by an extension and the tracking tables are left out.
 * - A kind the engine does not have is an empty list, never absent.
 */

/** Which engine family produced the snapshot: types and bodies are in its dialect. */
export type SnapshotEngine = "postgres" | "mysql" | "sqlite";

export interface SchemaSnapshot {
  readonly engine: SnapshotEngine;
  /** The server's version string, informational only (never compared). */
  readonly serverVersion?: string;
  /** Schemas (PostgreSQL) other than the system ones; `[]` elsewhere. */
  readonly schemas: readonly SchemaInfo[];
  readonly tables: readonly TableInfo[];
  readonly views: readonly ViewInfo[];
  readonly routines: readonly RoutineInfo[];
  readonly triggers: readonly TriggerInfo[];
  readonly sequences: readonly SequenceInfo[];
  /** Enum types (PostgreSQL). MySQL's inline ENUM columns stay in the column type. */
  readonly enums: readonly EnumInfo[];
  readonly domains: readonly DomainInfo[];
  readonly extensions: readonly ExtensionInfo[];
  /** MySQL events; `[]` elsewhere. */
  readonly events: readonly EventInfo[];
}

export interface SchemaInfo {
  readonly name: string;
  readonly comment?: string;
}

export interface ColumnInfo {
  readonly name: string;
  /** As the server prints it: `character varying(40)`, `int(11)`, `TEXT`. */
  readonly type: string;
  readonly nullable: boolean;
  /** The default expression as the server prints it; absent when none. */
  readonly default?: string;
  /** `always` / `by default` (PostgreSQL identity), or `auto_increment` (MySQL, SQLite AUTOINCREMENT). */
  readonly identity?: "always" | "by default" | "auto_increment";
  /** A generated column's expression, and whether it is stored. */
  readonly generated?: { readonly expression: string; readonly stored: boolean };
  readonly collation?: string;
  readonly comment?: string;
}

export type ConstraintKind = "primary key" | "unique" | "check" | "foreign key" | "exclude";

export interface ConstraintInfo {
  readonly name: string;
  /** The server invented the name: compare ignores it. */
  readonly generatedName?: boolean;
  readonly kind: ConstraintKind;
  readonly columns: readonly string[];
  /** Check or exclude: the expression as the server prints it (`CHECK ((price > 0))`). */
  readonly expression?: string;
  readonly references?: {
    readonly table: string;
    readonly columns: readonly string[];
    readonly onUpdate: string;
    readonly onDelete: string;
    readonly match?: string;
  };
  readonly deferrable?: boolean;
  readonly initiallyDeferred?: boolean;
  /** Created NOT VALID and not yet validated (PostgreSQL). */
  readonly notValid?: boolean;
  /** The whole constraint as the server prints it, when it has one (`pg_get_constraintdef`). */
  readonly definition?: string;
  readonly comment?: string;
}

export interface IndexInfo {
  readonly name: string;
  readonly generatedName?: boolean;
  /** `btree`, `gin`, `hash`, … (MySQL: BTREE/FULLTEXT/SPATIAL, lower-cased). */
  readonly method: string;
  readonly unique: boolean;
  /** Column names or expressions, each with its options as printed (`lower(email)`, `created_at DESC`). */
  readonly columns: readonly string[];
  /** Partial index predicate. */
  readonly where?: string;
  /** The whole definition as the server prints it, when it has one (`pg_get_indexdef`, sqlite_schema.sql). */
  readonly definition?: string;
  readonly comment?: string;
}

export interface TableInfo {
  /** Qualified key: `public.users` (PostgreSQL), `users` (MySQL, SQLite). */
  readonly name: string;
  readonly schema?: string;
  readonly columns: readonly ColumnInfo[];
  readonly constraints: readonly ConstraintInfo[];
  /** Indexes that do not back a constraint (a primary key's or unique constraint's index is in `constraints`). */
  readonly indexes: readonly IndexInfo[];
  readonly comment?: string;
  /** MySQL: `InnoDB`; SQLite: `strict`/`without rowid` flags go in `options`. */
  readonly engine?: string;
  /**
   * MySQL table charset/collation, SQLite `WITHOUT ROWID`/`STRICT`; PostgreSQL: `persistence`
   * (`unlogged`), `partitionBy` (`RANGE (at)`), `partitionOf` + `partitionBound`, `inherits`.
   */
  readonly options?: Readonly<Record<string, string>>;
}

export interface ViewInfo {
  readonly name: string;
  readonly schema?: string;
  readonly materialized: boolean;
  /** As the server prints it (`pg_get_viewdef`, `VIEW_DEFINITION`, sqlite_schema.sql). */
  readonly definition: string;
  readonly columns?: readonly string[];
  /** Indexes on a materialized view. */
  readonly indexes?: readonly IndexInfo[];
  readonly comment?: string;
}

export interface RoutineInfo {
  /** Qualified key with its argument types: `public.add_guest(integer, text)`. */
  readonly name: string;
  readonly schema?: string;
  readonly kind: "function" | "procedure" | "aggregate";
  /** Argument list as printed (`pg_get_function_arguments`). */
  readonly arguments: string;
  readonly returns?: string;
  readonly language: string;
  /** The body as stored. */
  readonly body: string;
  /** The whole `CREATE …` as the server prints it, when it has one. */
  readonly definition?: string;
  readonly comment?: string;
}

export interface TriggerInfo {
  /** Qualified by its table: `public.users.users_touch`. */
  readonly name: string;
  readonly table: string;
  /** `BEFORE INSERT OR UPDATE`, … as printed. */
  readonly timing: string;
  readonly events: readonly string[];
  /** The whole definition as the server prints it (`pg_get_triggerdef`, SHOW CREATE TRIGGER, sqlite_schema.sql). */
  readonly definition: string;
  readonly enabled?: boolean;
  readonly comment?: string;
}

export interface SequenceInfo {
  readonly name: string;
  readonly schema?: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cycle: boolean;
  readonly cache?: string;
  /** `table.column` that owns it (serial / identity); such sequences are compared via their column. */
  readonly ownedBy?: string;
  readonly comment?: string;
}

export interface EnumInfo {
  readonly name: string;
  readonly schema?: string;
  /** In declared order: order matters. */
  readonly values: readonly string[];
  readonly comment?: string;
}

export interface DomainInfo {
  readonly name: string;
  readonly schema?: string;
  readonly type: string;
  readonly nullable: boolean;
  readonly default?: string;
  readonly checks: readonly string[];
  readonly comment?: string;
}

export interface ExtensionInfo {
  readonly name: string;
  readonly schema?: string;
  readonly version?: string;
}

export interface EventInfo {
  readonly name: string;
  readonly definition: string;
}

/** What an introspection covers. */
export interface IntrospectScope {
  /** Schemas to read (PostgreSQL); default: every non-system schema. */
  readonly schemas?: readonly string[];
  /** Tracking tables (unqualified names) left out of the snapshot. */
  readonly exclude: readonly string[];
}

/** A snapshot with nothing in it: the start of a fresh database. */
export function emptySnapshot(engine: SnapshotEngine): SchemaSnapshot {
  return {
    engine,
    schemas: [],
    tables: [],
    views: [],
    routines: [],
    triggers: [],
    sequences: [],
    enums: [],
    domains: [],
    extensions: [],
    events: [],
  };
}
