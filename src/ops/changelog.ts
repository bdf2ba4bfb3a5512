/**
 * One migration as a change log entry (`migrator.changelog(version)`, the data behind
 * `GET /api/version/changelog/{version}`): its description (the file's leading comment block),
 * who applied it and when, how long it took, and its SQL, from the file when it is there, else
 * from the tracking row's stored text.
 */
import type { AppliedRecord, RecordStatus } from "../core/history.js";
import type { LoadedMigration, MigrationInfo, MigrationSource } from "../core/migration.js";
import type { MigrationState } from "../core/state.js";
import { compareVersions } from "../core/version.js";
import { matchMarker } from "../sources/sql-directives.js";

/** One migration, as a change log shows it. */
export interface ChangelogEntry {
  readonly version: string;
  readonly name: string;
  /** The file's leading comment block, markers and `tidemark:` directives left out; null when none (or no file). */
  readonly description: string | null;
  /** The migration file, relative to the migrations folder; null when it is gone. */
  readonly file: string | null;
  readonly status: RecordStatus | "pending";
  readonly appliedBy: string | null;
  readonly appliedAt: Date | null;
  readonly executionMs: number | null;
  /** The up SQL from the file; null for a code migration or when the file is gone. */
  readonly sql: string | null;
  /** The down SQL: the file's, else the one stored when it was applied; null when there is none. */
  readonly downSql: string | null;
}

/** The entry for `version` (an id, or a version written another way: `1.0` for `1`); null when unknown. */
export async function changelogEntry(
  state: MigrationState,
  source: MigrationSource,
  version: string,
): Promise<ChangelogEntry | null> {
  const same = (id: string, v: string | null) =>
    id === version || (v !== null && /^\d/.test(version) && compareVersions(v, version) === 0);
  const info = state.available.find((m) => same(m.id, m.version));
  const record = state.records.find((r) => same(r.id, r.kind === "versioned" ? r.id : null));
  if (!info && !record) return null;
  const loaded = info ? await source.load(info) : null;
  const text = info && source.readText ? await source.readText(info) : null;
  return {
    version: info?.id ?? record!.id,
    name: info?.name ?? record!.name,
    description: text === null ? null : leadingComment(text, info!),
    file: info?.file ?? null,
    status: record?.status ?? "pending",
    appliedBy: record?.appliedBy ?? null,
    appliedAt: record?.appliedAt ?? null,
    executionMs: record?.executionMs ?? null,
    sql: loaded?.up.kind === "sql" ? loaded.up.sql : null,
    downSql: downSql(loaded, record),
  };
}

function downSql(loaded: LoadedMigration | null, record: AppliedRecord | undefined): string | null {
  if (loaded?.down?.kind === "sql") return loaded.down.sql;
  return record?.rollbackSql ?? null;
}

/**
 * The comment lines at the top of a migration file, before its first statement: `--` lines
 * (SQL), `//` lines and `/* … *\/` blocks (SQL and code), without their comment marks. Section
 * markers and `tidemark:` directives are left out. Null when there is none.
 */
export function leadingComment(text: string, info: Pick<MigrationInfo, "file">): string | null {
  const lines: string[] = [];
  let inBlock = false;
  for (const [i, raw] of text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    if (inBlock) {
      const end = line.indexOf("*/");
      lines.push(stripBlock(end < 0 ? line : line.slice(0, end)));
      inBlock = end < 0;
      continue;
    }
    if (line === "") {
      lines.push("");
      continue;
    }
    if (line.startsWith("/*")) {
      const end = line.indexOf("*/", 2);
      lines.push(stripBlock(line.slice(2, end < 0 ? undefined : end).replace(/^\*/, "")));
      inBlock = end < 0;
      continue;
    }
    const comment = /^(--|\/\/)\s?(.*)$/.exec(raw.trimStart());
    if (!comment) break;
    if (!isSteering(line, i + 1, info.file)) lines.push(comment[2]!.trimEnd());
  }
  const description = lines.join("\n").trim();
  return description === "" ? null : description;
}

/** A section marker or a `tidemark:` directive: steering, not description. */
function isSteering(line: string, number: number, file: string): boolean {
  if (/^--\s*tidemark:/.test(line)) return true;
  try {
    return matchMarker(line, number, file) !== null;
  } catch {
    return true;
  }
}

function stripBlock(line: string): string {
  return line.replace(/^\*\s?/, "").trimEnd();
}
