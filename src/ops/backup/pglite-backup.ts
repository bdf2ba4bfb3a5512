/**
 * PGlite backups: its data-directory dump (`dumpDataDir()`, a tar.gz of the whole cluster),
 * taken through the migrator's session. Restore moves the data directory aside, creates it
 * again from the dump (`loadDataDir`), and removes the old one only once the new one opens;
 * on any failure the old one is put back.
 */
import { promises as fsp } from "node:fs";
import { basename } from "node:path";
import { TidemarkError } from "../../core/errors.js";
import { pgliteDataDir } from "../../dialects/pglite/pglite-dialect.js";
import { loadPGliteDataDir } from "../../dialects/pglite/pglite-session.js";
import type { BackupSubject, BackupTool, ToolIdentity } from "./backup-tool.js";
import { copyThroughSession, inMemoryRefused, startsWith } from "./in-process.js";

const GZIP_MAGIC = Uint8Array.of(0x1f, 0x8b);

function database(url: string): string {
  const dir = pgliteDataDir(url);
  return dir === null ? "memory" : basename(dir);
}

async function identify(subject: BackupSubject): Promise<ToolIdentity> {
  const [row] = await subject.conn.query<{ v: string }>(
    "SELECT current_setting('server_version') AS v",
  );
  return { tool: "pglite-dumpDataDir", version: String(row?.v ?? "unknown") };
}

async function checkTarget(url: string, file: string): Promise<void> {
  if (pgliteDataDir(url) === null) throw inMemoryRefused(url);
  if (!(await startsWith(file, GZIP_MAGIC)))
    throw new TidemarkError("E_BACKUP", `${file} is not a PGlite data-directory dump (tar.gz)`, {
      hint: "Restore a backup that `tidemark backup` took of a PGlite database.",
    });
}

async function restore(url: string, file: string): Promise<void> {
  const dir = pgliteDataDir(url)!;
  const archive = await fsp.readFile(file);
  const aside = `${dir}.tidemark-restore-${process.pid}`;
  await fsp.rename(dir, aside).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== "ENOENT") throw err;
  });
  try {
    await loadPGliteDataDir(dir, archive);
  } catch (err) {
    await fsp.rm(dir, { recursive: true, force: true });
    await fsp.rename(aside, dir).catch(() => {});
    throw new TidemarkError("E_BACKUP", `Cannot restore ${file}: ${(err as Error).message}`, {
      cause: err,
      hint: "The data directory was put back as it was.",
    });
  }
  await fsp.rm(aside, { recursive: true, force: true });
}

/** PGlite's dumpDataDir / loadDataDir. */
export const pgliteBackup: BackupTool = {
  extension: "tar.gz",
  database,
  identify,
  dump: (subject, _tool, file) => copyThroughSession(subject, file),
  checkTarget,
  restore,
};
