/**
 * `import --from <tool>` (SPEC §13): another tool's applied migrations matched to the files on
 * disk and recorded in tidemark's tables as applied — checksums from the files, the original
 * timestamps where the tool kept them — running nothing. Idempotent: what tidemark already
 * records is left as it is. Refused as a whole when the other history is dirty or names a
 * migration no file matches (unless `allowUnmatched`).
 */
import { TidemarkError } from "../../core/errors.js";
import { ancestorsOf } from "../../core/graph.js";
import { appliedValues, type HistoryStore } from "../../core/history.js";
import type { MigrationInfo, MigrationSource } from "../../core/migration.js";
import type { MigrationState } from "../../core/state.js";
import { compareVersions } from "../../core/version.js";
import type { ForeignHistory, ForeignMigration, ForeignTable, Importer } from "./importer.js";
import { FileMatcher } from "./match.js";

export interface ImportOptions {
  /** Show the mapping; record nothing. */
  readonly dryRun?: boolean;
  /** Django: the app this folder holds. */
  readonly app?: string;
  /** Record the matched ones even when some of the tool's migrations match no file. */
  readonly allowUnmatched?: boolean;
}

/** One migration of the other tool and the file it is. */
export interface ImportedMigration {
  /** What the other tool calls it. */
  readonly key: string;
  readonly version: string;
  readonly name: string;
  readonly file: string;
  /** ISO 8601, as the other tool recorded it; null when it kept no time. */
  readonly appliedAt: string | null;
  readonly appliedBy: string | null;
}

export interface ImportReport {
  readonly tool: string;
  readonly table: string;
  readonly dryRun: boolean;
  /** Recorded as applied now (or, on a dry run, that would be). */
  readonly recorded: readonly ImportedMigration[];
  /** Already recorded by tidemark: left as they are. */
  readonly already: readonly ImportedMigration[];
  /** The other tool's migrations that match no file. */
  readonly unmatched: readonly string[];
}

interface Match {
  readonly info: MigrationInfo;
  readonly foreign: ForeignMigration;
}

/** Reads the other tool's table, matches, and (unless a dry run) records. */
export async function importHistory(
  importer: Importer,
  table: ForeignTable,
  state: MigrationState,
  history: HistoryStore,
  source: MigrationSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const foreign = await importer.read(table, { app: options.app });
  const { matches, unmatched } = matchAll(foreign, state);
  if (unmatched.length > 0 && !options.allowUnmatched) {
    const shown = unmatched.slice(0, 5).join(", ");
    const more = unmatched.length > 5 ? ` and ${unmatched.length - 5} more` : "";
    throw new TidemarkError(
      "E_IMPORT",
      `${unmatched.length} ${importer.tool} migration${unmatched.length === 1 ? "" : "s"} match${unmatched.length === 1 ? "es" : ""} no file in the migrations folder: ${shown}${more}`,
      {
        hint: "Add the files (or check --dir), or pass --allow-unmatched to record the others; nothing was recorded.",
      },
    );
  }
  const appliedIds = new Set(state.applied.map((a) => a.record.id));
  const failed = state.failed.find((f) => matches.has(f.record.id));
  if (failed)
    throw new TidemarkError(
      "E_IMPORT",
      `tidemark records ${failed.record.id} as ${failed.record.status}; ${importer.tool} says it is applied`,
      { hint: "Run `tidemark repair` (or `down --resume`) first, then import again." },
    );
  const ordered = state.graph.ordered.filter((m) => matches.has(m.id));
  const shown = (m: MigrationInfo) => describe(matches.get(m.id)!);
  const recorded = ordered.filter((m) => !appliedIds.has(m.id));
  const report: ImportReport = {
    tool: importer.tool,
    table: importer.table,
    dryRun: options.dryRun === true,
    recorded: recorded.map(shown),
    already: ordered.filter((m) => appliedIds.has(m.id)).map(shown),
    unmatched,
  };
  if (options.dryRun || recorded.length === 0) return report;
  const parts = [];
  for (const info of recorded) {
    const { foreign: f } = matches.get(info.id)!;
    const values = {
      ...appliedValues(await source.load(info)),
      executionMs: f.executionMs,
      appliedAt: f.appliedAt,
      appliedBy: f.appliedBy,
    };
    const when = f.appliedAt ? ` (applied ${f.appliedAt.toISOString()})` : "";
    parts.push(
      ...history.recordParts(info, values),
      history.logPart(
        info,
        "import",
        "ok",
        f.executionMs,
        `imported from ${importer.tool}: ${f.key}${when}`,
      ),
    );
  }
  await history.ensure();
  await history.write(parts);
  return report;
}

/** The files the other tool's history names, by tidemark id. */
function matchAll(
  foreign: ForeignHistory,
  state: MigrationState,
): { matches: Map<string, Match>; unmatched: string[] } {
  const matcher = new FileMatcher(state.available);
  const matches = new Map<string, Match>();
  const unmatched: string[] = [];
  const through = foreign.through;
  if (through?.by === "version") {
    for (const info of state.graph.ordered)
      if (info.version !== null && compareVersions(info.version, through.key) <= 0)
        matches.set(info.id, { info, foreign: { ...through, key: info.version } });
  } else if (through) {
    const head = matcher.find(through);
    if (head === null) unmatched.push(through.key);
    else {
      const ancestors = ancestorsOf(state.graph, head.id);
      for (const info of state.graph.ordered)
        if (ancestors.has(info.id))
          matches.set(info.id, {
            info,
            foreign: { ...through, key: info.id === head.id ? through.key : info.id },
          });
    }
  }
  for (const f of foreign.applied) {
    const info = matcher.find(f);
    if (info === null) unmatched.push(f.key);
    else matches.set(info.id, { info, foreign: f });
  }
  return { matches, unmatched };
}

function describe({ info, foreign }: Match): ImportedMigration {
  return {
    key: foreign.key,
    version: info.version ?? info.id,
    name: info.name,
    file: info.file,
    appliedAt: foreign.appliedAt?.toISOString() ?? null,
    appliedBy: foreign.appliedBy,
  };
}
