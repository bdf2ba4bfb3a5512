/**
 * Apps (SPEC §12): migration sets per module, each with its own versions, that may depend on
 * each other's migrations (`-- tidemark:depends billing:0002`). What one app's state cannot
 * decide alone is decided here, from every app's state: that each cross-app dependency exists,
 * the order a plain `up` applies every app's pending migrations in, and whether a run of one
 * app would leave another app's migration without what it depends on. No I/O.
 */
import { qualifiedId } from "./app-ref.js";
import { TidemarkError } from "./errors.js";
import type {
  AppDependency,
  LoadedMigration,
  MigrationInfo,
  MigrationSource,
} from "./migration.js";
import type { Plan } from "./planner.js";
import type { MigrationState } from "./state.js";
import { versionKey } from "./version.js";

/** One app's state, with the folder its files are named relative to (for messages). */
export interface AppState {
  readonly app: string;
  readonly dir: string;
  readonly state: MigrationState;
}

/** A versioned migration of an app. */
export interface AppMigration {
  readonly app: string;
  readonly info: MigrationInfo;
}

/** Consecutive pending migrations of one app in a plain `up`'s order: one run of that app. */
export interface AppRun {
  readonly app: string;
  readonly ids: ReadonlySet<string>;
}

/** `app:version` of a migration. */
export function idOf(m: AppMigration): string {
  return qualifiedId(m.app, m.info.version ?? m.info.id);
}

/**
 * Every app's versioned migrations, dependencies first: within an app as its graph orders
 * them, across apps by their `depends`. Throws E_DEPENDENCY naming the file and line of a
 * dependency on an unknown app or version, and naming a cycle across apps.
 */
export function orderApps(apps: readonly AppState[]): AppMigration[] {
  const byApp = new Map(apps.map((a) => [a.app, a]));
  const byId = new Map<string, AppMigration>();
  const parents = new Map<string, string[]>();
  for (const a of apps) {
    const byKey = new Map<string, MigrationInfo>();
    for (const info of a.state.graph.ordered) {
      const m = { app: a.app, info };
      byId.set(idOf(m), m);
      byKey.set(versionKey(info.version!), info);
    }
    for (const info of a.state.graph.ordered) {
      const local = (a.state.graph.parents.get(info.id) ?? []).map((id) => qualifiedId(a.app, id));
      const cross = (info.appDepends ?? []).map((d) => qualifiedId(d.app, resolve(a, d, byApp)));
      parents.set(qualifiedId(a.app, info.version!), [...local, ...cross]);
    }
  }
  const state = new Map<string, "visiting" | "done">();
  const out: AppMigration[] = [];
  const visit = (id: string, path: string[]) => {
    const s = state.get(id);
    if (s === "done") return;
    if (s === "visiting") throw cycleError([...path.slice(path.indexOf(id)), id], byId);
    state.set(id, "visiting");
    path.push(id);
    for (const p of parents.get(id) ?? []) visit(p, path);
    path.pop();
    state.set(id, "done");
    out.push(byId.get(id)!);
  };
  for (const a of apps)
    for (const info of a.state.graph.ordered) visit(qualifiedId(a.app, info.version!), []);
  return out;
}

/** The version `d` names in its app, as that app's file spells it; E_DEPENDENCY when unknown. */
function resolve(from: AppState, d: AppDependency, byApp: ReadonlyMap<string, AppState>): string {
  const file = `${from.dir}/${d.file}`;
  const where = `${file}${d.line === undefined ? "" : `:${d.line}`}`;
  const target = byApp.get(d.app);
  if (!target) {
    throw new TidemarkError(
      "E_DEPENDENCY",
      `${where}: depends on ${d.app}:${d.version}, but no app is named ${d.app} (apps: ${[...byApp.keys()].join(", ")})`,
      {
        file,
        line: d.line,
        hint: "Fix the `-- tidemark:depends` line, or add the app to the config's apps.",
      },
    );
  }
  const key = versionKey(d.version);
  const info = target.state.graph.ordered.find((m) => versionKey(m.version!) === key);
  if (!info) {
    throw new TidemarkError(
      "E_DEPENDENCY",
      `${where}: depends on ${d.app}:${d.version}, which does not exist`,
      {
        file,
        line: d.line,
        hint: `Fix the \`-- tidemark:depends\` line, or add the missing migration to ${target.dir}.`,
      },
    );
  }
  return info.version!;
}

function cycleError(
  ids: readonly string[],
  byId: ReadonlyMap<string, AppMigration>,
): TidemarkError {
  const first = byId.get(ids[0]!)!;
  return new TidemarkError("E_DEPENDENCY", `Dependency cycle across apps: ${ids.join(" → ")}`, {
    version: first.info.version ?? undefined,
    hint: "A migration cannot depend, directly or not, on itself; fix the `-- tidemark:depends` lines.",
  });
}

/**
 * A plain `up`: every app's pending migrations in dependency order, cut into runs of one app
 * each (a run ends where the next pending migration is another app's).
 */
export function pendingRuns(apps: readonly AppState[]): AppRun[] {
  const pending = new Set<string>();
  for (const a of apps)
    for (const m of a.state.pending) pending.add(qualifiedId(a.app, m.version!));
  if (pending.size === 0) return [];
  const runs: { app: string; ids: Set<string> }[] = [];
  for (const m of orderApps(apps)) {
    if (!pending.has(idOf(m))) continue;
    const last = runs.at(-1);
    if (last?.app === m.app) last.ids.add(m.info.id);
    else runs.push({ app: m.app, ids: new Set([m.info.id]) });
  }
  return runs;
}

/**
 * Refuses an `up` plan of `app` that would apply a migration whose dependency in another app is
 * not applied (and not in `planned`, the `app:version`s a plain `up` applies before it).
 */
export function refuseUnmetDependencies(
  app: string,
  plan: Plan,
  apps: readonly AppState[],
  planned: ReadonlySet<string> = new Set(),
): void {
  const byApp = new Map(apps.map((a) => [a.app, a]));
  const self = byApp.get(app)!;
  for (const step of plan.steps) {
    for (const d of step.info?.appDepends ?? []) {
      const version = resolve(self, d, byApp);
      const other = byApp.get(d.app)!.state;
      const id = qualifiedId(d.app, version);
      if (planned.has(id) || other.applied.some((x) => x.record.id === version)) continue;
      throw new TidemarkError(
        "E_DEPENDENCY",
        `${qualifiedId(app, step.version ?? step.id)} depends on ${id}, which is not applied`,
        {
          file: step.info && `${self.dir}/${step.info.file}`,
          version: step.version ?? undefined,
          hint: `Run \`tidemark up ${d.app}\` first, or a plain \`tidemark up\` (every app, in dependency order).`,
        },
      );
    }
  }
}

/**
 * Refuses a `down` plan of `app` while another app's applied migration depends on a migration it
 * would roll back, naming both (`billing:0003 depends on accounts:0002`).
 */
export function refuseDependents(app: string, plan: Plan, apps: readonly AppState[]): void {
  const leaving = new Set(plan.steps.map((s) => versionKey(s.version ?? s.id)));
  if (leaving.size === 0) return;
  for (const other of apps) {
    if (other.app === app) continue;
    for (const { record, info } of other.state.applied) {
      const d = info?.appDepends?.find((x) => x.app === app && leaving.has(versionKey(x.version)));
      if (!d) continue;
      const dependent = qualifiedId(other.app, record.id);
      throw new TidemarkError(
        "E_DEPENDENCY",
        `Cannot roll back ${qualifiedId(app, d.version)}: ${dependent} depends on ${qualifiedId(app, d.version)} and is applied`,
        {
          file: `${other.dir}/${info!.file}`,
          version: record.id,
          hint: `Roll ${dependent} back first (\`tidemark down ${dependent}\`).`,
        },
      );
    }
  }
}

/**
 * The source of the migrator of every app as a whole: each app has its own, and a command that
 * reads one folder and takes no app yet (validate, stamp, repair, redo, verify, drift, sql,
 * changelog, import) is refused, naming the apps, rather than reading `dir`.
 */
export class AppSetSource implements MigrationSource {
  constructor(private readonly apps: readonly string[]) {}

  list(): Promise<readonly MigrationInfo[]> {
    return Promise.reject(notWithApps("This command", this.apps));
  }

  load(): Promise<LoadedMigration> {
    return Promise.reject(notWithApps("This command", this.apps));
  }
}

/** E_USAGE: `what` does not work with apps yet; the message names the apps. */
export function notWithApps(what: string, apps: readonly string[]): TidemarkError {
  return new TidemarkError(
    "E_USAGE",
    `${what} does not work with apps yet (apps: ${apps.join(", ")})`,
    {
      hint: "With apps, up, down, status, check, history, heads, merge, new and lint work on each app (up/status/history <app>, down <app>, --app for heads, merge and new).",
    },
  );
}
