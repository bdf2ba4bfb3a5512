/**
 * The contract of one importer (SPEC §13): it reads another tool's tracking table on the
 * migrating session and says which of that tool's migrations are applied, with the key the
 * tool knows them by (a version, or a file or change name) and what the tool kept of when and
 * by whom. Matching those keys to files, and recording them, is done once, in `adopt.ts`.
 */
import { TidemarkError } from "../../core/errors.js";
import type { Row } from "../../core/migration.js";
import type { Connection, Dialect } from "../../dialects/dialect.js";

/** One migration the other tool records as applied. */
export interface ForeignMigration {
  /** What the tool calls it: a version (`20250101120000`, `1.1`) or a name (`0001_initial`, `users`). */
  readonly key: string;
  /** How `key` is matched to a file: by version, or by file/change name. */
  readonly by: "version" | "name";
  readonly appliedAt: Date | null;
  readonly appliedBy: string | null;
  readonly executionMs: number | null;
}

/** What an importer read. */
export interface ForeignHistory {
  /** Applied migrations, oldest first. */
  readonly applied: readonly ForeignMigration[];
  /**
   * For tools that record only the newest version (golang-migrate, Alembic) or a baseline
   * (Flyway): every migration at or before this one counts as applied.
   */
  readonly through?: ForeignMigration;
}

export interface ImportReadOptions {
  /** Django: the app whose rows to import. */
  readonly app?: string;
}

export interface Importer {
  /** The `--from` name. */
  readonly tool: string;
  /** The tracking table it reads (schema-qualified where the tool uses its own schema). */
  readonly table: string;
  /**
   * Reads the table. Throws E_IMPORT naming the migration when the history is dirty, failed or
   * in progress: nothing is recorded from such a history.
   */
  read(source: ForeignTable, options: ImportReadOptions): Promise<ForeignHistory>;
}

/** The other tool's table on the migrating session. */
export class ForeignTable {
  constructor(
    private readonly dialect: Dialect,
    private readonly conn: Connection,
    readonly tool: string,
  ) {}

  /** Every row of `table` (optionally ordered by a column); E_IMPORT when the table is not there. */
  async rows(table: string, orderBy?: string): Promise<Row[]> {
    const ref = this.dialect.tableRef(table);
    const order = orderBy ? ` ORDER BY ${this.dialect.quoteIdent(orderBy)}` : "";
    try {
      return await this.conn.query(`SELECT * FROM ${ref}${order}`);
    } catch (err) {
      throw new TidemarkError(
        "E_IMPORT",
        `No ${this.tool} history here: table ${table} cannot be read (${(err as Error).message})`,
        {
          hint: `Point --url at the database ${this.tool} migrated, or check --from.`,
          cause: err,
        },
      );
    }
  }

  /** Rows of `table`, or null when it does not exist. */
  async rowsIfAny(table: string): Promise<Row[] | null> {
    try {
      return await this.conn.query(`SELECT * FROM ${this.dialect.tableRef(table)}`);
    } catch {
      return null;
    }
  }

  /** Refuses the whole import: the other tool's history is not clean. */
  dirty(migration: string, why: string): never {
    throw new TidemarkError("E_IMPORT", `${this.tool} history is ${why}: ${migration}`, {
      hint: `Finish or repair it with ${this.tool} first (its migration ${migration}), then import; nothing was recorded.`,
    });
  }
}

/** A boolean as drivers return it: true, 1, "1", "t", "true". */
export function truthy(value: unknown): boolean {
  return value === true || value === 1 || value === 1n || /^(1|t|true|y|yes)$/i.test(String(value));
}

/** A timestamp as drivers return it (Date, ISO text, epoch milliseconds); null when absent. */
export function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  // SQLite's datetime('now') text is UTC without a zone.
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(text)
    ? `${text.replace(" ", "T")}Z`
    : text;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Text of a column, or null. */
export function textOf(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** A number of a column, or null. */
export function numberOf(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A migration known by its version, with nothing else kept. */
export function byVersion(key: string, appliedAt: Date | null = null): ForeignMigration {
  return { key, by: "version", appliedAt, appliedBy: null, executionMs: null };
}

/** A migration known by its file or change name, with when (and by whom) it ran. */
export function byName(
  key: unknown,
  appliedAt: unknown,
  appliedBy: unknown = null,
): ForeignMigration {
  return {
    key: String(key),
    by: "name",
    appliedAt: dateOf(appliedAt),
    appliedBy: textOf(appliedBy),
    executionMs: null,
  };
}
