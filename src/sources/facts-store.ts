/**
 * What a CLI run learnt of a folder's files, kept on disk for the next run: a file whose stat
 * (size, mtime, ctime, inode) is the one recorded is not read or hashed again. The same test git
 * makes of its index, with its guard for "racily clean" files: an entry is recorded only for a
 * file whose mtime and ctime are more than a second older than the run, so that an edit made in
 * the same tick as the read (same size, same times) can never hide behind it. The ctime catches
 * an edit whose mtime was put back (`touch -r`, `rsync -t`); no tool can set it back.
 *
 * One file a folder, in binary (see {@link encode}): an entry a file, in the order the last run
 * asked for them (the order the next run asks again), so that a run walks the entries with a
 * cursor and builds no map, and compares numbers, not text. A store that cannot be read or does
 * not parse is taken as empty; every failure to read or write one is ignored (the run then
 * reads its files, as without a store).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, type Stats, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { FileFacts } from "./file-cache.js";

const MAGIC = "tidemark-facts 2 ";
const SUM = 64;
/** Numbers a line: size, mtimeMs, ctimeMs, ino. */
const STAT = 4;
const NOT_LOWER_HEX = /[^0-9a-f]/;
/** How much older than the run a file's times must be for its entry to be recorded. */
const RACY_MS = 1000;

/**
 * Where the CLI keeps the store of `root` (an absolute folder): `TIDEMARK_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/tidemark`, else `~/.cache/tidemark`. Null when `TIDEMARK_NO_CACHE` is set (to
 * anything but empty or 0), or when no home folder is known.
 */
export function factsStorePath(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const off = env.TIDEMARK_NO_CACHE;
  if (off !== undefined && off !== "" && off !== "0") return null;
  let dir = env.TIDEMARK_CACHE_DIR || null;
  if (dir === null) {
    const base = env.XDG_CACHE_HOME || safeHome();
    if (base === null) return null;
    dir = env.XDG_CACHE_HOME ? join(base, "tidemark") : join(base, ".cache", "tidemark");
  }
  const name = createHash("sha256").update(root).digest("hex").slice(0, 32);
  return join(dir, "folders", `${name}.facts`);
}

function safeHome(): string | null {
  try {
    return homedir() || null;
  } catch {
    return null;
  }
}

/** A file's entry: its stat, its facts, its path relative to the folder. */
interface Entry {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
  readonly mayDirect: boolean;
  readonly checksum: string;
  readonly path: string;
}

/** The entries of a store as read: one array a field (see {@link encode}). */
interface Entries {
  readonly count: number;
  /** STAT numbers an entry. */
  readonly stats: Float64Array;
  readonly flags: Uint8Array;
  /** Every checksum, one after the other (ASCII). */
  readonly sums: Buffer;
  /** Every path, one after the other; entry i's ends at ends[i] and starts at ends[i - 1]. */
  readonly paths: string;
  readonly ends: Int32Array;
}

const NONE: Entries = {
  count: 0,
  stats: new Float64Array(0),
  flags: new Uint8Array(0),
  sums: Buffer.alloc(0),
  paths: "",
  ends: new Int32Array(0),
};

/** The store of one folder, read when a file is first looked up, written by {@link flush}. */
export class FactsStore {
  private entries: Entries | null = null;
  private cursor = 0;
  /** Entry by path, made only when a request is not the next entry nor the first one. */
  private byPath: Map<string, number> | null = null;
  /** This pass's requests, in order: a hit's entry (≥ 0), or -1 - its index in `fresh`. */
  private order = new Int32Array(16);
  private ordered = 0;
  private used = new Uint8Array(0);
  private readonly fresh: Entry[] = [];
  private readonly freshPaths = new Set<string>();
  /** Files changed after this are not recorded (see RACY_MS). */
  private readonly recordBefore: number;

  /**
   * `file`: where the store is kept. `root`: the folder (a prefix of every path asked for; it is
   * left out of the entries, and the store names it, so that it is never read for another).
   * `racyMs`: how much older than now a file's mtime and ctime must be for it to be recorded
   * (tests shorten it).
   */
  constructor(
    private readonly file: string,
    private readonly root: string,
    racyMs = RACY_MS,
  ) {
    this.recordBefore = Date.now() - racyMs;
  }

  private open(): Entries {
    let entries = NONE;
    try {
      entries = decode(readFileSync(this.file), this.root) ?? NONE;
    } catch {
      // No store yet, or none to read: every file is read.
    }
    return this.use(entries);
  }

  /** Starts a pass over `entries`. */
  private use(entries: Entries): Entries {
    this.order = new Int32Array(Math.max(16, entries.count));
    this.used = new Uint8Array(entries.count);
    this.entries = entries;
    return entries;
  }

  /** The recorded facts of `path`, when its stat is the one recorded; null otherwise. */
  lookup(path: string, stats: Stats): FileFacts | null {
    const entries = this.entries ?? this.open();
    const rel = this.relative(path);
    if (rel === null || entries.count === 0) return null;
    let at = -1;
    if (this.cursor < entries.count && samePath(entries, this.cursor, rel)) at = this.cursor;
    else if (samePath(entries, 0, rel)) at = 0;
    else {
      this.byPath ??= index(entries);
      at = this.byPath.get(rel) ?? -1;
    }
    if (at < 0 || !sameStat(entries, at, stats)) return null;
    // Checked once a store, when it was decoded: no test a lookup.
    const checksum = entries.sums.toString("latin1", at * SUM, at * SUM + SUM);
    this.cursor = at + 1;
    if (this.used[at] === 0) {
      this.used[at] = 1;
      this.push(at);
    }
    return { checksum, mayDirect: entries.flags[at] === 1 };
  }

  /** Records what a read of `path` found, unless the file changed too recently to vouch for it. */
  record(path: string, stats: Stats, facts: FileFacts): void {
    if (this.entries === null) this.open();
    const rel = this.relative(path);
    if (rel === null || this.freshPaths.has(rel)) return;
    if (stats.mtimeMs >= this.recordBefore || stats.ctimeMs >= this.recordBefore) return;
    if (NOT_LOWER_HEX.test(facts.checksum) || facts.checksum.length !== SUM) return;
    this.freshPaths.add(rel);
    this.fresh.push({
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
      ino: stats.ino,
      mayDirect: facts.mayDirect,
      checksum: facts.checksum,
      path: rel,
    });
    this.push(-this.fresh.length);
  }

  /**
   * Ends a pass: the store is written again when it changed (files asked for in another order,
   * new entries, entries of files no longer asked for), and the next pass starts at its top.
   */
  flush(): void {
    const entries = this.entries;
    if (entries === null) return;
    let same = this.fresh.length === 0 && this.ordered === entries.count;
    for (let i = 0; same && i < this.ordered; i++) same = this.order[i] === i;
    if (!same) {
      const list: Entry[] = new Array(this.ordered);
      for (let i = 0; i < this.ordered; i++) {
        const at = this.order[i]!;
        list[i] = at >= 0 ? entryAt(entries, at) : this.fresh[-at - 1]!;
      }
      const bytes = encode(list, this.root);
      this.save(bytes);
      this.fresh.length = 0;
      this.freshPaths.clear();
      // The next pass walks what was just written (an entry a file, in this pass's order),
      // decoded from the bytes in hand rather than read back.
      this.use(decode(bytes, this.root) ?? NONE);
      this.byPath = null;
    } else {
      this.used.fill(0);
    }
    this.cursor = 0;
    this.ordered = 0;
  }

  private save(bytes: Buffer): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(temp, bytes);
      renameSync(temp, this.file);
    } catch {
      // Best effort: a run without a store reads its files.
    }
  }

  private push(entry: number): void {
    if (this.ordered === this.order.length) {
      const bigger = new Int32Array(this.order.length * 2);
      bigger.set(this.order);
      this.order = bigger;
    }
    this.order[this.ordered++] = entry;
  }

  private relative(path: string): string | null {
    const prefix = this.root.length;
    const slash = path.charCodeAt(prefix);
    if (path.length <= prefix + 1 || (slash !== 0x2f && slash !== 0x5c)) return null;
    if (!path.startsWith(this.root)) return null;
    return path.slice(prefix + 1);
  }
}

function samePath(entries: Entries, at: number, rel: string): boolean {
  const start = at === 0 ? 0 : entries.ends[at - 1]!;
  return entries.ends[at]! - start === rel.length && entries.paths.startsWith(rel, start);
}

function sameStat(entries: Entries, at: number, stats: Stats): boolean {
  const s = entries.stats;
  const i = at * STAT;
  return (
    s[i] === stats.size &&
    s[i + 1] === stats.mtimeMs &&
    s[i + 2] === stats.ctimeMs &&
    s[i + 3] === stats.ino
  );
}

function index(entries: Entries): Map<string, number> {
  const map = new Map<string, number>();
  for (let at = 0; at < entries.count; at++) {
    const start = at === 0 ? 0 : entries.ends[at - 1]!;
    map.set(entries.paths.slice(start, entries.ends[at]!), at);
  }
  return map;
}

function entryAt(entries: Entries, at: number): Entry {
  const s = entries.stats;
  const i = at * STAT;
  const start = at === 0 ? 0 : entries.ends[at - 1]!;
  return {
    size: s[i]!,
    mtimeMs: s[i + 1]!,
    ctimeMs: s[i + 2]!,
    ino: s[i + 3]!,
    mayDirect: entries.flags[at] === 1,
    checksum: entries.sums.toString("latin1", at * SUM, at * SUM + SUM),
    path: entries.paths.slice(start, entries.ends[at]!),
  };
}

/**
 * The store's bytes: the line `tidemark-facts 2 <folder>`, zero bytes up to a multiple of 8,
 * then (little-endian) the number of entries and the length of the paths as text, as two
 * 32-bit numbers; each entry's size, mtimeMs, ctimeMs and inode as 64-bit floats; where each
 * path ends in the paths' text (32-bit); a byte an entry, 1 when the file may hold a directive;
 * the checksums (64 ASCII hex digits each); the paths, in UTF-8, one after the other.
 */
function encode(list: readonly Entry[], root: string): Buffer {
  const head = headerOf(root);
  const paths = list.map((e) => e.path).join("");
  const pathBytes = Buffer.byteLength(paths);
  const count = list.length;
  const statsAt = head.length + 8;
  const endsAt = statsAt + count * STAT * 8;
  const flagsAt = endsAt + count * 4;
  const sumsAt = flagsAt + count;
  const pathsAt = sumsAt + count * SUM;
  const out = Buffer.alloc(pathsAt + pathBytes);
  head.copy(out, 0);
  out.writeUInt32LE(count, head.length);
  out.writeUInt32LE(paths.length, head.length + 4);
  let end = 0;
  for (let i = 0; i < count; i++) {
    const e = list[i]!;
    const at = statsAt + i * STAT * 8;
    out.writeDoubleLE(e.size, at);
    out.writeDoubleLE(e.mtimeMs, at + 8);
    out.writeDoubleLE(e.ctimeMs, at + 16);
    out.writeDoubleLE(e.ino, at + 24);
    end += e.path.length;
    out.writeInt32LE(end, endsAt + i * 4);
    out[flagsAt + i] = e.mayDirect ? 1 : 0;
    out.write(e.checksum, sumsAt + i * SUM, "latin1");
  }
  out.write(paths, pathsAt, "utf8");
  return out;
}

/** The entries `bytes` holds for `root`; null when they are not a store of it. */
function decode(bytes: Buffer, root: string): Entries | null {
  const head = headerOf(root);
  if (bytes.length < head.length + 8 || !head.equals(bytes.subarray(0, head.length))) return null;
  const count = bytes.readUInt32LE(head.length);
  const pathChars = bytes.readUInt32LE(head.length + 4);
  const statsAt = head.length + 8;
  const endsAt = statsAt + count * STAT * 8;
  const flagsAt = endsAt + count * 4;
  const sumsAt = flagsAt + count;
  const pathsAt = sumsAt + count * SUM;
  if (bytes.length < pathsAt) return null;
  // Views of the bytes read, not copies: the header is padded to a multiple of 8, and a buffer
  // read whole starts at an offset of 0 (a copy is made for one that does not).
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : Buffer.from(bytes);
  const base = aligned.byteOffset;
  const stats = new Float64Array(aligned.buffer, base + statsAt, count * STAT);
  const ends = new Int32Array(aligned.buffer, base + endsAt, count);
  const flags = aligned.subarray(flagsAt, sumsAt);
  const sums = aligned.subarray(sumsAt, pathsAt);
  const paths = aligned.toString("utf8", pathsAt);
  // Every checksum tested at once, as text (a loop over the bytes would run uncompiled).
  if (paths.length !== pathChars || NOT_LOWER_HEX.test(sums.toString("latin1"))) return null;
  for (let i = 0; i < count; i++) {
    if (ends[i]! < (i === 0 ? 0 : ends[i - 1]!) || ends[i]! > pathChars) return null;
  }
  return { count, stats, flags, sums, paths, ends };
}

/** The store's first line, padded with zero bytes to a multiple of 8. */
function headerOf(root: string): Buffer {
  const line = Buffer.from(`${MAGIC}${root}\n`);
  const padded = Buffer.alloc(Math.ceil(line.length / 8) * 8);
  line.copy(padded);
  return padded;
}
