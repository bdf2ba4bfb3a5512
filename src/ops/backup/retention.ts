/**
 * Retention (`backups.keep`): after a new backup, the oldest of the same database, engine and
 * environment beyond the newest `keep` are removed, file and manifest. Files without a
 * manifest, and other databases' backups, are never touched.
 */
import { promises as fsp } from "node:fs";
import { type BackupEntry, type BackupManifest, listBackups, manifestPath } from "./manifest.js";

type Owner = Pick<BackupManifest, "engine" | "database" | "environment">;

/** The entries to remove so that `keep` of `owner`'s remain, the newest; `entries` newest first. */
export function toPrune(
  entries: readonly BackupEntry[],
  owner: Owner,
  keep: number,
): BackupEntry[] {
  const same = entries.filter(
    (e) =>
      e.manifest.engine === owner.engine &&
      e.manifest.database === owner.database &&
      e.manifest.environment === owner.environment,
  );
  return same.slice(Math.max(1, keep));
}

/** Removes `owner`'s backups in `dir` beyond the newest `keep`; the paths removed. */
export async function pruneBackups(dir: string, owner: Owner, keep: number): Promise<string[]> {
  const doomed = toPrune(await listBackups(dir), owner, keep);
  for (const entry of doomed) {
    await fsp.rm(entry.path, { force: true });
    await fsp.rm(manifestPath(entry.path), { force: true });
  }
  return doomed.map((e) => e.path);
}
