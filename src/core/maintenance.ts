/**
 * `stamp` and `repair`: changes to the tracking table that run no migration SQL.
 * Both run under the migration lock and write the log; with `dryRun` they only report.
 */
import type { BatchPart } from "../dialects/dialect.js";
import { ancestorsOf } from "./graph.js";
import { type AppliedRecord, appliedValues, type HistoryStore } from "./history.js";
import type { MigrationInfo, MigrationSource } from "./migration.js";
import { resolveVersion } from "./planner.js";
import type { AppliedMigration, MigrationState } from "./state.js";
import { compareVersions } from "./version.js";

export interface MaintenanceOptions {
  /** Report what would change; write nothing. */
  readonly dryRun?: boolean;
}

interface Named {
  readonly version: string;
  readonly name: string;
}

export interface StampReport {
  /** Versions recorded as applied without running. */
  readonly stamped: readonly Named[];
  /** Versions above the target recorded as rolled back without running (stamp to an older version). */
  readonly rolledBack: readonly Named[];
}

export type RepairAction =
  /** The file was edited: its checksum (and stored down SQL) accepted as it is now. */
  | "checksum_accepted"
  /** Only the down changed (a `.down.sql`, rollback or `U` file): the stored down SQL refreshed. */
  | "down_refreshed"
  /** A failed (or interrupted) up: the row removed, so the next `up` runs it from statement 1. */
  | "failed_cleared"
  /** A failed (or interrupted) down: the row applied again, so a `down` runs from statement 1. */
  | "down_failed_restored";

export interface RepairReport {
  readonly repaired: readonly {
    readonly version: string;
    readonly name: string;
    readonly action: RepairAction;
    readonly message: string;
  }[];
}

/**
 * Makes the record say "applied through `version`" (`zero`/`base`: nothing applied), running
 * nothing: pending migrations it depends on (and failed rows among them) are recorded applied,
 * and rows above it recorded rolled back, as `alembic stamp` does.
 */
export async function stampRecords(
  state: MigrationState,
  version: string,
  history: HistoryStore,
  source: MigrationSource,
  options: MaintenanceOptions = {},
): Promise<StampReport> {
  const id = /^(zero|base)$/i.test(version.trim()) ? null : resolveVersion(state, version);
  const wanted = id === null ? new Set<string>() : ancestorsOf(state.graph, id);
  const failedIds = new Set(state.failed.map((f) => f.record.id));
  const targets: MigrationInfo[] = state.graph.ordered.filter(
    (m) => wanted.has(m.id) && (failedIds.has(m.id) || state.pending.some((p) => p.id === m.id)),
  );
  const above = [...state.applied, ...state.failed]
    .filter((a) => !wanted.has(a.record.id))
    .filter((a) => id === null || compareVersions(a.record.id, id) > 0)
    .sort((a, b) => compareVersions(b.record.id, a.record.id));
  const report: StampReport = {
    stamped: targets.map((m) => ({ version: m.version ?? m.id, name: m.name })),
    rolledBack: above.map((a) => ({ version: a.record.id, name: a.record.name })),
  };
  if (options.dryRun || (targets.length === 0 && above.length === 0)) return report;
  const parts: BatchPart[] = [];
  for (const { record } of above) {
    parts.push(
      history.updatePart(record.id, { status: "rolled_back", errorMessage: null }),
      history.logPart(
        record,
        "stamp",
        "ok",
        null,
        `recorded as rolled back without running (stamp ${version})`,
      ),
    );
  }
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
  await history.ensure();
  await history.write(parts);
  return report;
}

type Repair = RepairReport["repaired"][number] & { readonly parts: readonly BatchPart[] };

/**
 * Accepts the files as they are now (checksum and stored down SQL refreshed from the file);
 * clears failed ups so the next `up` runs them from the start; restores failed downs to
 * applied so the next `down` runs them from the start.
 */
export async function repairRecords(
  state: MigrationState,
  history: HistoryStore,
  source: MigrationSource,
  options: MaintenanceOptions = {},
): Promise<RepairReport> {
  const repairs: Repair[] = [];
  for (const applied of state.applied) {
    const repair = await refreshRow(applied, history, source);
    if (repair) repairs.push(repair);
  }
  for (const failed of state.failed) repairs.push(await clearFailed(failed, history, source));
  if (!options.dryRun && repairs.length > 0) {
    await history.ensure();
    await history.write(repairs.flatMap((r) => r.parts));
  }
  return { repaired: repairs.map(({ parts: _, ...r }) => r) };
}

/** The file's checksum and down SQL as they are now; null when the file is gone. */
async function fromFile(
  record: AppliedRecord,
  info: MigrationInfo | undefined,
  source: MigrationSource,
): Promise<{ checksum: string; rollbackSql: string | null } | null> {
  if (!info || record.format !== info.format) return null;
  const values = appliedValues(await source.load(info));
  return { checksum: values.checksum, rollbackSql: values.rollbackSql };
}

async function refreshRow(
  { record, info }: AppliedMigration,
  history: HistoryStore,
  source: MigrationSource,
): Promise<Repair | null> {
  const now = await fromFile(record, info, source);
  if (!now || !info) return null;
  const checksum = now.checksum !== record.checksum;
  const down = now.rollbackSql !== record.rollbackSql;
  if (!checksum && !down) return null;
  const what = checksum
    ? `accepted ${info.file} as it is now (new checksum${down ? ", down SQL refreshed from the file" : ""})`
    : `refreshed the stored down SQL of ${record.id} from ${info.downFile ?? info.file}`;
  return {
    version: record.id,
    name: record.name,
    action: checksum ? "checksum_accepted" : "down_refreshed",
    message: what,
    parts: [
      history.updatePart(record.id, now),
      history.logPart(record, "repair", "ok", null, what),
    ],
  };
}

async function clearFailed(
  { record, info }: AppliedMigration,
  history: HistoryStore,
  source: MigrationSource,
): Promise<Repair> {
  const label = info?.file ?? record.id;
  if (record.direction === "down") {
    const now = await fromFile(record, info, source);
    const message = `restored ${label} to applied after its ${record.status} down${now ? " (checksum and down SQL as the file is now)" : ""}; the next down runs it from its first statement`;
    const row = history.updatePart(record.id, {
      ...(now ?? {}),
      status: "applied",
      direction: "up",
      errorMessage: null,
      failedStatement: null,
      statementsDone: 0,
      statementsTotal: null,
    });
    return {
      version: record.id,
      name: record.name,
      action: "down_failed_restored",
      message,
      parts: [row, history.logPart(record, "repair", "ok", null, message)],
    };
  }
  const message = `cleared the ${record.status} row of ${label}; the next up runs it from its first statement`;
  return {
    version: record.id,
    name: record.name,
    action: "failed_cleared",
    message,
    parts: [history.deletePart(record.id), history.logPart(record, "repair", "ok", null, message)],
  };
}
