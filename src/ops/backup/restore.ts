/**
 * Restoring a backup: the file is checked against its manifest (SHA-256) and against the
 * database it is restored into (same engine, same database name), the caller confirms, and
 * only then is the database replaced by the engine's tool.
 */
import { resolve } from "node:path";
import { TidemarkError } from "../../core/errors.js";
import type { DialectName } from "../../dialects/dialect.js";
import { backupTool } from "./backup-tool.js";
import { type BackupManifest, verifyBackup } from "./manifest.js";

/** What a restore is about to do, for the confirmation. */
export interface RestoreSummary {
  readonly file: string;
  /** The database it replaces, as it may be shown (password hidden). */
  readonly target: string;
  /** Null when restored with `force` and no manifest. */
  readonly manifest: BackupManifest | null;
}

export interface RestoreOptions {
  /** Asked before anything is changed; false cancels (E_ABORTED). Required: a restore replaces the whole database. */
  readonly confirm: (summary: RestoreSummary) => boolean | Promise<boolean>;
  /** Restore a file whose manifest is missing or whose checksum differs. Default false. */
  readonly force?: boolean;
}

/** What a restore did. */
export interface RestoreReport {
  readonly file: string;
  readonly manifest: BackupManifest | null;
  /** The current version the restored tracking table holds; null when none is applied. */
  readonly version: string | null;
}

export interface RestoreTarget {
  readonly engine: DialectName;
  readonly url: string;
  readonly displayUrl: string;
  /** Closes every session tidemark has on the database before it is replaced. */
  readonly release: () => Promise<void>;
}

/** Checks, confirms and restores; returns the manifest (null when forced without one). */
export async function restoreBackup(
  path: string,
  target: RestoreTarget,
  options: RestoreOptions,
): Promise<{ readonly file: string; readonly manifest: BackupManifest | null }> {
  if (typeof options?.confirm !== "function")
    throw new TidemarkError("E_USAGE", "restore() needs a confirm function", {
      hint: "Pass { confirm: (summary) => … } returning true to replace the database.",
    });
  const file = resolve(path);
  const manifest = await verifyBackup(file, options.force === true);
  if (manifest && manifest.engine !== target.engine) {
    throw new TidemarkError(
      "E_BACKUP",
      `${file} is a ${manifest.engine} backup; the database ${target.displayUrl} is ${target.engine}`,
      { hint: "Restore a backup of the same engine." },
    );
  }
  const tool = await backupTool(target.engine);
  await tool.checkTarget(target.url, file);
  if (!(await options.confirm({ file, target: target.displayUrl, manifest }))) {
    throw new TidemarkError("E_ABORTED", "Restore cancelled; nothing was changed");
  }
  await target.release();
  await tool.restore(target.url, file);
  return { file, manifest };
}
