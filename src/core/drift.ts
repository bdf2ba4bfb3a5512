/**
 * `drift` (SPEC §8): builds, in a throw-away database, the schema that the live database's
 * applied migrations produce, reads the live schema, and compares them object by object:
 * `extra` objects were added by hand, `missing` ones dropped, `changed` ones edited.
 */
import { compareSnapshots, type SchemaComparison } from "../schema/compare.js";
import { withShadow } from "../schema/shadow.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { TidemarkError } from "./errors.js";
import type { MigrationInfo, MigrationSource } from "./migration.js";
import type { MigrationState } from "./state.js";
import type { ShadowMigrator } from "./verify.js";
import { fixedSource } from "./verify-select.js";

export interface DriftOptions {
  /** Server (or `pglite:memory`, `sqlite::memory:`) to build the migrations' schema on. */
  readonly shadowUrl?: string;
}

export interface DriftReport extends SchemaComparison {
  /** The throw-away database, as it may be shown (dropped by now). */
  readonly shadow: string;
  readonly note?: string;
  /** How many applied migrations were replayed in the shadow. */
  readonly applied: number;
  /** Why the comparison may be off: applied migrations whose file is gone or was edited. */
  readonly cautions: readonly string[];
}

/** What drift needs from the live migrator. */
export interface DriftHost {
  readonly url: string;
  readonly source: MigrationSource;
  readonly applicationName: string;
  state(): Promise<MigrationState>;
  snapshot(): Promise<SchemaSnapshot>;
  /** A migrator on `url` over `source` (the applied migrations only). */
  shadowMigrator(url: string, source: MigrationSource): ShadowMigrator;
}

/** Compares the live schema with the one its applied migrations build; see the module comment. */
export async function detectDrift(host: DriftHost, options: DriftOptions): Promise<DriftReport> {
  const state = await host.state();
  const applied = appliedFiles(state);
  const live = await host.snapshot();
  const source = fixedSource(host.source, applied);
  const shadowOptions = { shadowUrl: options.shadowUrl, applicationName: host.applicationName };
  return withShadow(host.url, shadowOptions, async (shadow) => {
    const m = host.shadowMigrator(shadow.url, source);
    let built: SchemaSnapshot;
    try {
      if (applied.length > 0) await m.up({});
      built = await m.snapshot();
    } finally {
      await m.close();
    }
    if (built.engine !== live.engine)
      throw new TidemarkError(
        "E_USAGE",
        `The shadow (${shadow.description}) is not a ${live.engine} database`,
        {
          hint: "Give --shadow-url a server of the live database's engine.",
        },
      );
    return {
      ...compareSnapshots(built, live),
      shadow: shadow.description,
      ...(shadow.note === undefined ? {} : { note: shadow.note }),
      applied: applied.length,
      cautions: cautions(state),
    };
  });
}

/** The files of the applied migrations (versioned and repeatable, as they ran last). */
function appliedFiles(state: MigrationState): readonly MigrationInfo[] {
  const ids = new Set(state.records.filter((r) => r.status === "applied").map((r) => r.id));
  return state.available.filter((m) => ids.has(m.id));
}

function cautions(state: MigrationState): string[] {
  return state.problems
    .filter((p) => p.kind === "missing_file" || p.kind === "checksum_mismatch")
    .map((p) =>
      p.kind === "missing_file"
        ? `${p.version} is applied but its file is gone: its objects are not in the rebuilt schema`
        : `${p.version} was edited after it was applied: the rebuilt schema follows the file as it is now`,
    );
}
