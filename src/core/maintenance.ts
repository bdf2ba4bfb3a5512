/**
 * `stamp` and `repair`: changes to the tracking table that run no migration SQL.
 * Both run under the migration lock and write the log.
 */
import type { BatchPart } from "../dialects/dialect.js";
import { ancestorsOf } from "./graph.js";
import { appliedValues, type HistoryStore } from "./history.js";
import type { MigrationInfo, MigrationSource } from "./migration.js";
import { resolveVersion } from "./planner.js";
import type { MigrationState } from "./state.js";

export interface StampReport {
  /** Versions recorded as applied without running. */
  readonly stamped: readonly { readonly version: string; readonly name: string }[];
}

export interface RepairReport {
  readonly repaired: readonly {
    readonly version: string;
    readonly name: string;
    readonly action: "checksum_accepted" | "failed_cleared";
    readonly message: string;
  }[];
}

/** Records `version` and the pending migrations it depends on (and failed rows among them) as applied. */
export async function stampRecords(
  state: MigrationState,
  version: string,
  history: HistoryStore,
  source: MigrationSource,
): Promise<StampReport> {
  const id = resolveVersion(state, version);
  const wanted = ancestorsOf(state.graph, id);
  const failedIds = new Set(state.failed.map((f) => f.record.id));
  const targets: MigrationInfo[] = state.graph.ordered.filter(
    (m) => wanted.has(m.id) && (failedIds.has(m.id) || state.pending.some((p) => p.id === m.id)),
  );
  const parts: BatchPart[] = [];
  for (const info of targets) {
    const loaded = await source.load(info);
    parts.push(
      ...history.recordParts(info, appliedValues(loaded)),
      history.logPart(
        info,
        "stamp",
        "ok",
        null,
        failedIds.has(info.id)
          ? "failed row recorded as applied"
          : "recorded as applied without running",
      ),
    );
  }
  if (parts.length > 0) await history.write(parts);
  return { stamped: targets.map((m) => ({ version: m.version ?? m.id, name: m.name })) };
}

/** Accepts edited files' checksums; clears failed/running rows so the next `up` runs them from the start. */
export async function repairRecords(
  state: MigrationState,
  history: HistoryStore,
): Promise<RepairReport> {
  const parts: BatchPart[] = [];
  const repaired: RepairReport["repaired"][number][] = [];
  for (const { record, info } of state.applied) {
    if (info && info.checksum !== record.checksum) {
      const message = `accepted the new checksum of ${info.file}`;
      parts.push(
        history.checksumPart(record.id, info.checksum),
        history.logPart(record, "repair", "ok", null, message),
      );
      repaired.push({
        version: record.id,
        name: record.name,
        action: "checksum_accepted",
        message,
      });
    }
  }
  for (const { record, info } of state.failed) {
    const message = `cleared the ${record.status} row of ${info?.file ?? record.id}; the next up runs it from its first statement`;
    parts.push(
      history.deletePart(record.id),
      history.logPart(record, "repair", "ok", null, message),
    );
    repaired.push({ version: record.id, name: record.name, action: "failed_cleared", message });
  }
  if (parts.length > 0) await history.write(parts);
  return { repaired };
}
