/**
 * What the in-process engines' backup tools (SQLite, PGlite) share: they back up through the
 * migrator's own session ({@link Connection.copyTo}), since no outside program can read their
 * database while it is open, and an in-memory database has nothing to restore into.
 */
import { promises as fsp } from "node:fs";
import { TidemarkError } from "../../core/errors.js";
import type { BackupSubject } from "./backup-tool.js";

/** Writes the database to `file` through the open session. */
export async function copyThroughSession(subject: BackupSubject, file: string): Promise<void> {
  if (!subject.conn.copyTo)
    throw new TidemarkError("E_BACKUP", "This session cannot copy its database");
  await subject.conn.copyTo(file);
}

/** The error for a restore into an in-memory database, which lives only in its own process. */
export function inMemoryRefused(url: string): TidemarkError {
  return new TidemarkError("E_BACKUP", `Cannot restore into ${url}: it lives in memory only`, {
    hint: "Restore into a database file (or data directory), then open that one.",
  });
}

/** True when `file` begins with the bytes `magic`. */
export async function startsWith(file: string, magic: Uint8Array): Promise<boolean> {
  const handle = await fsp.open(file, "r");
  try {
    const buffer = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(buffer, 0, magic.length, 0);
    return bytesRead === magic.length && buffer.equals(Buffer.from(magic));
  } finally {
    await handle.close();
  }
}
