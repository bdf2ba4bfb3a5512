/**
 * What a listing needs of each file without parsing it: its checksum, and whether it may hold
 * a directive. One read a file, into one reused buffer (no text kept, no promise a file), and
 * remembered by the file's stat (size, mtime, ctime, inode): a file that did not change since
 * the last listing is not read again, so a long-lived migrator lists a thousand files in a few
 * ms. The ctime catches an edit whose mtime was put back (`touch -r`, `rsync -t`).
 */
import { closeSync, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { checksumBytes } from "../core/checksum.js";
import type { FactsStore } from "./facts-store.js";

/** A file as a listing sees it. */
export interface FileFacts {
  /** {@link checksumBytes} of the file. */
  readonly checksum: string;
  /**
   * False only when the file certainly holds no `-- tidemark:` directive and no dbmate
   * `transaction:` option (no `tidemark:` or `transaction:` in any case): then parsing it
   * would find the defaults (no dependencies, a transaction, not irreversible).
   */
  readonly mayDirect: boolean;
}

interface Entry extends FileFacts {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/**
 * Facts of files by absolute path, kept while the files keep their stat. With `remember`
 * false (a process that lists a folder once, as the CLI does), nothing is kept and a file's
 * stat is not taken: Node's Stats object costs more than the read of a small file.
 */
export class FileCache {
  private entries = new Map<string, Entry>();
  private next = new Map<string, Entry>();
  private readCount = 0;

  /**
   * `store` (with `remember` false): facts kept on disk between processes, used for a file
   * whose stat is the one recorded (see FactsStore). The stat is then taken, as it is worth it.
   */
  constructor(
    private readonly remember = true,
    private readonly store: FactsStore | null = null,
  ) {}

  /** How many times a file was read so far (the rest were recognised by their stat). */
  get reads(): number {
    return this.readCount;
  }

  /** The file's facts; reads it only when it is new or its stat changed. Throws the fs error. */
  facts(path: string): FileFacts {
    if (!this.remember) {
      if (this.store !== null) return this.stored(path, this.store);
      const length = readWhole(path);
      this.readCount++;
      return factsOf(scratch, length);
    }
    const old = this.entries.get(path);
    if (old !== undefined) {
      const stats = statSync(path, { throwIfNoEntry: false });
      if (stats !== undefined && sameFile(stats, old)) {
        this.next.set(path, old);
        return old;
      }
    }
    const { stats, length } = readBytes(path);
    this.readCount++;
    const { checksum, mayDirect } = factsOf(scratch, length);
    const entry: Entry = {
      checksum,
      mayDirect,
      size: stats.size,
      mtimeMs: stats.mtimeMs,
      ctimeMs: stats.ctimeMs,
      ino: stats.ino,
    };
    this.next.set(path, entry);
    return entry;
  }

  /**
   * The facts `store` holds for the file, or the file's, read now and recorded. Its stat is
   * taken before the read: a file changed in between is recorded with the older stat, which
   * then matches it no more (it is read again next time), never the other way round.
   */
  private stored(path: string, store: FactsStore): FileFacts {
    const stats = statSync(path, { throwIfNoEntry: false });
    const known = stats === undefined ? null : store.lookup(path, stats);
    if (known !== null) return known;
    const length = readWhole(path);
    this.readCount++;
    const facts = factsOf(scratch, length);
    if (stats !== undefined) store.record(path, stats, facts);
    return facts;
  }

  /** Ends a listing: files that it did not ask about are forgotten. */
  sweep(): void {
    this.store?.flush();
    this.entries = this.next;
    this.next = new Map();
  }
}

function sameFile(stats: Stats, entry: Entry): boolean {
  return (
    stats.size === entry.size &&
    stats.mtimeMs === entry.mtimeMs &&
    stats.ctimeMs === entry.ctimeMs &&
    stats.ino === entry.ino
  );
}

// Migration files are small: read into one buffer, reused, so that listing allocates nothing a
// file (not even a view of the buffer: the bytes read are `scratch`'s first ones). They are
// valid only until the next read.
let scratch = Buffer.allocUnsafe(64 * 1024);

/** Reads the file into `scratch`: its stat, and how many bytes were read. */
function readBytes(path: string): { stats: Stats; length: number } {
  const fd = openSync(path, "r");
  try {
    const stats = fstatSync(fd);
    return { stats, length: readAll(fd, stats.size) };
  } finally {
    closeSync(fd);
  }
}

/** Reads the file into `scratch`, until its end, without its stat: how many bytes were read. */
function readWhole(path: string): number {
  const fd = openSync(path, "r");
  try {
    return readAll(fd, null);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `fd` to its end into the scratch buffer (grown when needed); how many bytes. With the
 * size fstat gave, a read that stops short of what was asked at that size ended at the end of
 * the file: no second read to learn it (one read a file, not two). Without it (`readWhole`, the
 * CLI's listing), a short read is taken as the end too: a regular file reads short only there,
 * and were one cut short anyway, its checksum would match no tracking row, so the file would be
 * read again in full and parsed (a code migration's is checked again when it is loaded).
 */
function readAll(fd: number, size: number | null): number {
  // One byte more than the size: a read that fills it shows the file grew meanwhile.
  if (size !== null && size + 1 > scratch.length) scratch = Buffer.allocUnsafe(size + 1);
  let n = 0;
  for (;;) {
    if (n === scratch.length) {
      const bigger = Buffer.allocUnsafe(scratch.length * 2);
      scratch.copy(bigger, 0, 0, n);
      scratch = bigger;
    }
    const wanted = scratch.length - n;
    const got = readSync(fd, scratch, n, wanted, null);
    if (got === 0) break;
    n += got;
    if (got < wanted && (size === null || n === size)) break;
  }
  return n;
}

/** `tidemark:` or `transaction:`, any case (ASCII letters, as the parser matches them). */
const DIRECTIVE = /(?:tidemark|transaction):/i;

/**
 * True when a `:` follows `tidemark` or `transaction` in any case (ASCII letters, as the
 * directive's case-insensitive match and dbmate's lower-cased option compare them). `latin1`:
 * the bytes as Latin-1 text, when the caller has it already.
 */
export function mayHoldDirective(
  bytes: Buffer,
  latin1: string = bytes.toString("latin1"),
): boolean {
  return DIRECTIVE.test(latin1);
}

/**
 * What a listing needs of a file's bytes (`bytes`' first `length`); both are read off one
 * Latin-1 copy of them.
 */
function factsOf(bytes: Buffer, length: number): FileFacts {
  const latin1 = bytes.toString("latin1", 0, length);
  return {
    checksum: checksumBytes(bytes, length, latin1),
    mayDirect: mayHoldDirective(bytes, latin1),
  };
}
