/**
 * Migrations from a folder and its subfolders (SPEC §2). `list()` hashes every file but parses
 * only what must be parsed: a file unchanged since it was applied was parsed then. It keeps no
 * SQL: `load()` reads the file(s) again when the executor runs the migration.
 */
import { readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { checksum } from "../core/checksum.js";
import { monotonicMs } from "../core/clock.js";
import { messageOf, TidemarkError } from "../core/errors.js";
import type {
  AppliedDigest,
  AppliedMatcher,
  ListOptions,
  LoadedMigration,
  MigrationInfo,
  MigrationSource,
  SqlBody,
} from "../core/migration.js";
import { DigestLines } from "../core/noop-check.js";
import { codeBodies, importCodeMigration } from "./code-migration.js";
import { FactsStore } from "./facts-store.js";
import { FileCache, type FileFacts } from "./file-cache.js";
import { classifyFile, type NamedFile } from "./file-names.js";
import { listFiles } from "./folder-walk.js";
import {
  checkDuplicateVersions,
  compareMigrations,
  type DependencyRef,
  type MigrationFiles,
  pairFiles,
  resolveDependencies,
  sqlFacts,
} from "./migration-files.js";
import { parseDownFile, parseSqlFile } from "./sql-file.js";

interface Draft {
  readonly info: MigrationInfo;
  readonly depends: readonly DependencyRef[] | null;
}

/** A migration's files with what a read (not a parse) learnt of them. */
interface Hashed extends MigrationFiles {
  readonly facts: FileFacts;
  readonly downFacts: FileFacts | null;
}

const NOTHING_KNOWN: ReadonlyMap<string, string> = new Map();

/** A {@link MigrationSource} over the files of one folder tree. */
export class DirectorySource implements MigrationSource {
  /** Absolute path of the folder. */
  readonly root: string;
  /** Checksums by stat, kept for as long as this source lives (an app's migrator). */
  private readonly files: FileCache;
  /**
   * What each file's name says, by path: names are read again only when the folder changes.
   * Null without the stat cache: a process that lists once keeps nothing.
   */
  private names: Map<string, NamedFile | null> | null;
  /** The app this folder holds (config `apps`); null without apps. */
  readonly app: string | null;

  /**
   * `dir` is resolved against the current directory now, and shown as given in messages.
   * `statCache: false` suits a process that lists the folder once or twice (the CLI): files are
   * read without their stat and read again at every listing. Default: true. `app` names the
   * app the folder holds (config `apps`): `depends` may then name another app's migrations.
   * `factsStore` (with `statCache: false`): a file where what was learnt of the files is kept
   * for the next process (see FactsStore; the CLI's is from factsStorePath).
   */
  constructor(
    readonly dir: string,
    options: {
      readonly statCache?: boolean;
      readonly app?: string;
      readonly factsStore?: string | null;
    } = {},
  ) {
    this.root = resolve(dir);
    this.app = options.app ?? null;
    const remember = options.statCache !== false;
    const store =
      !remember && options.factsStore ? new FactsStore(options.factsStore, this.root) : null;
    this.files = new FileCache(remember, store);
    this.names = options.statCache !== false ? new Map() : null;
  }

  /**
   * Every migration in the folder tree: versioned ones by version, then repeatable ones by
   * name. Files are identified by their path relative to the folder (`2025/001_a.sql`).
   * With `known` (see {@link ListOptions}), an applied file whose checksum matches is hashed,
   * not parsed.
   */
  async list(options: ListOptions = {}): Promise<readonly MigrationInfo[]> {
    // Every file is read (and hashed) now, while the caller reads the tracking rows: the event
    // loop gets a turn first and every few ms, so that the caller's connection is opened, its
    // query sent and its rows received during the reads, not after them.
    const turn = new EventLoopTurns();
    await turn.now();
    const migrations = this.pairs();
    // Index loops: a for-of in code run once a process allocates an iterator result a step.
    const hashed: Hashed[] = [];
    for (let i = 0; i < migrations.length; i++) {
      const m = migrations[i]!;
      const downFacts = m.down && this.facts(m.down.file);
      hashed.push({ up: m.up, down: m.down, facts: this.facts(m.up.file), downFacts });
      if ((hashed.length & 63) === 0 && turn.due()) await turn.now();
    }
    this.files.sweep();
    const known = (await options.known) ?? NOTHING_KNOWN;
    // SQL files are described synchronously (a thousand promises cost more than the reads);
    // code migrations are imported one after the other, in name order, as before.
    const drafts: Draft[] = [];
    for (let i = 0; i < hashed.length; i++) {
      const m = hashed[i]!;
      if (m.up.format === "code") drafts.push(await this.describeCode(m));
      else if (unchanged(m, known)) drafts.push(describeUnparsed(m));
      else drafts.push(this.describeSql(m));
    }
    return resolveDependencies(drafts, this.app).sort(compareMigrations);
  }

  /**
   * See {@link MigrationSource.appliedMatcher}: the folder's names are read and paired as
   * `list()` pairs them (and refused as it refuses them); a file is read (or, with the stat
   * cache, recognised by its stat) when its row comes, and only its checksum is compared.
   * Null when the folder holds a code migration. With `digestOnly`, the usual folder of a process
   * that lists it once (see digestOrder; a long-lived migrator keeps its names anyway) is
   * answered with an AppliedDigest instead, which keeps nothing a migration.
   */
  appliedMatcher(
    options: { readonly digestOnly?: boolean } = {},
  ): AppliedMatcher | AppliedDigest | null {
    const files = listFiles(this.root, this.dir).sort();
    if (options.digestOnly && this.names === null) {
      const order = digestOrder(files);
      if (order !== null) return this.digestLook(files, order);
    }
    const migrations = this.pairs(files);
    for (let i = 0; i < migrations.length; i++) {
      if (migrations[i]!.up.format === "code") return null;
    }
    // Migrations by id, made when the first row is matched (a digest needs none).
    let index: Map<string, number> | undefined;
    const indexed = () => {
      index = new Map();
      for (let i = 0; i < migrations.length; i++) {
        const { up } = migrations[i]!;
        index.set(up.version ?? `R__${up.name}`, i);
      }
      return index;
    };
    // What a read learnt of each migration: its up file's checksum, or null when a file of it
    // may hold a directive; undefined until read.
    const sums: (string | null | undefined)[] = new Array(migrations.length);
    const read = (i: number): string | null => {
      const { up, down } = migrations[i]!;
      const facts = this.facts(up.file);
      const plain = !facts.mayDirect && !(down !== null && this.facts(down.file).mayDirect);
      const sum = plain ? facts.checksum : null;
      sums[i] = sum;
      return sum;
    };
    const matched = new Uint8Array(migrations.length);
    let count = 0;
    let ahead = 0;
    return {
      size: migrations.length,
      match: (id, checksum) => {
        const i = (index ?? indexed()).get(id);
        if (i === undefined || matched[i] === 1) return false;
        // As list() decides that a file need not be parsed (see `unchanged`).
        if ((sums[i] ?? read(i)) !== checksum) return false;
        sums[i] = undefined;
        matched[i] = 1;
        count++;
        return true;
      },
      complete: () => {
        if (count !== migrations.length) return false;
        // Every file was read: what the stat cache holds is this listing's.
        this.files.sweep();
        return true;
      },
      checksums: () => {
        const ids: string[] = new Array(migrations.length);
        for (let i = 0; i < migrations.length; i++) {
          const { up } = migrations[i]!;
          ids[i] = up.version ?? `R__${up.name}`;
          if (sums[i] === undefined) read(i);
        }
        this.files.sweep();
        return { ids, sums: sums as (string | null)[] };
      },
      readAhead: (until) =>
        stepUntil(until, () => {
          if (ahead === migrations.length) return false;
          if (matched[ahead] === 0 && sums[ahead] === undefined) read(ahead);
          ahead++;
          return true;
        }),
    };
  }

  /**
   * The {@link AppliedDigest} of appliedMatcher({ digestOnly }) for `files`, the folder's sorted
   * paths, when digestOrder() found its migrations in them: the usual folder of a process that
   * lists it once (the CLI). Of the migrations, only where their files are is kept: each one's
   * id is cut from its file's name again as the file is read (see idOf), so that no string a
   * migration outlives the read (ten thousand kept strings would make V8 grow its young heap).
   */
  private digestLook(files: readonly string[], order: DigestOrder): AppliedDigest {
    const lines = new DigestLines();
    let next = 0;
    let plain = true;
    // The next migration file's line into the hash; false when there is none left, or once a
    // file may hold a directive (no digest then).
    const step = (): boolean => {
      if (!plain || next === order.at.length) return false;
      const file = files[order.at[next]!]!;
      const facts = this.facts(file);
      if (facts.mayDirect) plain = false;
      else lines.add(idOf(file, next < order.versioned, order.length), facts.checksum);
      next++;
      return plain;
    };
    return {
      size: order.at.length,
      readAhead: (until) => stepUntil(until, step),
      digest: () => {
        while (step()) {}
        if (!plain) return null;
        this.files.sweep();
        return lines.digest();
      },
    };
  }

  /** Reads the migration's file(s) again; E_CHECKSUM when the up file changed since `list()`. */
  async load(info: MigrationInfo): Promise<LoadedMigration> {
    const text = this.read(info.file);
    if (checksum(text) !== info.checksum) {
      throw new TidemarkError("E_CHECKSUM", `${info.file} changed while tidemark was running`, {
        file: info.file,
        version: info.version ?? undefined,
        hint: "Run the command again.",
      });
    }
    if (info.format === "code") {
      const mod = await importCodeMigration(join(this.root, info.file), info.file);
      return { info, ...codeBodies(mod, info.file) };
    }
    const parsed = parseSqlFile(text, info.file);
    const up: SqlBody = {
      kind: "sql",
      sql: parsed.up.sql,
      file: info.file,
      line: parsed.up.line,
      lint: {
        disable: parsed.disabledRules,
        disableNext: parsed.disabledNext,
        irreversible: parsed.irreversible,
      },
    };
    const downFile =
      info.downFile === null
        ? null
        : { file: info.downFile, parsed: parseDownFile(this.read(info.downFile), info.downFile) };
    // Decided from the text, not from `info`: a descriptor listed without parsing does not know.
    const named = classifyFile(info.file);
    if (named === null || !sqlFacts(named, parsed, downFile).reversible) {
      return { info, up, down: null };
    }
    const section = downFile?.parsed.up ?? parsed.down;
    const down: SqlBody | null = section && {
      kind: "sql",
      sql: section.sql,
      file: downFile?.file ?? info.file,
      line: section.line,
    };
    return { info, up, down };
  }

  /** The up file's text as it is now. */
  async readText(info: MigrationInfo): Promise<string> {
    return this.read(info.file);
  }

  private describeSql({ up, down }: MigrationFiles): Draft {
    const text = this.read(up.file);
    const downFile = down && {
      file: down.file,
      parsed: parseDownFile(this.read(down.file), down.file),
    };
    const facts = sqlFacts(up, parseSqlFile(text, up.file), downFile);
    return { info: infoOf(up, down, checksum(text), facts), depends: facts.depends };
  }

  private async describeCode({ up, facts }: Hashed): Promise<Draft> {
    const mod = await importCodeMigration(join(this.root, up.file), up.file);
    const depends = mod.dependsOn?.map((version) => ({ version, file: up.file, line: undefined }));
    const info = infoOf(up, null, facts.checksum, {
      transaction: mod.transaction,
      reversible: mod.down !== null,
    });
    return { info, depends: depends ?? null };
  }

  /**
   * The folder's migrations as its names pair them; throws for bad or duplicate names. `files`:
   * its paths, sorted by path (natively: pairing then needs no sort with a comparator of its own).
   */
  private pairs(files = listFiles(this.root, this.dir).sort()): MigrationFiles[] {
    const migrations = pairFiles(this.classify(files));
    checkDuplicateVersions(migrations);
    return migrations;
  }

  /** The migration files among `files`, each name read once for as long as it is there. */
  private classify(files: readonly string[]): NamedFile[] {
    const known = this.names;
    const names = known && new Map<string, NamedFile | null>();
    const out: NamedFile[] = [];
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const named = known?.has(file) ? known.get(file)! : classifyFile(file);
      names?.set(file, named);
      if (named !== null) out.push(named);
    }
    this.names = names;
    return out;
  }

  private facts(file: string): FileFacts {
    try {
      // Concatenated, not joined: `file` is relative and clean, and join() costs a µs a file.
      return this.files.facts(`${this.root}${sep}${file}`);
    } catch (err) {
      throw readError(file, err);
    }
  }

  private read(file: string): string {
    try {
      return readFileSync(join(this.root, file), "utf8");
    } catch (err) {
      throw readError(file, err);
    }
  }
}

/**
 * The migrations of a folder's sorted paths, in order: the index of each one's file (the first
 * `versioned` are versioned, with versions `length` long; the others repeatable).
 */
interface DigestOrder {
  readonly at: Uint32Array;
  readonly versioned: number;
  readonly length: number;
}

/**
 * The id of the migration whose file is `file`, cut from the file's name: a versioned one's is
 * its name's first `length` characters (its version), a repeatable one's its name without `.sql`
 * (`R__name`). digestOrder() checks that each is the migration's classified id.
 */
function idOf(file: string, versioned: boolean, length: number): string {
  const base = file.slice(file.lastIndexOf("/") + 1);
  return versioned ? base.slice(0, length) : base.slice(0, -".sql".length);
}

/**
 * The migrations `files` (sorted paths) hold, when each is one SQL file (no separate down file,
 * no Flyway name), every version is digits of one length, and each id is greater than the one
 * before (they are then distinct, paired as `list()` pairs them, and in the digest's order; see
 * DirectorySource.digestLook); null otherwise. Throws as classifyFile throws for a migration
 * file whose name has no version.
 */
function digestOrder(files: readonly string[]): DigestOrder | null {
  const at = new Uint32Array(files.length);
  let size = 0;
  let versioned = 0;
  let length = -1;
  let previous = "";
  for (let i = 0; i < files.length; i++) {
    const named = classifyFile(files[i]!);
    if (named === null) continue;
    if (named.role !== "up" || named.layout !== "single" || named.format !== "sql") return null;
    const { version } = named;
    if (version !== null) {
      if (length === -1) length = version.length;
      if (version.length !== length || !DIGITS.test(version)) return null;
      // Versioned ids (digits) sort before repeatable ones (`R__`): these come first.
      if (versioned !== size) return null;
      versioned++;
    }
    const id = version ?? `R__${named.name}`;
    if ((size > 0 && id <= previous) || id.includes("\n")) return null;
    if (idOf(files[i]!, version !== null, length) !== id) return null;
    at[size] = i;
    previous = id;
    size++;
  }
  return { at: at.subarray(0, size), versioned, length };
}

const DIGITS = /^[0-9]+$/;

/**
 * Calls `step` until it returns false or `until` settles, giving the event loop a turn every
 * few ms (see EventLoopTurns): files are read ahead while a query or a connection is awaited.
 */
async function stepUntil(until: Promise<unknown>, step: () => boolean): Promise<void> {
  let settled = false;
  const done = () => {
    settled = true;
  };
  until.then(done, done);
  const turn = new EventLoopTurns();
  await turn.now();
  let steps = 0;
  while (!settled && step()) {
    if ((++steps & 63) === 0 && turn.due()) await turn.now();
  }
}

/**
 * Gives the event loop a turn (a macrotask: I/O callbacks run, not only promise callbacks),
 * at most every {@link EventLoopTurns.everyMs} ms: a turn costs some µs, a file some µs too.
 */
class EventLoopTurns {
  static readonly everyMs = 2;
  private last = 0;

  now(): Promise<void> {
    this.last = monotonicMs();
    return new Promise((resolve) => setImmediate(resolve));
  }

  due(): boolean {
    return monotonicMs() - this.last >= EventLoopTurns.everyMs;
  }
}

/**
 * True when the row says the migration was applied from this very up file, and neither of its
 * files may hold a directive: then parsing would find what it found when it was applied.
 */
function unchanged(m: Hashed, known: ReadonlyMap<string, string>): boolean {
  const id = m.up.version ?? `R__${m.up.name}`;
  return known.get(id) === m.facts.checksum && !m.facts.mayDirect && !m.downFacts?.mayDirect;
}

/** An applied, unchanged SQL migration: no directive, so no dependency and a transaction. */
function describeUnparsed({ up, down, facts }: Hashed): Draft {
  const info = infoOf(up, down, facts.checksum, {
    transaction: "auto",
    reversible: up.kind === "versioned",
  });
  return { info, depends: null };
}

/** A descriptor (dependencies are resolved later), written out: no spread a migration. */
function infoOf(
  up: NamedFile,
  down: NamedFile | null,
  sum: string,
  how: Pick<MigrationInfo, "transaction" | "reversible">,
): MigrationInfo {
  return {
    id: up.version ?? `R__${up.name}`,
    version: up.version,
    name: up.name,
    kind: up.kind,
    file: up.file,
    downFile: down?.file ?? null,
    checksum: sum,
    dependsOn: null,
    transaction: how.transaction,
    reversible: how.reversible,
    format: up.format,
  };
}

function readError(file: string, err: unknown): TidemarkError {
  // Node's message repeats the path (", open '/abs/path'"): the file is named once, first.
  const reason = messageOf(err).replace(/, \w+ '.*'$/, "");
  return new TidemarkError("E_IO", `${file} could not be read: ${reason}`, { file, cause: err });
}
