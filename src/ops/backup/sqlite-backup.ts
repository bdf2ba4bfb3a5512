/**
 * SQLite backups with SQLite's online backup API (better-sqlite3's `backup()`): pages copied
 * under SQLite's own locks, so a backup is consistent while others read and write. Restore
 * runs the same API the other way (from the backup file into the database file), so a
 * connection elsewhere never sees a half-copied file: the copy holds the database's write lock.
 */
import { basename, extname } from "node:path";
import { TidemarkError } from "../../core/errors.js";
import { sqlitePath } from "../../dialects/sqlite/sqlite-dialect.js";
import { openSqlite } from "../../dialects/sqlite/sqlite-driver.js";
import type { BackupSubject, BackupTool, ToolIdentity } from "./backup-tool.js";
import { copyThroughSession, inMemoryRefused, startsWith } from "./in-process.js";

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

function database(url: string): string {
  const path = sqlitePath(url);
  return path === ":memory:" ? "memory" : basename(path, extname(path));
}

async function identify(subject: BackupSubject): Promise<ToolIdentity> {
  const [row] = await subject.conn.query<{ v: string }>("SELECT sqlite_version() AS v");
  return { tool: "sqlite-backup-api", version: String(row?.v ?? "unknown") };
}

async function checkTarget(url: string, file: string): Promise<void> {
  if (sqlitePath(url) === ":memory:") throw inMemoryRefused(url);
  if (!(await startsWith(file, SQLITE_HEADER)))
    throw new TidemarkError("E_BACKUP", `${file} is not a SQLite database`, {
      hint: "Restore a backup that `tidemark backup` took of a SQLite database.",
    });
}

async function restore(url: string, file: string): Promise<void> {
  const source = await openSqlite(file, { readOnly: true });
  try {
    await source.backup(sqlitePath(url));
  } finally {
    source.close();
  }
}

/** SQLite's online backup API. */
export const sqliteBackup: BackupTool = {
  extension: "db",
  database,
  identify,
  dump: (subject, _tool, file) => copyThroughSession(subject, file),
  checkTarget,
  restore,
};
