/**
 * The files of a migrations folder and its subfolders (SPEC §2, Flyway `locations` style: the
 * folder tree is one set of migrations). Hidden folders and `node_modules` are skipped.
 */
import { type Dir, opendirSync } from "node:fs";
import { join } from "node:path";
import { messageOf, TidemarkError } from "../core/errors.js";

/**
 * Paths of every file under `root`, relative to it and written with `/` (`2025/001_a.sql`),
 * in no particular order. `shown` is the folder as the user named it, for messages.
 */
export function listFiles(root: string, shown: string): string[] {
  const out: string[] = [];
  walk(root, "", shown, out);
  return out;
}

function walk(root: string, prefix: string, shown: string, out: string[]): void {
  const folder = () => (prefix === "" ? shown : join(shown, prefix.slice(0, -1)));
  let dir: Dir;
  try {
    // Synchronous on purpose: a promise a folder costs more than the read, and the listing
    // happens on every command. Read some entries at a time, not as one array of them all: ten
    // thousand entries held at once outlive a young collection, and V8 then grows its young heap.
    dir = opendirSync(join(root, prefix), { bufferSize: 128 });
  } catch (err) {
    throw folderError(err, folder());
  }
  try {
    for (let e = dir.readSync(); e !== null; e = dir.readSync()) {
      if (e.isDirectory()) {
        if (!e.name.startsWith(".") && e.name !== "node_modules") {
          walk(root, `${prefix}${e.name}/`, shown, out);
        }
      } else if (e.isFile() || e.isSymbolicLink()) {
        out.push(prefix + e.name);
      }
    }
  } catch (err) {
    if (err instanceof TidemarkError) throw err;
    throw folderError(err, folder());
  } finally {
    dir.closeSync();
  }
}

function folderError(err: unknown, folder: string): TidemarkError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return new TidemarkError("E_IO", `Migrations folder ${folder} does not exist`, {
      cause: err,
      hint: "run `tidemark init`, or pass --dir",
    });
  }
  return new TidemarkError("E_IO", `Cannot read migrations folder ${folder}: ${messageOf(err)}`, {
    cause: err,
    hint: "pass --dir with the folder that holds the migrations",
  });
}
