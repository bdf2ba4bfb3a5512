/**
 * A free version for a new migration, safe against other `tidemark new` processes writing into
 * the same folder at the same moment. File names alone cannot guard a version (two migrations
 * with one version have different names), so each attempt first creates, exclusively (`wx`),
 * a claim keyed by the version, then checks that no file has that version yet, writes, and
 * removes the claim. Someone holding the claim, or a file with the version, moves the new
 * migration on to the next version. Nothing is left behind.
 */
import { readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { messageOf, TidemarkError } from "./errors.js";
import { splitVersionAndName, versionKey } from "./version.js";

/** A claim older than this was left by a process that was killed mid-write. */
const STALE_CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 1000;

/**
 * Calls `write(version)` with `first`, or the first version after it (same width) that no file
 * in `dir` has and no other process is writing. `first` is a version of digits only.
 * Returns what `write` returns.
 */
export function withFreeVersion<T>(dir: string, first: string, write: (version: string) => T): T {
  let version = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const claim = join(dir, `.tidemark-new-${versionKey(version)}.claim`);
    if (takeClaim(claim)) {
      try {
        if (!versionInUse(dir, version)) return write(version);
      } finally {
        rmSync(claim, { force: true });
      }
    }
    version = (BigInt(version) + 1n).toString().padStart(version.length, "0");
  }
  throw new TidemarkError("E_IO", `No free version found in ${dir} after ${first}`, {
    hint: `Remove stray .tidemark-new-*.claim files from ${dir}, then run the command again.`,
  });
}

/** Creates the claim file exclusively; false when another process holds it. */
function takeClaim(path: string): boolean {
  for (const retry of [false, true]) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new TidemarkError("E_IO", `Cannot write in ${join(path, "..")}: ${messageOf(err)}`, {
          cause: err,
        });
      }
      if (retry || !isStale(path)) return false;
      rmSync(path, { force: true });
    }
  }
  return false;
}

function isStale(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_CLAIM_MS;
  } catch {
    return false;
  }
}

/** True when a file in `dir` (not its subfolders) is named with `version`. */
function versionInUse(dir: string, version: string): boolean {
  const key = versionKey(version);
  return readdirSync(dir).some((name) => {
    if (name.startsWith(".")) return false;
    const parts = splitVersionAndName(name.replace(/\.[^.]*$/, ""));
    return parts !== null && versionKey(parts.version) === key;
  });
}
