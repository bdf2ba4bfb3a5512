/**
 * The small JSON manifest written beside each backup (`<file>.json`): what it holds, which
 * tool wrote it, and its size and SHA-256, so that restore can refuse a file that changed.
 * Only files with a manifest count as tidemark's backups (listing, retention).
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, promises as fsp } from "node:fs";
import { basename, dirname, join } from "node:path";
import { messageOf, TidemarkError } from "../../core/errors.js";
import type { DialectName } from "../../dialects/dialect.js";

/** The manifest's own layout; a later release that changes it raises this. */
export const MANIFEST_FORMAT = 1;

export interface BackupManifest {
  readonly format: number;
  readonly engine: DialectName;
  /** The database's name (see BackupTool.database). */
  readonly database: string;
  /** The config environment it was taken of; `default` when none was chosen. */
  readonly environment: string;
  /** The newest applied migration version when it was taken; null when none was applied. */
  readonly version: string | null;
  readonly tool: string;
  readonly toolVersion: string;
  /** The backup file's name, in the manifest's folder. */
  readonly file: string;
  readonly size: number;
  readonly sha256: string;
  /** ISO 8601, UTC. */
  readonly createdAt: string;
  readonly tidemarkVersion: string;
}

/** A backup on disk: its file, and its manifest. */
export interface BackupEntry {
  readonly path: string;
  readonly manifest: BackupManifest;
}

/** The manifest's path for a backup file. */
export function manifestPath(file: string): string {
  return `${file}.json`;
}

/** Size and SHA-256 of a file, read as a stream. */
export async function fileDigest(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return { size: (await fsp.stat(file)).size, sha256: hash.digest("hex") };
}

/** Writes the manifest beside its backup, readable by its owner only (as the backup is). */
export async function writeManifest(file: string, manifest: BackupManifest): Promise<void> {
  await fsp.writeFile(manifestPath(file), `${JSON.stringify(manifest, null, 2)}\n`, {
    mode: 0o600,
  });
}

function isManifest(value: unknown): value is BackupManifest {
  const m = value as Partial<BackupManifest> | null;
  return (
    typeof m === "object" &&
    m !== null &&
    typeof m.format === "number" &&
    typeof m.engine === "string" &&
    typeof m.file === "string" &&
    typeof m.sha256 === "string" &&
    typeof m.createdAt === "string"
  );
}

/** The manifest of a backup file, or null when it has none (or one tidemark cannot read). */
export async function readManifest(file: string): Promise<BackupManifest | null> {
  let text: string;
  try {
    text = await fsp.readFile(manifestPath(file), "utf8");
  } catch {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isManifest(value) && basename(value.file) === basename(file) ? value : null;
  } catch {
    return null;
  }
}

/** Every backup in `dir` that has a manifest and whose file exists, newest first. */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new TidemarkError("E_IO", `Cannot read the backups folder ${dir}: ${messageOf(err)}`);
  }
  const entries: BackupEntry[] = [];
  for (const name of names.filter((n) => n.endsWith(".json"))) {
    const path = join(dir, name.slice(0, -".json".length));
    if (!existsSync(path)) continue;
    const manifest = await readManifest(path);
    if (manifest) entries.push({ path, manifest });
  }
  return entries.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

/**
 * Checks a backup file against its manifest; returns the manifest. Throws E_BACKUP when the
 * manifest is missing or the file's size or SHA-256 differs, unless `force` (then the manifest
 * may be null).
 */
export async function verifyBackup(file: string, force: boolean): Promise<BackupManifest | null> {
  if (!existsSync(file)) throw new TidemarkError("E_BACKUP", `No such backup file: ${file}`);
  const manifest = await readManifest(file);
  if (!manifest) {
    if (force) return null;
    throw new TidemarkError(
      "E_BACKUP",
      `${file} has no manifest (${basename(file)}.json beside it)`,
      {
        hint: `Without it the file cannot be checked; pass --force to restore it anyway (looked in ${dirname(file)}).`,
      },
    );
  }
  const { size, sha256 } = await fileDigest(file);
  if (sha256 !== manifest.sha256 && !force) {
    throw new TidemarkError(
      "E_BACKUP",
      `${file} does not match its manifest: SHA-256 ${sha256.slice(0, 12)}…, expected ${manifest.sha256.slice(0, 12)}… (${size} bytes, expected ${manifest.size})`,
      {
        hint: "The file changed or is damaged since it was written. Pass --force to restore it anyway.",
      },
    );
  }
  return manifest;
}
