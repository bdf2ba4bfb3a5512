/**
 * Which file another tool's migration is (pure): by version (compared as tidemark compares
 * versions: `1.1` = `1_1` = `01.1`), else by the file's name in the forms the tools record
 * (`0001_initial`, `20250101_users.js`, `V2__users.sql`, a change name, an Alembic revision).
 */
import { TidemarkError } from "../../core/errors.js";
import type { MigrationInfo } from "../../core/migration.js";
import { splitVersionAndName } from "../../core/version.js";
import type { ForeignMigration } from "./importer.js";

/** `1.01_0` → `1.1`: the form in which equal versions are equal strings. */
export function versionKey(version: string): string {
  const tokens = version.split(/[._]/).map((t) => t.replace(/^0+(?=\d)/, ""));
  while (tokens.length > 1 && tokens.at(-1) === "0") tokens.pop();
  return tokens.join(".");
}

/** The names a file may be recorded under by another tool. */
function namesOf(m: MigrationInfo): string[] {
  const base = m.file.split("/").pop() ?? m.file;
  const stem = base.replace(/(\.(up|down))?\.[^.]+$/, "");
  const names = [base, stem, m.name, m.id];
  if (m.version !== null) names.push(`${m.version}_${m.name}`);
  return names;
}

/** Looks files up by the keys other tools record. */
export class FileMatcher {
  private readonly versions = new Map<string, MigrationInfo>();
  private readonly names = new Map<string, MigrationInfo[]>();

  constructor(private readonly available: readonly MigrationInfo[]) {
    for (const m of available) {
      if (m.version !== null) this.versions.set(versionKey(m.version), m);
      for (const name of new Set(namesOf(m))) {
        const list = this.names.get(name) ?? [];
        list.push(m);
        this.names.set(name, list);
      }
    }
  }

  /** The file `foreign` names, or null; E_IMPORT when a name fits several files. */
  find(foreign: ForeignMigration): MigrationInfo | null {
    if (foreign.by === "version") return this.versions.get(versionKey(foreign.key)) ?? null;
    const exact = this.names.get(foreign.key) ?? this.names.get(stripExtension(foreign.key));
    if (exact && exact.length > 0) return this.one(foreign.key, exact);
    const split = splitVersionAndName(stripExtension(foreign.key));
    if (split) {
      const byVersion = this.versions.get(versionKey(split.version));
      if (byVersion) return byVersion;
    }
    // An Alembic revision id kept as one word of the file name (`0003_ae1027a6acf_users.sql`).
    if (/^[0-9a-f]{6,}$/i.test(foreign.key)) {
      const within = this.available.filter((m) =>
        namesOf(m)[1]!.split(/[_.-]/).includes(foreign.key),
      );
      if (within.length > 0) return this.one(foreign.key, within);
    }
    return null;
  }

  private one(key: string, found: readonly MigrationInfo[]): MigrationInfo {
    if (found.length > 1)
      throw new TidemarkError(
        "E_IMPORT",
        `"${key}" fits several files: ${found.map((m) => m.file).join(", ")}`,
        { hint: "Rename the files so that each recorded migration names one file." },
      );
    return found[0]!;
  }
}

function stripExtension(name: string): string {
  return name.replace(/\.(sql|js|cjs|mjs|ts|py|go)$/, "");
}
