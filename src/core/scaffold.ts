/**
 * Files tidemark writes for the user: `init`, `new` and `merge`. Never overwrites a file.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { urlSecrets } from "../dialects/url.js";
import { TidemarkError } from "./errors.js";
import type { MigrationInfo } from "./migration.js";
import { compareVersions } from "./version.js";
import { withFreeVersion } from "./version-claim.js";

export type NewFormat = "sql" | "ts" | "paired";

export interface NewMigrationOptions {
  readonly format?: NewFormat;
  /**
   * `true`: number with the next sequence number instead of a UTC timestamp. `"auto"`: the
   * next sequence number when the folder is numbered that way (see {@link isSequenceNumbered}).
   */
  readonly seq?: boolean | "auto";
  /** Versions the new migration depends on (written as a directive). */
  readonly dependsOn?: readonly string[];
  /** Fixed clock, for tests. */
  readonly now?: Date;
  /** What the files hold instead of the empty template (SQL formats only). */
  readonly body?: MigrationBody;
}

/** The SQL a written migration holds. */
export interface MigrationBody {
  readonly up: string;
  readonly down: string;
  /** Written with `-- tidemark:no-transaction`. */
  readonly noTransaction?: boolean;
}

/** `20260102030405`: the UTC time to the second. */
export function timestampVersion(now: Date): string {
  const iso = now.toISOString();
  return iso.slice(0, 19).replace(/[-T:]/g, "");
}

/** The next sequence number after the existing versions, keeping their width (default 6 digits). */
export function nextSequence(existing: readonly MigrationInfo[]): string {
  const versions = existing
    .map((m) => m.version)
    .filter((v): v is string => v !== null && /^\d+$/.test(v));
  if (versions.length === 0) return "000001";
  const last = versions.sort(compareVersions)[versions.length - 1]!;
  const next = (BigInt(last) + 1n).toString();
  return next.padStart(last.length, "0");
}

/**
 * True when the newest versioned migration is numbered with a sequence number (`001`, `0042`):
 * digits only, and fewer than the 14 digits of a timestamp.
 */
export function isSequenceNumbered(existing: readonly MigrationInfo[]): boolean {
  const newest = existing
    .map((m) => m.version)
    .filter((v): v is string => v !== null)
    .sort(compareVersions)
    .at(-1);
  return newest !== undefined && /^\d{1,13}$/.test(newest);
}

function slug(name: string): string {
  const s = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (s.length === 0)
    throw new TidemarkError("E_USAGE", `"${name}" is not a usable migration name`, {
      hint: "Use letters and digits, e.g. create_users.",
    });
  return s;
}

function directives(dependsOn: readonly string[] | undefined): string {
  return dependsOn && dependsOn.length > 0 ? `-- tidemark:depends ${dependsOn.join(" ")}\n` : "";
}

const TS_TEMPLATE = (
  deps: readonly string[] | undefined,
) => `import type { MigrationContext } from "tidemark";
${deps && deps.length > 0 ? `\nexport const dependsOn = ${JSON.stringify(deps)};\n` : ""}
export async function up(ctx: MigrationContext): Promise<void> {
  await ctx.sql\`SELECT 1\`;
}

export async function down(ctx: MigrationContext): Promise<void> {
  await ctx.sql\`SELECT 1\`;
}
`;

/**
 * The version of a new migration: the next sequence number, or the UTC timestamp, moved past
 * the newest existing version when that is not older (two `new` in one second, a clock behind),
 * so the new migration never collides and always comes last.
 */
function newVersion(existing: readonly MigrationInfo[], options: NewMigrationOptions): string {
  const seq = options.seq === "auto" ? isSequenceNumbered(existing) : options.seq;
  if (seq) return nextSequence(existing);
  const stamp = timestampVersion(options.now ?? new Date());
  const newest = existing
    .map((m) => m.version)
    .filter((v): v is string => v !== null && /^\d+$/.test(v))
    .sort(compareVersions)
    .at(-1);
  if (newest === undefined || compareVersions(newest, stamp) < 0) return stamp;
  return (BigInt(newest) + 1n).toString().padStart(newest.length, "0");
}

/**
 * Writes a new migration in `dir`; returns the paths written (relative to the current folder).
 * Never overwrites a file, and never gives two migrations one version, even when several
 * processes write at once: a version taken meanwhile moves the new migration to the next one.
 */
export function writeNewMigration(
  dir: string,
  name: string,
  existing: readonly MigrationInfo[],
  options: NewMigrationOptions = {},
): string[] {
  const base = slug(name);
  const first = newVersion(existing, options);
  mkdirSync(dir, { recursive: true });
  const files = withFreeVersion(dir, first, (version) => {
    const written = newFiles(`${version}_${base}`, options);
    for (const [file, text] of written) writeFileSync(join(dir, file), text, { flag: "wx" });
    return written;
  });
  return files.map(([file]) => relative(process.cwd(), join(dir, file)) || file);
}

function newFiles(stem: string, options: NewMigrationOptions): Array<[string, string]> {
  const format = options.format ?? "sql";
  const body = options.body ?? { up: "", down: "" };
  const head = `${directives(options.dependsOn)}${body.noTransaction ? "-- tidemark:no-transaction\n" : ""}`;
  const down = body.down === "" ? "" : `${body.down}\n`;
  if (format === "paired") {
    return [
      [`${stem}.up.sql`, `${head}${body.up === "" ? "" : `${body.up}\n`}\n`],
      [`${stem}.down.sql`, `${body.noTransaction ? "-- tidemark:no-transaction\n" : ""}${down}\n`],
    ];
  }
  if (format === "ts") return [[`${stem}.ts`, TS_TEMPLATE(options.dependsOn)]];
  return [
    [
      `${stem}.sql`,
      `-- migrate:up\n${head}\n${body.up === "" ? "\n" : `${body.up}\n\n`}-- migrate:down\n${down}\n`,
    ],
  ];
}

const EXAMPLE = `-- migrate:up
CREATE TABLE example_items (
  id INTEGER PRIMARY KEY,
  name VARCHAR(200) NOT NULL
);

-- migrate:down
DROP TABLE example_items;
`;

/** The variable a config file names instead of a URL that holds a password. */
export const URL_VARIABLE = "DATABASE_URL";

/**
 * The URL as a config file may hold it: a URL with a password (or a `password=` parameter)
 * becomes the reference `${DATABASE_URL}`, since the file is meant to be committed.
 */
export function configFileUrl(url: string): string {
  return urlSecrets(url).length > 0 ? `\${${URL_VARIABLE}}` : url;
}

/**
 * `init`: a config file and a migrations folder (`dir`, relative to `cwd`) with one example.
 * Writes only what is missing, and the example only into a folder without migrations, so a
 * second `init` changes nothing. A URL with a password is written as `${DATABASE_URL}`
 * ({@link configFileUrl}). Returns what it wrote, relative to `cwd`.
 */
export function writeInit(
  cwd: string,
  url: string,
  now: Date = new Date(),
  dir = "migrations",
): string[] {
  const written: string[] = [];
  const config = join(cwd, "tidemark.config.json");
  if (!existsSync(config)) {
    const shown = isAbsolute(dir) || dir.startsWith(".") ? dir : `./${dir}`;
    writeFileSync(config, `${JSON.stringify({ url: configFileUrl(url), dir: shown }, null, 2)}\n`, {
      flag: "wx",
    });
    written.push("tidemark.config.json");
  }
  const folder = resolve(cwd, dir);
  mkdirSync(folder, { recursive: true });
  if (readdirSync(folder).some((f) => !f.startsWith("."))) return written;
  const example = join(folder, `${timestampVersion(now)}_create_example_items.sql`);
  writeFileSync(example, EXAMPLE, { flag: "wx" });
  written.push(relative(cwd, example));
  return written;
}
