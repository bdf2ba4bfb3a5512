/** What the CLI keeps on disk of a folder's files between runs (FactsStore). */
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import { FactsStore, factsStorePath } from "../../src/sources/facts-store.js";
import { FileCache } from "../../src/sources/file-cache.js";
import { folderMaker } from "../helpers/folders.js";

const folder = folderMaker("tidemark-facts-");

const TEXT = (i: number) =>
  `-- migrate:up\ncreate table t${i} (id int);\n-- migrate:down\ndrop table t${i};\n`;

/** A folder of `count` files and where its store goes (in another folder). */
function setup(count: number): { dir: string; store: string; files: string[] } {
  const dir = folder();
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const file = join(dir, `${String(i).padStart(3, "0")}_m.sql`);
    writeFileSync(file, TEXT(i));
    files.push(file);
  }
  return { dir, store: join(folder(), "cache", "folder.facts"), files };
}

/**
 * One CLI run's listing: a cache with the store (recording files changed up to now, unless
 * `racyMs`), the files' checksums, and how many files it read.
 */
function run(
  setupOf: { dir: string; store: string },
  files: readonly string[],
  racyMs = -1,
): { sums: string[]; reads: number; direct: boolean[] } {
  const cache = new FileCache(false, new FactsStore(setupOf.store, setupOf.dir, racyMs));
  const facts = files.map((file) => cache.facts(file));
  cache.sweep();
  return {
    sums: facts.map((f) => f.checksum),
    direct: facts.map((f) => f.mayDirect),
    reads: cache.reads,
  };
}

describe("FactsStore", () => {
  it("lets the next run take an unchanged file's facts from its stat, without reading it", () => {
    const s = setup(50);
    const expected = s.files.map((_, i) => checksum(TEXT(i + 1)));
    const first = run(s, s.files);
    assert.deepEqual(first.sums, expected);
    assert.equal(first.reads, 50);
    assert.ok(existsSync(s.store), "the store is written");
    const second = run(s, s.files);
    assert.deepEqual(second.sums, expected);
    assert.equal(second.reads, 0);
    // The same files asked for in another order: found by name, and the store follows.
    const third = run(s, [...s.files].reverse());
    assert.deepEqual(third.sums, [...expected].reverse());
    assert.equal(third.reads, 0);
  });

  it("keeps whether a file may hold a directive", () => {
    const s = setup(2);
    writeFileSync(s.files[1]!, "-- tidemark:no-transaction\nselect 1;\n");
    assert.deepEqual(run(s, s.files).direct, [false, true]);
    const again = run(s, s.files);
    assert.equal(again.reads, 0);
    assert.deepEqual(again.direct, [false, true]);
  });

  it("reads a file again when its content changed, even with its size and mtime put back", () => {
    const s = setup(3);
    run(s, s.files);
    const file = s.files[1]!;
    const before = statSync(file);
    // Same size, and the mtime restored as `touch -r` or `rsync -t` would (to the nanosecond):
    // only ctime tells.
    const ref = join(folder(), "ref");
    execFileSync("touch", ["-r", file, ref]);
    const edited = TEXT(2).replace("t2", "x2");
    assert.equal(edited.length, TEXT(2).length);
    writeFileSync(file, edited);
    execFileSync("touch", ["-r", ref, file]);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    const after = run(s, s.files);
    assert.equal(after.reads, 1);
    assert.equal(after.sums[1], checksum(edited));
    // A changed size (no time restored) too.
    writeFileSync(s.files[2]!, `${TEXT(3)}select 1;\n`);
    const later = run(s, s.files);
    assert.equal(later.reads, 1);
    assert.equal(later.sums[2], checksum(`${TEXT(3)}select 1;\n`));
  });

  it("reads a file replaced by another (a new inode), as an editor's safe save makes it", () => {
    const s = setup(2);
    run(s, s.files);
    const file = s.files[0]!;
    const ref = join(folder(), "ref");
    execFileSync("touch", ["-r", file, ref]);
    unlinkSync(file);
    writeFileSync(file, TEXT(1).replace("t1", "y1"));
    execFileSync("touch", ["-r", ref, file]);
    const after = run(s, s.files);
    assert.equal(after.reads, 1);
    assert.equal(after.sums[0], checksum(TEXT(1).replace("t1", "y1")));
  });

  it("records no file changed less than a second ago (an edit in the same tick could hide)", () => {
    const s = setup(4);
    assert.equal(run(s, s.files, 1000).reads, 4);
    assert.equal(run(s, s.files, 1000).reads, 4, "just written: read again");
    // Once old enough, recorded (here: a window of 0 ms stands for a second later).
    assert.equal(run(s, s.files, -1).reads, 4);
    assert.equal(run(s, s.files, 1000).reads, 0);
  });

  it("drops the files no longer asked for, and adds new ones", () => {
    const s = setup(5);
    run(s, s.files);
    const size = readFileSync(s.store).length;
    const fewer = s.files.slice(0, 3);
    assert.equal(run(s, fewer).reads, 0);
    assert.ok(readFileSync(s.store).length < size, "the store shrank");
    const extra = join(s.dir, "006_m.sql");
    writeFileSync(extra, TEXT(6));
    const more = run(s, [...fewer, extra]);
    assert.equal(more.reads, 1);
    assert.equal(more.sums[3], checksum(TEXT(6)));
    assert.equal(run(s, [...fewer, extra]).reads, 0);
    // A file asked for twice in a pass is recorded once.
    assert.equal(run(s, [...fewer, extra, fewer[0]!]).reads, 0);
    assert.equal(run(s, [...fewer, extra]).reads, 0);
  });

  it("is not written again when nothing changed", () => {
    const s = setup(3);
    run(s, s.files);
    // A store is written to a new file renamed over the old one: a new inode.
    const before = statSync(s.store).ino;
    run(s, s.files);
    assert.equal(statSync(s.store).ino, before);
    writeFileSync(join(s.dir, "004_m.sql"), TEXT(4));
    run(s, [...s.files, join(s.dir, "004_m.sql")]);
    assert.notEqual(statSync(s.store).ino, before, "written when a file was added");
  });

  it("takes a store that is damaged, cut short or another folder's as empty, and rewrites it", () => {
    const s = setup(6);
    const expected = s.files.map((_, i) => checksum(TEXT(i + 1)));
    run(s, s.files);
    const good = readFileSync(s.store);
    const damaged: Buffer[] = [
      Buffer.from("not a store at all"),
      good.subarray(0, good.length - 3),
      good.subarray(0, 20),
      Buffer.alloc(0),
    ];
    // A checksum that is not hex.
    const badSum = Buffer.from(good);
    badSum.write("ZZ", badSum.indexOf(expected[2]!.slice(0, 16), 0, "latin1"), "latin1");
    damaged.push(badSum);
    for (const bytes of damaged) {
      writeFileSync(s.store, bytes);
      const r = run(s, s.files);
      assert.deepEqual(r.sums, expected);
      assert.ok(r.reads > 0);
      assert.equal(run(s, s.files).reads, 0, "rewritten whole");
    }
    // Another folder's store, at this folder's path: its header names the other folder.
    const other = setup(6);
    run({ dir: other.dir, store: s.store }, other.files);
    const r = run(s, s.files);
    assert.equal(r.reads, 6);
    assert.deepEqual(r.sums, expected);
  });

  it("runs without a store where none can be written", () => {
    const s = setup(3);
    const blocked = join(folder(), "file-not-folder");
    writeFileSync(blocked, "x");
    const store = join(blocked, "folder.facts");
    const a = run({ dir: s.dir, store }, s.files);
    const b = run({ dir: s.dir, store }, s.files);
    assert.equal(a.reads + b.reads, 6);
    assert.deepEqual(b.sums, a.sums);
    if (process.getuid?.() !== 0) {
      const locked = join(folder(), "locked");
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      assert.equal(run({ dir: s.dir, store: join(locked, "f.facts") }, s.files).reads, 3);
    }
  });

  it("throws a missing file's error as a read does", () => {
    const s = setup(1);
    run(s, s.files);
    unlinkSync(s.files[0]!);
    assert.throws(() => run(s, s.files), { code: "ENOENT" });
  });
});

describe("factsStorePath", () => {
  it("is under TIDEMARK_CACHE_DIR, else XDG_CACHE_HOME, else ~/.cache, one file a folder", () => {
    const a = factsStorePath("/srv/app/migrations", { TIDEMARK_CACHE_DIR: "/c" });
    assert.match(a!, /^\/c\/folders\/[0-9a-f]{32}\.facts$/);
    assert.notEqual(a, factsStorePath("/srv/other/migrations", { TIDEMARK_CACHE_DIR: "/c" }));
    assert.match(
      factsStorePath("/m", { XDG_CACHE_HOME: "/x" })!,
      /^\/x\/tidemark\/folders\/[0-9a-f]{32}\.facts$/,
    );
    assert.match(factsStorePath("/m", {})!, /\/\.cache\/tidemark\/folders\/[0-9a-f]{32}\.facts$/);
  });

  it("is null with TIDEMARK_NO_CACHE set", () => {
    assert.equal(factsStorePath("/m", { TIDEMARK_NO_CACHE: "1", TIDEMARK_CACHE_DIR: "/c" }), null);
    assert.notEqual(
      factsStorePath("/m", { TIDEMARK_NO_CACHE: "0", TIDEMARK_CACHE_DIR: "/c" }),
      null,
    );
    assert.notEqual(
      factsStorePath("/m", { TIDEMARK_NO_CACHE: "", TIDEMARK_CACHE_DIR: "/c" }),
      null,
    );
  });
});
