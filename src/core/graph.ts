/**
 * The dependency graph of versioned migrations (SPEC §3). Each migration depends on the one
 * before it in version order unless it declares `depends`. Pure; no I/O.
 */
import { TidemarkError } from "./errors.js";
import type { MigrationInfo } from "./migration.js";
import { sortByVersion, versionKey } from "./version.js";

export interface MigrationGraph {
  /** Versioned migrations in apply order: dependencies first, ties broken by version. */
  readonly ordered: readonly MigrationInfo[];
  /** id → ids it depends on. */
  readonly parents: ReadonlyMap<string, readonly string[]>;
  /** Migrations nothing depends on. More than one means branches (`tidemark merge`). */
  readonly heads: readonly MigrationInfo[];
}

/**
 * Builds the graph; throws E_DEPENDENCY on an unknown dependency or a cycle. Linear in the
 * number of migrations when none declares `depends` (the order is then the version order).
 */
export function buildGraph(available: readonly MigrationInfo[]): MigrationGraph {
  const versioned = sortByVersion(
    available.filter((m) => m.kind === "versioned"),
    (m) => m.version!,
  );
  if (!versioned.some((m) => m.dependsOn !== null)) return linearGraph(versioned);
  const parents = new Map<string, string[]>();
  const hasChild = new Set<string>();
  const byKey = new Map(versioned.map((v) => [versionKey(v.version!), v]));
  for (let i = 0; i < versioned.length; i++) {
    const m = versioned[i]!;
    const ids =
      m.dependsOn === null
        ? i === 0
          ? []
          : [versioned[i - 1]!.id]
        : m.dependsOn.map((dep) => dependency(m, dep, byKey));
    parents.set(m.id, ids);
    for (const id of ids) hasChild.add(id);
  }
  const ordered = topologicalOrder(versioned, parents);
  const heads = versioned.filter((m) => !hasChild.has(m.id));
  return { ordered, parents, heads };
}

/**
 * No migration declares `depends`: each depends on the one before it, the newest is the one
 * head, and the parents map (only a target version asks for it) is built when first read.
 */
function linearGraph(versioned: readonly MigrationInfo[]): MigrationGraph {
  let parents: Map<string, readonly string[]> | undefined;
  return {
    ordered: versioned,
    heads: versioned.length === 0 ? [] : [versioned[versioned.length - 1]!],
    get parents() {
      if (parents === undefined) {
        parents = new Map();
        for (let i = 0; i < versioned.length; i++) {
          parents.set(versioned[i]!.id, i === 0 ? [] : [versioned[i - 1]!.id]);
        }
      }
      return parents;
    },
  };
}

function dependency(
  m: MigrationInfo,
  dep: string,
  byKey: ReadonlyMap<string, MigrationInfo>,
): string {
  const target = byKey.get(versionKey(dep));
  if (!target) {
    throw new TidemarkError(
      "E_DEPENDENCY",
      `${m.file} depends on version ${dep}, which does not exist`,
      {
        file: m.file,
        version: m.version ?? undefined,
        hint: "Fix the `-- tidemark:depends` line, or add the missing migration.",
      },
    );
  }
  return target.id;
}

function topologicalOrder(
  versioned: readonly MigrationInfo[],
  parents: ReadonlyMap<string, readonly string[]>,
): MigrationInfo[] {
  const byId = new Map(versioned.map((m) => [m.id, m]));
  const state = new Map<string, "visiting" | "done">();
  const out: MigrationInfo[] = [];
  const visit = (m: MigrationInfo, path: string[]) => {
    const s = state.get(m.id);
    if (s === "done") return;
    if (s === "visiting") {
      const cycle = [...path.slice(path.indexOf(m.id)), m.id].join(" → ");
      throw new TidemarkError("E_DEPENDENCY", `Dependency cycle: ${cycle}`, {
        file: m.file,
        version: m.version ?? undefined,
        hint: "A migration cannot depend, directly or not, on itself; fix the `-- tidemark:depends` lines.",
      });
    }
    state.set(m.id, "visiting");
    path.push(m.id);
    for (const p of parents.get(m.id) ?? []) visit(byId.get(p)!, path);
    path.pop();
    state.set(m.id, "done");
    out.push(m);
  };
  for (const m of versioned) visit(m, []);
  return out;
}

/** `id` and everything it depends on, directly or not. */
export function ancestorsOf(graph: MigrationGraph, id: string): Set<string> {
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...(graph.parents.get(next) ?? []));
  }
  return seen;
}
