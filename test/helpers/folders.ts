/** Temporary folders of files for tests that read a folder without a database. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after } from "node:test";

/** Writes `files` (path with `/` → text) under `dir`, making subfolders as needed. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * For one test file (call at its top level): a maker of temporary folders named `<prefix>…`
 * holding the files given, every one removed when the file's tests are done.
 */
export function folderMaker(prefix: string): (files?: Record<string, string>) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (files = {}) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    writeTree(dir, files);
    return dir;
  };
}
