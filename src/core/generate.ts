/**
 * `diff` and `generate` (SPEC §5, §8). `diff` reads two schema sources and returns the DDL
 * between them. `generate` builds the migrations' schema and the desired one in throw-away
 * databases, writes the change as new migration files (enum values added first and indexes on
 * existing tables CONCURRENTLY, each in a no-transaction migration of its own), and proves
 * them before anything is written: in a third throw-away database it applies the migrations,
 * then the new ones (the schema must equal the desired one), then their downs (the schema must
 * equal the migrations' one again).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { onlyAddsValues, planChange } from "../schema/change-plan.js";
import { compareSnapshots, type SchemaDifference } from "../schema/compare.js";
import {
  type ChangeOptions,
  type ChangeStatement,
  changeSql,
  directedChange,
  type Rename,
  renamedKey,
} from "../schema/schema-change.js";
import { type Shadow, withShadow } from "../schema/shadow.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { DirectorySource } from "../sources/directory-source.js";
import { messageOf, TidemarkError } from "./errors.js";
import type { MigrationInfo } from "./migration.js";
import { type NewFormat, writeNewMigration } from "./scaffold.js";
import {
  buildSchema,
  readUrlSchema,
  type SchemaSourceKind,
  type SourceHost,
  sourceKind,
} from "./schema-sources.js";
import type { ShadowMigrator } from "./verify.js";

/** What diff and generate need from the migrator. */
export interface GenerateHost extends SourceHost {
  /** The database URL: its engine (and server) makes the throw-away databases. */
  readonly url: string;
  /** The migrations folder. */
  readonly dir: string;
  list(): Promise<readonly MigrationInfo[]>;
}

export interface SchemaSourceOptions {
  /** Server (or `pglite:memory`) to build folders and `.sql` files on; default: the URL's own. */
  readonly shadowUrl?: string;
  /** Accepted renames, `schema.table[.column]` to a new bare name. */
  readonly renames?: readonly Rename[];
}

export interface DiffOptions extends SchemaSourceOptions {
  /** The schema to start from: a URL, a migrations folder or a `.sql` schema file/folder. */
  readonly from: string;
  /** The schema to arrive at, as `from`. */
  readonly to: string;
}

export interface DiffReport {
  readonly from: { readonly source: string; readonly kind: SchemaSourceKind };
  readonly to: { readonly source: string; readonly kind: SchemaSourceKind };
  /** True when there is nothing to do. */
  readonly equal: boolean;
  /** The statements that turn `from` into `to`, and the ones that turn it back. */
  readonly up: readonly ChangeStatement[];
  readonly down: readonly ChangeStatement[];
  /** `up` as a script, with its notes as comments. */
  readonly sql: string;
  readonly warnings: readonly string[];
}

/** Reads both sources and returns the DDL between them. */
export async function diffSchemas(host: GenerateHost, options: DiffOptions): Promise<DiffReport> {
  // Compared with a database, a folder or schema file is built on that database's server.
  const url = [options.from, options.to].find((spec) => sourceKind(spec) === "url");
  const on = url === undefined ? host : { ...host, url };
  const from = await readSource(on, options.from, options);
  const to = await readSource(on, options.to, options);
  const change = bothWays(from.snapshot, to.snapshot, { renames: options.renames });
  return {
    from: { source: options.from, kind: from.kind },
    to: { source: options.to, kind: to.kind },
    equal: change.up.statements.length === 0,
    up: change.up.statements,
    down: change.down.statements,
    sql: changeSql(change.up.statements),
    warnings: change.up.warnings,
  };
}

async function readSource(
  host: GenerateHost,
  spec: string,
  options: SchemaSourceOptions,
): Promise<{ kind: SchemaSourceKind; snapshot: SchemaSnapshot }> {
  const kind = sourceKind(spec);
  if (kind === "url") return { kind, snapshot: await readUrlSchema(spec, host) };
  const snapshot = await inShadow(host, options, (shadow) => buildSchema(shadow, spec, kind, host));
  return { kind, snapshot };
}

function inShadow<T>(
  host: GenerateHost,
  options: SchemaSourceOptions,
  fn: (shadow: Shadow) => Promise<T>,
): Promise<T> {
  const base = options.shadowUrl ?? host.url;
  return withShadow(
    base,
    { shadowUrl: options.shadowUrl, applicationName: host.applicationName },
    fn,
  );
}

function bothWays(from: SchemaSnapshot, to: SchemaSnapshot, options: ChangeOptions) {
  const back = (options.renames ?? []).map((r) => ({
    from: renamedKey(r),
    to: r.from.slice(r.from.lastIndexOf(".") + 1),
  }));
  return {
    up: directedChange(from, to, options),
    down: directedChange(to, from, { ...options, renames: back }),
  };
}

export interface GenerateOptions extends SchemaSourceOptions {
  /** The desired schema: a `.sql` file or a folder of them. */
  readonly schema: string;
  /** Only compare: write nothing; `upToDate` says whether the migrations match the schema. */
  readonly check?: boolean;
  /** Write the migration even when the proof finds what it could not express. */
  readonly force?: boolean;
  /** File format; default: the folder's own (paired when its newest migration is), else `sql`. */
  readonly format?: Exclude<NewFormat, "ts">;
  /** Fixed clock, for tests. */
  readonly now?: Date;
}

/** One migration `generate` writes (or would write). */
export interface GeneratedMigration {
  readonly name: string;
  readonly up: string;
  readonly down: string;
  /** Runs outside a transaction (enum values, CONCURRENTLY indexes). */
  readonly noTransaction: boolean;
  /** Paths written, relative to the current folder; empty when nothing was written. */
  readonly files: readonly string[];
}

export interface GenerateReport {
  /** The migrations already build the desired schema. */
  readonly upToDate: boolean;
  /** What the migrations' schema lacks or has too much, desired schema first. */
  readonly differences: readonly SchemaDifference[];
  readonly migrations: readonly GeneratedMigration[];
  readonly warnings: readonly string[];
  /** What the proof found: differences after the up (`up`) or after the down (`down`). */
  readonly proof: {
    readonly up: readonly SchemaDifference[];
    readonly down: readonly SchemaDifference[];
    /** The generated up or down failed to run (then its differences are empty). */
    readonly error?: string;
  } | null;
  /** Files were written. */
  readonly written: boolean;
}

/** Compares the migrations with the schema and writes the migration between them; see the module comment. */
export async function generateMigration(
  host: GenerateHost,
  name: string,
  options: GenerateOptions,
): Promise<GenerateReport> {
  const kind = sourceKind(options.schema);
  if (kind !== "sql")
    throw new TidemarkError(
      "E_USAGE",
      `--schema ${options.schema} is not a .sql schema file or folder`,
      {
        hint: "Give the file (or folder of .sql files) that describes the schema you want.",
      },
    );
  const existing = existsSync(host.dir) ? await host.list() : [];
  const desired = await inShadow(host, options, (s) => buildSchema(s, options.schema, "sql", host));
  const current = await inShadow(host, options, (s) => migrationsSchema(s, host, existing));
  const comparison = compareSnapshots(desired, current);
  const steps = splitChange(current, desired, { renames: options.renames });
  const upToDate = steps.length === 0;
  const base = {
    upToDate,
    differences: comparison.differences,
    warnings: steps.flatMap((s) => s.warnings),
  };
  if (upToDate || options.check) {
    return {
      ...base,
      migrations: steps.map((s) => ({ ...s, files: [] })),
      proof: null,
      written: false,
    };
  }
  const format = options.format ?? folderFormat(existing);
  const proved = await inShadow(host, options, (s) =>
    prove(s, host, existing, steps, { format, name, now: options.now }, { current, desired }),
  );
  const failed =
    proved.proof.up.length > 0 || proved.proof.down.length > 0 || proved.proof.error !== undefined;
  const written = !failed || options.force === true;
  const migrations = steps.map((s, i) => ({
    ...s,
    files: written ? copyInto(proved.folder, proved.written[i]!, host.dir) : [],
  }));
  rmSync(proved.folder, { recursive: true, force: true });
  return { ...base, migrations, proof: proved.proof, written };
}

async function migrationsSchema(
  shadow: Shadow,
  host: GenerateHost,
  existing: readonly MigrationInfo[],
): Promise<SchemaSnapshot> {
  if (existing.length === 0) return readUrlSchema(shadow.url, host);
  return buildSchema(shadow, host.dir, "migrations", host);
}

interface Step {
  readonly name: string;
  readonly up: string;
  readonly down: string;
  readonly noTransaction: boolean;
  readonly warnings: readonly string[];
}

/**
 * The change cut into migrations through two in-between schemas: `withValues` (enum values
 * appended, outside a transaction) and `withoutIndexes` (the desired schema but for the new
 * indexes on tables that exist now, which go last, CONCURRENTLY). Empty steps are left out.
 */
function splitChange(
  current: SchemaSnapshot,
  desired: SchemaSnapshot,
  options: ChangeOptions,
): Step[] {
  const appended = new Map(
    planChange(current, desired)
      .enums.changed.filter(([x, y]) => onlyAddsValues(x, y))
      .map(([, y]) => [y.name, y]),
  );
  const withValues = { ...current, enums: current.enums.map((e) => appended.get(e.name) ?? e) };
  const late = new Map(
    planChange(withValues, desired).tables.map((t) => [t.to.name, new Set(t.addedIndexes)]),
  );
  const concurrent = current.engine === "postgres";
  const withoutIndexes: SchemaSnapshot = concurrent
    ? {
        ...desired,
        tables: desired.tables.map((t) => ({
          ...t,
          indexes: t.indexes.filter((i) => !late.get(t.name)?.has(i)),
        })),
      }
    : desired;
  const step = (suffix: string, a: SchemaSnapshot, b: SchemaSnapshot, o: ChangeOptions): Step[] => {
    const change = bothWays(a, b, o);
    if (change.up.statements.length === 0) return [];
    const noTransaction =
      change.up.statements.some((s) => s.noTransaction) ||
      change.down.statements.some((s) => s.noTransaction);
    return [
      {
        name: suffix,
        up: changeSql(change.up.statements),
        down: changeSql(change.down.statements),
        noTransaction,
        warnings: change.up.warnings,
      },
    ];
  };
  return [
    ...step("enum_values", current, withValues, {}),
    ...step("", withValues, withoutIndexes, options),
    ...step("indexes", withoutIndexes, desired, { concurrentIndexes: true }),
  ];
}

/** `paired` when the newest migration is a `.up.sql` file, else one-file `sql`. */
function folderFormat(existing: readonly MigrationInfo[]): "sql" | "paired" {
  const newest = existing.filter((m) => m.version !== null).at(-1);
  return newest?.file.endsWith(".up.sql") ? "paired" : "sql";
}

interface Proved {
  /** The temporary copy of the folder holding the new files. */
  readonly folder: string;
  /** Each step's files, relative to the folder. */
  readonly written: readonly (readonly string[])[];
  readonly proof: NonNullable<GenerateReport["proof"]>;
}

/**
 * Writes the steps into a copy of the folder and runs them in `shadow`: the migrations, the new
 * ones (compared with `desired`), their downs (compared with `current`).
 */
async function prove(
  shadow: Shadow,
  host: GenerateHost,
  existing: readonly MigrationInfo[],
  steps: readonly Step[],
  file: { readonly format: "sql" | "paired"; readonly name: string; readonly now?: Date },
  schemas: { readonly current: SchemaSnapshot; readonly desired: SchemaSnapshot },
): Promise<Proved> {
  const folder = mkdtempSync(join(tmpdir(), "tidemark-generate-"));
  if (existsSync(host.dir)) cpSync(host.dir, folder, { recursive: true });
  const written: string[][] = [];
  let known = [...existing];
  for (const s of steps) {
    const name = s.name === "" ? file.name : `${file.name}_${s.name}`;
    const before = new Set(listNames(folder));
    writeNewMigration(folder, name, known, {
      format: file.format,
      seq: "auto",
      now: file.now,
      body: { up: s.up, down: s.down, noTransaction: s.noTransaction },
    });
    written.push(listNames(folder).filter((f) => !before.has(f)));
    known = [...(await new DirectorySource(folder).list())];
  }
  const m: ShadowMigrator = host.migrator(shadow.url, folder);
  try {
    // The folder's own migrations first: every step the plan holds before the first new one.
    const old = new Set(existing.map((e) => e.id));
    const before = (await m.plan("up")).steps.findIndex((st) => !old.has(st.id));
    if (before > 0) await m.up({ step: before });
    const up = await attemptRun("up", () => m.up({}), schemas.desired, m);
    const down =
      up.error === undefined
        ? await attemptRun("down", () => m.down({ step: steps.length }), schemas.current, m)
        : { differences: [] };
    const error = up.error ?? down.error;
    return {
      folder,
      written,
      proof: { up: up.differences, down: down.differences, ...(error ? { error } : {}) },
    };
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    throw err;
  } finally {
    await m.close();
  }
}

/** Runs the new migrations up or down and compares the result with `expected`; a failure is reported, not thrown. */
async function attemptRun(
  direction: "up" | "down",
  run: () => Promise<unknown>,
  expected: SchemaSnapshot,
  m: ShadowMigrator,
): Promise<{ differences: readonly SchemaDifference[]; error?: string }> {
  try {
    await run();
  } catch (err) {
    return { differences: [], error: `the generated ${direction} fails: ${messageOf(err)}` };
  }
  return { differences: compareSnapshots(expected, await m.schema()).differences };
}

function listNames(folder: string): string[] {
  return readdirSync(folder);
}

/** Copies the new files from the proof's folder into the migrations folder; never overwrites. */
function copyInto(folder: string, files: readonly string[], dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return files.map((f) => {
    const target = join(dir, f);
    writeFileSync(target, readFileSync(join(folder, f), "utf8"), { flag: "wx" });
    return relative(process.cwd(), target) || target;
  });
}
