/**
 * One engine's way to back a whole database up to a file and to put it back: the tool the
 * field trusts for that engine (pg_dump, mariadb-dump, SQLite's online backup API, PGlite's
 * data-directory dump). The core (backups.ts, restore.ts) names, hashes, records and prunes
 * the files; a tool only writes and reads them.
 *
 * To add one: implement {@link BackupTool} in `<engine>-backup.ts` and add it to `loaders`.
 * A tool that runs a program passes every secret through the program's environment (or a
 * private option file), never its arguments (child-process.ts).
 */
import { TidemarkError } from "../../core/errors.js";
import type { Connection, DialectName } from "../../dialects/dialect.js";

/** The database a backup is taken of: its URL and the migrator's open session on it. */
export interface BackupSubject {
  readonly url: string;
  readonly conn: Connection;
}

/** Which program (and which version of it) wrote a backup. */
export interface ToolIdentity {
  readonly tool: string;
  readonly version: string;
}

export interface BackupTool {
  /** The backup file's extension, without its dot (`dump`, `sql`, `db`, `tar.gz`). */
  readonly extension: string;
  /** The database's name as backups are named after it: the URL's database, the file's name. */
  database(url: string): string;
  /**
   * Finds the tool and checks that it can back this server up (a pg_dump older than the
   * server cannot); its name and version. Throws E_BACKUP saying what to install.
   */
  identify(subject: BackupSubject): Promise<ToolIdentity>;
  /** Writes a consistent backup of the whole database, tracking tables included, to `file`. */
  dump(subject: BackupSubject, tool: ToolIdentity, file: string): Promise<void>;
  /**
   * Throws E_BACKUP when `file` is not a backup of the database `url` names (another database's
   * dump would be restored under its own name). Reads the file only.
   */
  checkTarget(url: string, file: string): Promise<void>;
  /**
   * Replaces the database `url` names with `file`'s content: the engine's drop and recreate,
   * so objects created since the backup are gone too. Called with the migrator's session closed.
   */
  restore(url: string, file: string): Promise<void>;
}

const loaders: Readonly<Record<DialectName, () => Promise<BackupTool>>> = {
  postgres: async () => (await import("./pg-backup.js")).pgBackup,
  mysql: async () => (await import("./mysql-backup.js")).mysqlBackup,
  sqlite: async () => (await import("./sqlite-backup.js")).sqliteBackup,
  pglite: async () => (await import("./pglite-backup.js")).pgliteBackup,
};

/** The backup tool of an engine, loaded on first use. */
export async function backupTool(engine: DialectName): Promise<BackupTool> {
  const load = loaders[engine];
  if (!load) throw new TidemarkError("E_BACKUP", `No backup tool for ${engine}`);
  return load();
}

/** A name safe in a file name: letters, digits, `_`, `-` and `.` kept, the rest `_`. */
export function fileSafe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^\.+/, "_") || "_";
}
