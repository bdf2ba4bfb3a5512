/**
 * `diff` and `generate` (SPEC §5, §8): the DDL that turns one schema snapshot into another, and
 * the DDL that turns it back. Pure: snapshots in, statements out, dispatched by engine.
 *
 * The down is the same differ run the other way (desired → current), with each rename turned
 * round, so that up and down are built by one set of rules and `generate` proves both.
 */
import { TidemarkError } from "../core/errors.js";
import { mysqlChange } from "./mysql-change.js";
import { postgresChange } from "./pg-change.js";
import type { SchemaSnapshot, SnapshotEngine } from "./snapshot.js";
import { sqliteChange } from "./sqlite-change.js";

/** One statement of a change, with the comment lines a reviewer should read before it. */
export interface ChangeStatement {
  /** The statement, ending in `;`. */
  readonly sql: string;
  /** `-- warning: …` / `-- TODO: …` lines written above it, without the `-- ` prefix. */
  readonly notes?: readonly string[];
  /** Cannot run inside a transaction block (`ALTER TYPE … ADD VALUE`, `… CONCURRENTLY`). */
  readonly noTransaction?: boolean;
}

/** A column or table the user says was renamed: `from` is its key in the current schema. */
export interface Rename {
  /** `schema.table` or `schema.table.column` (PostgreSQL), as the rename warning names it. */
  readonly from: string;
  /** The new bare name. */
  readonly to: string;
}

export interface ChangeOptions {
  /** Renames to write as `ALTER … RENAME` instead of drop + add. */
  readonly renames?: readonly Rename[];
  /**
   * Write a NOT NULL column without a default added to an existing table in three steps (add
   * nullable, backfill marked `-- TODO`, set NOT NULL). Default true.
   */
  readonly safeNotNull?: boolean;
  /** Create and drop indexes on existing tables CONCURRENTLY (outside a transaction). */
  readonly concurrentIndexes?: boolean;
}

/** The statements that turn `from` into `to`, and what a reviewer must look at. */
export interface DirectedChange {
  readonly statements: readonly ChangeStatement[];
  /** Possible renames, drops, type changes: one line each (also written as notes). */
  readonly warnings: readonly string[];
}

/** Up (current → desired) and down (desired → current). */
export interface SchemaChange {
  readonly up: DirectedChange;
  readonly down: DirectedChange;
}

/** Engines `diff` can write DDL for. */
const DIFFERS: Partial<
  Record<SnapshotEngine, (a: SchemaSnapshot, b: SchemaSnapshot, o: ChangeOptions) => DirectedChange>
> = {
  postgres: postgresChange,
  mysql: mysqlChange,
  sqlite: sqliteChange,
};

/** The statements that turn `from` into `to` (one direction). */
export function directedChange(
  from: SchemaSnapshot,
  to: SchemaSnapshot,
  options: ChangeOptions = {},
): DirectedChange {
  if (from.engine !== to.engine)
    throw new TidemarkError(
      "E_USAGE",
      `Cannot diff a ${from.engine} schema against a ${to.engine} schema`,
      { hint: "Compare two schemas of the same engine." },
    );
  const differ = DIFFERS[from.engine];
  if (!differ)
    throw new TidemarkError(
      "E_USAGE",
      `Writing migrations for a ${from.engine} schema is not supported yet`,
      { hint: "diff and generate write PostgreSQL, PGlite, MySQL/MariaDB and SQLite DDL." },
    );
  return differ(from, to, options);
}

/** Up and down between `current` and `desired`; see the module comment. */
export function schemaChange(
  current: SchemaSnapshot,
  desired: SchemaSnapshot,
  options: ChangeOptions = {},
): SchemaChange {
  const renames = options.renames ?? [];
  const back = renames.map((r) => ({ from: renamedKey(r), to: lastPart(r.from) }));
  return {
    up: directedChange(current, desired, options),
    down: directedChange(desired, current, { ...options, renames: back }),
  };
}

/** The key a renamed object has after the rename: its old key with the last part replaced. */
export function renamedKey(r: Rename): string {
  const dot = r.from.lastIndexOf(".");
  return dot < 0 ? r.to : `${r.from.slice(0, dot)}.${r.to}`;
}

function lastPart(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

/** Statements as a script: each statement's notes as `-- ` lines above it, blank lines between. */
export function changeSql(statements: readonly ChangeStatement[]): string {
  return statements
    .map((s) => [...(s.notes ?? []).map((n) => `-- ${n}`), s.sql].join("\n"))
    .join("\n\n");
}
