/**
 * What the admin page shows, read through the library: status, the pending migrations' SQL,
 * who applied what, the history, and (when this build has them) lint findings, the
 * compatibility verdict and every target's version. A failure to read is shown on the page, not thrown.
 */
import {
  errorJson,
  type LogEntry,
  type Migrator,
  type StatusReport,
  TOOL_VERSION,
} from "../index.js";

/** A pending migration with the SQL it would run. */
export interface PendingView {
  readonly version: string;
  readonly name: string;
  readonly file: string;
  /** Null for a code migration. */
  readonly sql: string | null;
}

/** A panel's data, or the error that kept it from being read. */
export type Optional =
  | { readonly kind: "ok"; readonly value: unknown }
  | { readonly kind: "error"; readonly message: string };

export interface PageData {
  readonly basePath: string;
  readonly tool: string;
  readonly database: string;
  readonly environment?: string;
  readonly protectedEnvironment?: string;
  readonly appVersion?: string;
  readonly readOnly: boolean;
  readonly authEnabled: boolean;
  /** Null when the database could not be read (see `error`). */
  readonly status: StatusReport | null;
  readonly error: string | null;
  readonly pending: readonly PendingView[];
  /** Applied version → who applied it. */
  readonly appliedBy: ReadonlyMap<string, string | null>;
  readonly history: readonly LogEntry[];
  readonly lint: Optional;
  readonly compatibility: Optional;
  /** Every target's version (a TargetsDocument); null when the admin has no targets. */
  readonly targets: Optional | null;
}

/** The settings of the page that do not come from the database, and how to read the targets. */
export type PageSettings = Pick<
  PageData,
  "basePath" | "environment" | "protectedEnvironment" | "appVersion" | "readOnly" | "authEnabled"
> & { readonly targets?: () => Promise<unknown> };

/** Reads everything the page shows. */
export async function readPageData(migrator: Migrator, settings: PageSettings): Promise<PageData> {
  const { targets: readTargets, ...shown } = settings;
  const base = {
    ...shown,
    tool: TOOL_VERSION,
    database: await migrator.displayUrl(),
    targets: readTargets ? await optional(readTargets) : null,
  };
  const lint = await optional(() => migrator.lint());
  const compatibility = await optional(() => migrator.compatibility(settings.appVersion ?? null));
  try {
    const status = await migrator.status();
    const state = await migrator.state();
    const pending = await Promise.all(
      [...state.pending, ...state.repeatables].map(async (info) => {
        const loaded = await migrator.source.load(info);
        const sql = loaded.up.kind === "sql" ? loaded.up.sql : null;
        return { version: info.version ?? info.id, name: info.name, file: info.file, sql };
      }),
    );
    const appliedBy = new Map(state.records.map((r) => [r.id, r.appliedBy] as const));
    const history = await migrator.history({ limit: 100 });
    return { ...base, status, error: null, pending, appliedBy, history, lint, compatibility };
  } catch (err) {
    const { error } = errorJson(err) as { error: { message: string } };
    return {
      ...base,
      status: null,
      error: error.message,
      pending: [],
      appliedBy: new Map(),
      history: [],
      lint,
      compatibility,
    };
  }
}

/** `call`'s answer, or its error's message (the page shows it in the panel). */
async function optional(call: () => Promise<unknown>): Promise<Optional> {
  try {
    return { kind: "ok", value: await call() };
  } catch (err) {
    const { error } = errorJson(err) as { error: { message: string } };
    return { kind: "error", message: error.message };
  }
}
