/**
 * The shapes of lint (SPEC §7): a rule's definition, the facts a rule reads about one file
 * (its statements, whether the runner wraps it, which tables are new), and the findings.
 * Rules are pure: they read a {@link LintFile} and return hits; the engine does the rest.
 */
import type { SqlSyntax } from "../dialects/dialect.js";
import type { SchemaFacts } from "./pg-facts.js";

/** How serious a finding is: `error` fails `lint` (exit 1) and stops `up` on a protected environment. */
export type LintLevel = "error" | "warning" | "info";

/** What the config may set a rule to. */
export type LintSetting = "off" | "warning" | "error";

/** The SQL a file is read as: PostgreSQL's parser, or the MySQL/SQLite statement classification. */
export type LintSyntax = SqlSyntax;

/** One parsed PostgreSQL node (`{ CreateStmt: {...} }`). */
export type PgNode = Readonly<Record<string, unknown>>;

/** One statement of the file being linted. */
export interface LintStatement {
  /** 0-based position in the file's section. */
  readonly index: number;
  readonly sql: string;
  /** 1-based line and column in the file where the statement starts. */
  readonly line: number;
  readonly column: number;
  /** The parser's node (PostgreSQL only); null elsewhere. */
  readonly node: PgNode | null;
  /** Leading words, upper case (MySQL/SQLite classification; empty for PostgreSQL). */
  readonly words: readonly string[];
  /** The SQL with string literals and comments blanked out (for keyword searches). */
  readonly code: string;
}

/** What a rule knows about the up section it checks. */
export interface LintFile {
  readonly syntax: LintSyntax;
  /** Path relative to the migrations folder. */
  readonly file: string;
  readonly statements: readonly LintStatement[];
  /** An empty statement at the section's first line, for findings about the whole file. */
  readonly start: LintStatement;
  /** The down section's statements, or null when the migration has none. */
  readonly down: readonly LintStatement[] | null;
  /** True when the runner runs the whole up in one transaction (the executor's own decision). */
  readonly wrapped: boolean;
  /** Why the runner runs it outside a transaction, or null when wrapped. */
  readonly outside: string | null;
  /** The migration has no down and does not say `-- tidemark:irreversible`. */
  readonly missingDown: boolean;
  /** True when `table` is new before statement `index`: created earlier in this file or in this run. */
  isNew(table: string, index: number): boolean;
  /** True when index `name` was created earlier in this file or in this run. */
  isNewIndex(name: string, index: number): boolean;
  /** PostgreSQL: column types and validated NOT NULL checks as of the start of this file. */
  readonly facts: SchemaFacts;
}

/** A statement a rule flags, with what it found. */
export interface RuleHit {
  readonly statement: LintStatement;
  readonly message: string;
}

/** One lint rule: a stable id, its default level, and a pure check. */
export interface LintRule {
  readonly id: string;
  readonly level: LintLevel;
  /** Off unless the config turns it on (the prefer-* style rules). */
  readonly optIn?: boolean;
  readonly syntaxes: readonly LintSyntax[];
  /** One line: what the rule flags. */
  readonly what: string;
  /** Why it hurts: the lock taken, the rewrite, the data lost. */
  readonly why: string;
  /** The safe pattern (expand/contract). */
  readonly safe: string;
  check(file: LintFile): Iterable<RuleHit>;
}

/** One finding, as `lint`, `up`, the JSON document and the web admin show it. */
export interface LintFinding {
  readonly rule: string;
  readonly level: LintLevel;
  /** Path relative to the migrations folder (or as given, for a file outside it). */
  readonly file: string;
  /** The file's path from the working folder, with `/` (for CI annotations and editors). */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** The migration's version; null for a repeatable one or a file outside the folder. */
  readonly version: string | null;
  readonly message: string;
  readonly why: string;
  readonly safe: string;
  /** The statement's first line as written in the file (for the caret). */
  readonly source: string;
}
