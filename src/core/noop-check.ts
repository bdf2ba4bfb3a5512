/**
 * A no-op `up` over a long history, answered without a descriptor or a record a migration
 * (issue 8). The folder's names are paired and each file is hashed once; then either the
 * engine digests the rows (Dialect.digestSql: PostgreSQL, PGlite, SQLite) and the digests are
 * compared, or (MySQL) each tracking row, as it comes, is matched with its file and dropped. Memory
 * holds the names and checksums, not the history. Anything this look cannot vouch for (a
 * pending or missing file, a failed row, an edited file, a directive, a code migration) is a
 * "no": the run then looks the usual way, and says what there is to say.
 */
import { createHash } from "node:crypto";
import type { AppliedRecord, AppliedStamped, HistoryStore } from "./history.js";
import type { MigrationSource } from "./migration.js";

/**
 * True when `record` says its migration was applied from SQL with everything `down` needs in
 * the row (its down SQL; a repeatable needs none): a file whose checksum matches it was parsed
 * when it was applied, and need not be parsed again (see ListOptions.known).
 */
export function describedByRow(record: AppliedRecord): boolean {
  return (
    record.status === "applied" &&
    record.format === "sql" &&
    (record.rollbackSql !== null || record.kind === "repeatable")
  );
}

/** What {@link everythingApplied} found: every migration applied exactly as its files are now. */
export interface AllApplied {
  /** How many migrations the folder holds. */
  readonly size: number;
  /**
   * The digest the server made of the rows, the folder's own (see folderDigest), when the look
   * compared digests (absent when it matched rows one by one).
   */
  readonly digest?: string;
  /**
   * With `withApplied`, where the engine could: the applied rows, read in the statement that
   * made the digest (so they are the rows digested).
   */
  readonly applied?: AppliedStamped;
}

/**
 * What `source` holds (see {@link AllApplied}), when every migration is applied exactly as its
 * files are now and no row says anything else: a plain `up` (to the head, no resume) then has
 * nothing to do, no note and no warning. Null when in doubt. Folder errors are thrown first,
 * as `list()` throws them. `digestOnly`: the engine digests its rows (the caller knows it from
 * the dialect): the source may then make its digest as it reads, keeping nothing a migration
 * (see AppliedDigest). `withApplied` (`status`): the server reads the applied rows with its
 * digest (see HistoryStore.digest), while the files are read.
 */
export async function everythingApplied(
  source: MigrationSource,
  history: () => Promise<HistoryStore>,
  options: { readonly digestOnly?: boolean; readonly withApplied?: boolean } = {},
): Promise<AllApplied | null> {
  // The session opens while the folder's names are read and its files hashed ahead.
  const opening = history();
  opening.catch(() => undefined);
  // A turn of the event loop first: the session's opening runs up to its connect (promise
  // callbacks only run between tasks), so that the server is reached while the names are read.
  await new Promise((resolve) => setImmediate(resolve));
  const reader = source.appliedMatcher?.({ digestOnly: options.digestOnly }) ?? null;
  if (reader === null) return null;
  const look = "digest" in reader ? reader : null;
  const matcher = "digest" in reader ? null : reader;
  await reader.readAhead?.(opening);
  const store = await opening;
  // The server digests the rows while the files are read (see Dialect.digestSql).
  const digesting = store.digest({ withApplied: options.withApplied });
  digesting.catch(() => undefined);
  await reader.readAhead?.(digesting);
  const server = await digesting;
  const size = reader.size;
  // The digest failed: no tracking table yet (or one of a layout before 3), nothing to compare.
  if (server === null) return null;
  if (server !== undefined) {
    if (server.rows !== size) return null;
    const digest = look !== null ? look.digest() : folderDigest(matcher!.checksums());
    if (digest !== server.digest) return null;
    const applied = server.applied?.();
    return applied === undefined ? { size, digest } : { size, digest, applied };
  }
  // No digest (the caller said there would be one): the usual look answers.
  if (matcher === null) return null;
  // The rows, one at a time. A pending or missing file shows in the count first.
  const counting = store.countApplied();
  counting.catch(() => undefined);
  await matcher.readAhead?.(counting);
  if ((await counting) !== size) return null;
  let all = true;
  const read = await store.eachBrief((record) => {
    if (all && !(describedByRow(record) && matcher.match(record.id, record.checksum))) all = false;
  });
  return read && all && matcher.complete() ? { size } : null;
}

/**
 * The digest Dialect.digestSql makes of the rows, made of the files: `id checksum` and a
 * newline each, in the byte order of the ids (JavaScript's order of strings is the same for
 * every id without characters outside the Basic Multilingual Plane; for one with them, the
 * digests may differ, and the usual look then runs). Null when a migration may hold a directive,
 * or an id holds a newline (its line could be read two ways).
 */
export function folderDigest(files: {
  readonly ids: readonly string[];
  readonly sums: readonly (string | null)[];
}): string | null {
  const { ids, sums } = files;
  // Index loops, and no sort when the ids come in order (zero-padded versions in one folder
  // do): this runs once a command, not optimised.
  let sorted = true;
  for (let i = 0; i < ids.length; i++) {
    if (sums[i] === null || ids[i]!.includes("\n")) return null;
    if (i > 0 && ids[i - 1]! > ids[i]!) sorted = false;
  }
  const order = Array.from(ids, (_, i) => i);
  if (!sorted) order.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const lines = new DigestLines();
  for (let i = 0; i < order.length; i++) lines.add(ids[order[i]!]!, sums[order[i]!]!);
  return lines.digest();
}

/**
 * The hash of {@link folderDigest}'s text, fed some hundred lines at a time, each chunk one flat
 * text: neither a string a line nor one text of them all is made (ten thousand lines, while
 * everything else of the run is held). Lines must come in the ids' order.
 */
export class DigestLines {
  private readonly hash = createHash("sha256");
  private readonly parts: string[] = [];

  add(id: string, checksum: string): void {
    this.parts.push(id, " ", checksum, "\n");
    if (this.parts.length >= 1024) this.flush();
  }

  /** The digest, in hex, of every line added. Call once. */
  digest(): string {
    this.flush();
    return this.hash.digest("hex");
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.hash.update(this.parts.join(""));
    this.parts.length = 0;
  }
}
