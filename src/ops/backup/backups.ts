/**
 * Taking a backup: the engine's tool writes the file (backup-tool.ts), then it is named,
 * hashed, recorded in its manifest and the oldest beyond `keep` are pruned. A file is written
 * under a temporary name and renamed only once the tool succeeded, so a failed backup never
 * leaves a file that looks whole.
 */
import { promises as fsp } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { monotonicMs } from "../../core/clock.js";
import { DEFAULT_BACKUPS_DIR, DEFAULT_BACKUPS_KEEP } from "../../core/defaults.js";
import { messageOf, TidemarkError } from "../../core/errors.js";
import type { RunBackup } from "../../core/executor.js";
import type { HistoryStore } from "../../core/history.js";
import { TOOL_VERSION } from "../../core/tool-version.js";
import type { BatchPart, DialectName } from "../../dialects/dialect.js";
import { type BackupSubject, backupTool, fileSafe } from "./backup-tool.js";
import { type BackupManifest, fileDigest, MANIFEST_FORMAT, writeManifest } from "./manifest.js";
import { pruneBackups } from "./retention.js";

/** Where backups go and how many are kept, and the environment they are named after. */
export interface BackupSettings {
  /** The backups folder (config `backups.dir`, default `./backups`). */
  readonly dir: string;
  /** Backups kept per database and environment (config `backups.keep`, default 10). */
  readonly keep: number;
  /** The config environment's name; `default` when none was chosen. */
  readonly environment: string;
}

/** The settings from a migrator's options: the folder resolved, the defaults filled in. */
export function backupSettings(
  backups: { readonly dir?: string; readonly keep?: number } | undefined,
  environment: string | undefined,
): BackupSettings {
  return {
    dir: resolve(backups?.dir ?? DEFAULT_BACKUPS_DIR),
    keep: backups?.keep ?? DEFAULT_BACKUPS_KEEP,
    environment: environment ?? "default",
  };
}

/** A backup just written. */
export interface BackupResult {
  readonly file: string;
  readonly manifest: BackupManifest;
  /** Older backups removed by retention. */
  readonly pruned: readonly string[];
  readonly durationMs: number;
}

export interface TakeBackupOptions {
  readonly engine: DialectName;
  /** The newest applied version, named in the file and its manifest; null when none. */
  readonly version: string | null;
  readonly settings: BackupSettings;
  /** Write exactly here instead of a generated name in the backups folder. */
  readonly out?: string;
}

/** `20250131T140509123Z`: a UTC time that sorts as text and is safe in a file name. */
function fileTime(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, "");
}

function ioError(doing: string, path: string, err: unknown): TidemarkError {
  return new TidemarkError("E_BACKUP", `Cannot ${doing} ${path}: ${messageOf(err)}`, {
    cause: err,
    hint: "Check that the folder exists and is writable (config backups.dir, or --out).",
  });
}

/** Backs the database up with its engine's tool; see the module comment. */
export async function takeBackup(
  subject: BackupSubject,
  options: TakeBackupOptions,
): Promise<BackupResult> {
  const started = monotonicMs();
  const { settings, version, engine } = options;
  const tool = await backupTool(engine);
  const identity = await tool.identify(subject);
  const database = tool.database(subject.url);
  const createdAt = new Date();
  const name = [database, settings.environment, fileTime(createdAt), version ?? "empty"]
    .map(fileSafe)
    .join("-");
  const file = resolve(options.out ?? join(settings.dir, `${name}.${tool.extension}`));
  await fsp.mkdir(dirname(file), { recursive: true }).catch((err: unknown) => {
    throw ioError("create the backups folder", dirname(file), err);
  });
  const partial = `${file}.partial`;
  try {
    await tool.dump(subject, identity, partial);
    await fsp.chmod(partial, 0o600);
    await fsp.rename(partial, file);
  } catch (err) {
    await fsp.rm(partial, { force: true });
    throw err instanceof TidemarkError ? err : ioError("write the backup", file, err);
  }
  const manifest: BackupManifest = {
    format: MANIFEST_FORMAT,
    engine,
    database,
    environment: settings.environment,
    version,
    tool: identity.tool,
    toolVersion: identity.version,
    file: basename(file),
    ...(await fileDigest(file)),
    createdAt: createdAt.toISOString(),
    tidemarkVersion: TOOL_VERSION,
  };
  await writeManifest(file, manifest).catch((err: unknown) => {
    throw ioError("write the manifest of", file, err);
  });
  // Retention applies to the backups folder; a file written elsewhere (--out) prunes nothing.
  const inFolder = resolve(dirname(file)) === resolve(settings.dir);
  const pruned = inFolder ? await pruneBackups(settings.dir, manifest, settings.keep) : [];
  return { file, manifest, pruned, durationMs: Math.round(monotonicMs() - started) };
}

/** The log row naming a backup taken before a run: action `backup`, the file as its name. */
export function backupLogPart(history: HistoryStore, backup: BackupResult): BatchPart {
  const { manifest } = backup;
  return history.logPart(
    { id: manifest.version ?? "", name: backup.file },
    "backup",
    "ok",
    backup.durationMs,
    `${manifest.tool} ${manifest.toolVersion}, ${manifest.size} bytes, sha256 ${manifest.sha256}`,
  );
}

/** What a run report says of the backup taken before it. */
export function backupSummary(backup: BackupResult): RunBackup {
  const { size, sha256 } = backup.manifest;
  return { file: backup.file, size, sha256 };
}
