/**
 * Folder-level rules over recognised files (SPEC §2): pairing up files with their down files,
 * one version per migration, what a SQL migration's files say together, `depends` that must
 * name an existing version, and the listing order. Pure; no I/O.
 */

import { parseVersionRef } from "../core/app-ref.js";
import { TidemarkError } from "../core/errors.js";
import type { AppDependency, MigrationInfo, TransactionMode } from "../core/migration.js";
import { compareVersions, versionKey } from "../core/version.js";
import type { NamedFile } from "./file-names.js";
import type { ParsedSqlFile } from "./sql-file.js";

/** A migration's files: its up file and, when separate, its down file. */
export interface MigrationFiles {
  readonly up: NamedFile;
  readonly down: NamedFile | null;
}

/** A declared dependency, where it was declared (`line` is unknown for code migrations). */
export interface DependencyRef {
  readonly version: string;
  readonly file: string;
  readonly line: number | undefined;
}

/** What a SQL migration's files say together. */
export interface SqlFacts {
  readonly transaction: TransactionMode;
  readonly reversible: boolean;
  readonly depends: readonly DependencyRef[];
}

/**
 * Pairs each down file with its up file. Throws E_PARSE for a down file without its up file,
 * and E_DUPLICATE when two files claim one slot (two Flyway `U` files for one version).
 */
export function pairFiles(files: readonly NamedFile[]): MigrationFiles[] {
  const sorted = inFileOrder(files);
  if (upFilesOnly(sorted)) {
    // Nothing to pair, and no two keys can clash: each file is a migration of its own.
    const migrations: MigrationFiles[] = new Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) migrations[i] = { up: sorted[i]!, down: null };
    return migrations;
  }
  const ups = new Map<string, NamedFile>();
  const downs = new Map<string, NamedFile>();
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i]!;
    const slot = f.role === "up" ? ups : downs;
    const other = slot.get(f.pairKey);
    if (other) throw duplicate(f.version ?? f.name, other.file, f.file);
    slot.set(f.pairKey, f);
  }
  for (const [key, down] of downs) {
    if (!ups.has(key)) {
      throw new TidemarkError(
        "E_PARSE",
        `${down.file} is a down file without its up file ${expectedUp(down)}`,
        {
          file: down.file,
          version: down.version ?? undefined,
          hint: "Restore the up file, or delete the down file.",
        },
      );
    }
  }
  return [...ups.values()].map((up) => ({ up, down: downs.get(up.pairKey) ?? null }));
}

/**
 * True when every file is an up file and none is Flyway's: the usual folder. Their pair keys
 * are then made of their paths (see classifyFile), which differ; a Flyway key is made of a
 * version, so two `V` files may clash.
 */
function upFilesOnly(files: readonly NamedFile[]): boolean {
  for (let i = 0; i < files.length; i++) {
    const f = files[i]!;
    if (f.role !== "up" || f.layout === "flyway") return false;
  }
  return true;
}

/** `files` by path; a listing usually comes sorted (see DirectorySource), and is then not copied. */
function inFileOrder(files: readonly NamedFile[]): readonly NamedFile[] {
  for (let i = 1; i < files.length; i++) {
    if (files[i - 1]!.file > files[i]!.file) {
      return [...files].sort((a, b) => (a.file < b.file ? -1 : 1));
    }
  }
  return files;
}

function expectedUp(down: NamedFile): string {
  if (down.layout === "paired") return down.file.replace(/\.down\.sql$/, ".up.sql");
  if (down.layout === "rollback") return down.file.replace(/_rollback\.sql$/, ".sql");
  return `V${down.version}__<name>.sql`;
}

// The message starts with the file the error is about, so the CLI does not put it in front again.
function duplicate(version: string, a: string, b: string): TidemarkError {
  return new TidemarkError("E_DUPLICATE", `${b} has the same version (${version}) as ${a}`, {
    file: b,
    version,
    hint: "Give one of them a new version (rename the file).",
  });
}

/** Throws E_DUPLICATE naming both files when two migrations have the same version (`1.0` is `1`). */
export function checkDuplicateVersions(migrations: readonly MigrationFiles[]): void {
  if (distinctPlainVersions(migrations)) return;
  const seen = new Map<string, NamedFile>();
  for (let i = 0; i < migrations.length; i++) {
    const up = migrations[i]!.up;
    if (up.version === null) continue;
    const key = versionKey(up.version);
    const other = seen.get(key);
    if (other) throw duplicate(up.version, other.file, up.file);
    seen.set(key, up);
  }
}

/**
 * True when the versions are all digits, all of one length (zero-padded numbers, timestamps)
 * and all different: such a version is its own key (see versionKey), so no two are the same.
 * In a folder listed by path they come in increasing order, each then different from all
 * before it: a set of them is made only when one is not.
 */
function distinctPlainVersions(migrations: readonly MigrationFiles[]): boolean {
  let seen: Set<string> | undefined;
  let previous = "";
  let length = -1;
  for (let i = 0; i < migrations.length; i++) {
    const version = migrations[i]!.up.version;
    if (version === null) continue;
    if (length === -1) length = version.length;
    if (version.length !== length || !DIGITS.test(version)) return false;
    if (seen === undefined && version > previous) {
      previous = version;
      continue;
    }
    if (seen === undefined) {
      // Out of order: every version so far, then this one.
      seen = new Set();
      for (let j = 0; j < i; j++) {
        const v = migrations[j]!.up.version;
        if (v !== null) seen.add(v);
      }
    }
    if (seen.has(version)) return false;
    seen.add(version);
  }
  return true;
}

const DIGITS = /^[0-9]+$/;

/**
 * Combines a SQL up file and its separate down file (if any). Directives in either apply to the
 * migration. Throws E_PARSE when there is a down section and a down file, or when a repeatable
 * migration has a down section or `depends`.
 */
export function sqlFacts(
  up: NamedFile,
  parsed: ParsedSqlFile,
  down: { readonly file: string; readonly parsed: ParsedSqlFile } | null,
): SqlFacts {
  const fail = (line: number, message: string, hint: string) =>
    new TidemarkError("E_PARSE", `${up.file}:${line}: ${message}`, { file: up.file, line, hint });
  if (parsed.down && down) {
    throw fail(
      parsed.down.line - 1,
      `a down section, and a separate down file ${down.file}`,
      "Keep one of the two.",
    );
  }
  if (up.kind === "repeatable" && parsed.down) {
    throw fail(
      parsed.down.line - 1,
      "a repeatable migration has no down",
      "Remove the down section.",
    );
  }
  if (up.kind === "repeatable" && parsed.depends[0]) {
    throw fail(
      parsed.depends[0].line,
      "a repeatable migration cannot declare depends",
      "Remove the directive.",
    );
  }
  const all = down ? [{ file: up.file, parsed }, down] : [{ file: up.file, parsed }];
  const irreversible = all.some((f) => f.parsed.irreversible);
  return {
    transaction: all.some((f) => f.parsed.transaction === "never") ? "never" : "auto",
    reversible: !irreversible && up.kind === "versioned" && (parsed.down !== null || down !== null),
    depends: all.flatMap((f) => f.parsed.depends.map((d) => ({ ...d, file: f.file }))),
  };
}

/**
 * Replaces each migration's declared dependencies by the versions of existing migrations
 * (compared with `versionKey`, stored as the existing migration's version string).
 * Throws E_DEPENDENCY naming the file and line of a dependency on a version that does not exist.
 * `app` is the folder's app (config `apps`), null without apps: a dependency on another app's
 * migration (`billing:0002`) goes to `appDepends`, checked against that app by the app set; a
 * migration that declares only such dependencies still follows the one before it in its app.
 */
export function resolveDependencies(
  drafts: readonly {
    readonly info: MigrationInfo;
    readonly depends: readonly DependencyRef[] | null;
  }[],
  app: string | null = null,
): MigrationInfo[] {
  // Built only when a migration declares depends: most folders have none.
  let versions: Map<string, string> | undefined;
  const versionByKey = () => {
    if (versions !== undefined) return versions;
    versions = new Map();
    for (const { info } of drafts)
      if (info.version !== null) versions.set(versionKey(info.version), info.version);
    return versions;
  };
  return drafts.map(({ info, depends }) => {
    if (depends === null || depends.length === 0) {
      // Most migrations: no copy (a listing of ten thousand makes ten thousand otherwise).
      return info.dependsOn === null ? info : { ...info, dependsOn: null };
    }
    const dependsOn: string[] = [];
    const appDepends: AppDependency[] = [];
    for (const ref of depends) {
      const parsed = parseVersionRef(ref.version);
      const other = parsed?.app != null && parsed.app !== app ? parsed.app : null;
      if (other !== null && app === null) throw noApps(ref, info);
      if (other !== null) {
        appDepends.push({ app: other, version: parsed!.version, file: ref.file, line: ref.line });
        continue;
      }
      const wanted = parsed?.version ?? ref.version;
      const version = versionByKey().get(versionKey(wanted));
      if (version === undefined) {
        throw new TidemarkError(
          "E_DEPENDENCY",
          `${where(ref)}: depends on version ${ref.version}, which does not exist`,
          {
            file: ref.file,
            line: ref.line,
            version: info.version ?? undefined,
            hint: "Fix the dependency, or add the missing migration.",
          },
        );
      }
      dependsOn.push(version);
    }
    return {
      ...info,
      dependsOn: dependsOn.length === 0 ? null : [...new Set(dependsOn)],
      ...(appDepends.length === 0 ? {} : { appDepends }),
    };
  });
}

function where(ref: DependencyRef): string {
  return ref.line === undefined ? ref.file : `${ref.file}:${ref.line}`;
}

function noApps(ref: DependencyRef, info: MigrationInfo): TidemarkError {
  return new TidemarkError(
    "E_DEPENDENCY",
    `${where(ref)}: depends on ${ref.version}, another app's migration, but the config names no apps`,
    {
      file: ref.file,
      line: ref.line,
      version: info.version ?? undefined,
      hint: 'Name the apps in the config (`"apps": { "billing": { "dir": "…" } }`), or depend on a version of this folder.',
    },
  );
}

/** Listing order: versioned migrations by version, then repeatable ones by name. */
export function compareMigrations(a: MigrationInfo, b: MigrationInfo): number {
  if (a.version !== null && b.version !== null) return compareVersions(a.version, b.version);
  if (a.version !== null) return -1;
  if (b.version !== null) return 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
