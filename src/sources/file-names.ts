/**
 * What a file's name says (SPEC §2): its version and name, whether it is the main (up) file of
 * a migration or the separate down file of one, and the key that pairs the two. Pure; no I/O.
 */
import { TidemarkError } from "../core/errors.js";
import type { MigrationKind } from "../core/migration.js";
import { splitVersionAndName, versionKey } from "../core/version.js";

/** How a migration's files are laid out on disk. */
export type FileLayout = "single" | "paired" | "rollback" | "flyway" | "code";

/** A migration file recognised by its name. */
export interface NamedFile {
  /** The file's path relative to the migrations folder, with `/` (`2025/001_a.sql`). */
  readonly file: string;
  /** `up`: the migration's main file; `down`: a separate down file (`.down.sql`, `_rollback.sql`, `U…`). */
  readonly role: "up" | "down";
  readonly kind: MigrationKind;
  readonly format: "sql" | "code";
  readonly layout: FileLayout;
  /** Digit tokens as written (Flyway's `_` becomes `.`); null for a repeatable migration. */
  readonly version: string | null;
  readonly name: string;
  /** Equal for an up file and its down file. */
  readonly pairKey: string;
}

/** The accepted forms, shown when a name is not one of them. */
export const NAME_FORMS_HINT =
  "Name migrations like 20250101120000_create_users.sql, 000001_init.up.sql + 000001_init.down.sql, " +
  "20241227_101500_add_prefs.sql + 20241227_101500_add_prefs_rollback.sql, " +
  "V1_1__add_idx.sql / U1_1__add_idx.sql / R__refresh_views.sql, or 003_add_feature.ts (.js, .mjs).";

const CODE_EXTENSIONS = [".ts", ".mjs", ".js"] as const;
const FLYWAY = /^([VU])([0-9]+(?:[._][0-9]+)*)__(.+)$/;
const REPEATABLE = /^R__(.+)$/;

/**
 * Recognises a migration file by its name. Returns null for a file that is not a migration
 * (dotfiles, `*.md`, `*.d.ts`, other extensions); throws E_PARSE for a migration file
 * whose name carries no version.
 */
export function classifyFile(file: string): NamedFile | null {
  // `file` may sit in a subfolder (`2025/001_a.sql`): the name is read from its last part, and
  // an up file pairs with a down file of the same folder only.
  const folder = file.slice(0, file.lastIndexOf("/") + 1);
  const base = file.slice(folder.length);
  if (base.startsWith(".") || base.endsWith(".d.ts")) return null;
  if (base.endsWith(".sql")) return classifySql(file, folder, base.slice(0, -".sql".length));
  const ext = CODE_EXTENSIONS.find((e) => base.endsWith(e));
  if (ext === undefined) return null;
  const { version, name } = versioned(file, base.slice(0, -ext.length));
  return named(file, "up", "versioned", "code", "code", version, name, `code:${file}`);
}

// Every NamedFile is built here, with one shape: listing ten thousand files stays cheap.
function named(
  file: string,
  role: NamedFile["role"],
  kind: MigrationKind,
  format: NamedFile["format"],
  layout: FileLayout,
  version: string | null,
  name: string,
  pairKey: string,
): NamedFile {
  return { file, role, kind, format, layout, version, name, pairKey };
}

function classifySql(file: string, folder: string, stem: string): NamedFile {
  const flyway = FLYWAY.exec(stem);
  if (flyway) {
    const version = flyway[2]!.replaceAll("_", ".");
    const role = flyway[1] === "V" ? "up" : "down";
    const key = `flyway:${versionKey(version)}`;
    return named(file, role, "versioned", "sql", "flyway", version, flyway[3]!, key);
  }
  const repeatable = REPEATABLE.exec(stem);
  if (repeatable) {
    const name = repeatable[1]!;
    return named(file, "up", "repeatable", "sql", "single", null, name, `R__${name}`);
  }
  const paired = stem.endsWith(".up") ? "up" : stem.endsWith(".down") ? "down" : null;
  if (paired !== null) {
    const base = stem.slice(0, -paired.length - 1);
    const { version, name } = versioned(file, base);
    return named(
      file,
      paired,
      "versioned",
      "sql",
      "paired",
      version,
      name,
      `paired:${folder}${base}`,
    );
  }
  const base = rollbackBase(stem);
  const role = base === null ? "up" : "down";
  const layout = base === null ? "single" : "rollback";
  const { version, name } = versioned(file, base ?? stem);
  return named(
    file,
    role,
    "versioned",
    "sql",
    layout,
    version,
    name,
    `single:${folder}${base ?? stem}`,
  );
}

/**
 * The stem a `_rollback` file rolls back, or null when the stem is not a rollback file.
 * `005_rollback` (nothing between the version and `_rollback`) is a migration named "rollback".
 */
function rollbackBase(stem: string): string | null {
  if (!stem.endsWith("_rollback")) return null;
  const base = stem.slice(0, -"_rollback".length);
  const parts = splitVersionAndName(base);
  return parts !== null && parts.name !== "" ? base : null;
}

function versioned(file: string, stem: string): { version: string; name: string } {
  const parts = splitVersionAndName(stem);
  if (parts === null) {
    throw new TidemarkError("E_PARSE", `${file} has no version in its name`, {
      file,
      hint: NAME_FORMS_HINT,
    });
  }
  return parts;
}
