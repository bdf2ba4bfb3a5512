/**
 * The compatibility matrix (config `compatibility`, SPEC §11): which app versions can run on
 * which database versions, and the verdict for one app version on the database as it is.
 * Pure: data in, data out.
 *
 *   "compatibility": { "1.0.x": "20250101000000", "1.x": [">=20250201", "20250115"],
 *                      "^2.0.0": "20250301..20250401" }
 *
 * An app key is a version or a range (see app-range.ts). A database entry is `*`, a migration
 * version (or a date prefix of a timestamp: `20250101` is every version of that day), a comparison
 * (`>=20250101`, `<20250301`, several joined by spaces), or an inclusive `A..B`.
 */
import { TidemarkError } from "../core/errors.js";
import { compareVersions } from "../core/version.js";
import { matchesAppRange, parseAppRange } from "./app-range.js";

/** The config's `compatibility`: app version or range → database versions. */
export type CompatibilityConfig = Readonly<Record<string, string | readonly string[]>>;

/** One row of the matrix, as configured, and how it compares with the versions asked about. */
export interface CompatibilityRow {
  /** The app version or range, as written. */
  readonly app: string;
  /** The database versions or ranges, as written. */
  readonly database: readonly string[];
  /** Whether the app version asked about is in `app`; null when none was asked about. */
  readonly appMatches: boolean | null;
  /** Whether the database's current version is in `database`. */
  readonly databaseMatches: boolean;
}

/** The verdict for one app version on the database as it is (`GET /api/version/compatibility`). */
export interface CompatibilityReport {
  readonly appVersion: string | null;
  /** The newest applied migration version; null for a database with none applied. */
  readonly databaseVersion: string | null;
  /**
   * True when a row holds both the app version and the database version; false when none does
   * (or no row names the app version); null when no app version was given.
   */
  readonly compatible: boolean | null;
  /** The verdict in one sentence for a person. */
  readonly reason: string;
  readonly matrix: readonly CompatibilityRow[];
}

/** Throws E_CONFIG naming the first entry of `config` that cannot be read. */
export function checkCompatibility(config: CompatibilityConfig): void {
  for (const [app, database] of Object.entries(config)) {
    parseAppRange(app);
    for (const spec of list(database)) databaseBounds(spec);
  }
}

/** The matrix and the verdict for `appVersion` (null: the matrix only) on `databaseVersion`. */
export function compatibilityVerdict(
  config: CompatibilityConfig,
  appVersion: string | null,
  databaseVersion: string | null,
): CompatibilityReport {
  const matrix: CompatibilityRow[] = Object.entries(config).map(([app, database]) => ({
    app,
    database: list(database),
    appMatches: appVersion === null ? null : matchesAppRange(app, appVersion),
    databaseMatches: list(database).some((spec) => matchesDatabase(spec, databaseVersion)),
  }));
  const at = databaseVersion === null ? "no migration applied" : `version ${databaseVersion}`;
  const base = { appVersion, databaseVersion, matrix };
  if (appVersion === null)
    return { ...base, compatible: null, reason: `No app version given; the database is at ${at}.` };
  const rows = matrix.filter((r) => r.appMatches);
  if (rows.length === 0)
    return {
      ...base,
      compatible: false,
      reason: `No compatibility entry names app version ${appVersion}.`,
    };
  const fit = rows.find((r) => r.databaseMatches);
  if (fit)
    return {
      ...base,
      compatible: true,
      reason: `App ${appVersion} can run on the database at ${at} (entry "${fit.app}").`,
    };
  const wanted = rows.flatMap((r) => r.database).join(", ");
  return {
    ...base,
    compatible: false,
    reason: `App ${appVersion} needs database ${wanted}; the database is at ${at}.`,
  };
}

/** True when the database at `version` (null: none applied) is in `spec`. */
export function matchesDatabase(spec: string, version: string | null): boolean {
  const bounds = databaseBounds(spec);
  if (bounds === "any") return true;
  if (version === null) return false;
  return bounds.every(({ op, bound }) => {
    const c = compareWithPrefix(version, bound);
    return op === "="
      ? c === 0
      : op === "<"
        ? c < 0
        : op === "<="
          ? c <= 0
          : op === ">"
            ? c > 0
            : c >= 0;
  });
}

interface DatabaseBound {
  readonly op: "=" | "<" | "<=" | ">" | ">=";
  readonly bound: string;
}

const VERSION = /^\d+(?:[._]\d+)*$/;

function databaseBounds(spec: string): "any" | DatabaseBound[] {
  const text = spec.trim();
  if (text === "*") return "any";
  const span = /^(\S+)\s*\.\.\s*(\S+)$/.exec(text);
  const parts = span
    ? [
        { op: ">=" as const, bound: span[1]! },
        { op: "<=" as const, bound: span[2]! },
      ]
    : text
        .replace(/(<=|>=|<|>|=)\s+/g, "$1")
        .split(/\s+/)
        .map((word) => {
          const m = /^(<=|>=|<|>|=)?(.*)$/.exec(word)!;
          return { op: (m[1] ?? "=") as DatabaseBound["op"], bound: m[2]! };
        });
  if (parts.some((p) => !VERSION.test(p.bound)))
    throw new TidemarkError("E_CONFIG", `Cannot read the database versions "${spec}"`, {
      hint: 'Write a migration version, "*", a comparison such as ">=20250101", or "20250101..20250301".',
    });
  return parts;
}

/**
 * Compares like versions, except that a bound of 8 digits or more that is shorter than a
 * timestamp version is read as its prefix: `20250301` stands for every version of that day.
 */
function compareWithPrefix(version: string, bound: string): number {
  if (/^\d{8,}$/.test(bound) && /^\d+$/.test(version) && version.length > bound.length) {
    const head = version.slice(0, bound.length);
    return head === bound ? 0 : head < bound ? -1 : 1;
  }
  return compareVersions(version, bound);
}

function list(value: string | readonly string[]): readonly string[] {
  return typeof value === "string" ? [value] : value;
}
