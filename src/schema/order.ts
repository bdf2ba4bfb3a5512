/**
 * Ordering for schema objects: the one sort order of snapshot keys, and a dependency order
 * (a stable topological sort) so that DDL creates what others need first. Pure.
 */

/** Compares two names by code unit: the same order on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * `items` in an order where each comes after the items it depends on (`dependsOn` returns
 * their names; unknown names are ignored). Stable: among items free to go, the earlier one in
 * `items` goes first, so a name-sorted input stays name-sorted where dependencies allow.
 * Items in a cycle keep their input order after everything else.
 */
export function dependencyOrder<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  dependsOn: (item: T) => readonly string[],
): T[] {
  const index = new Map(items.map((item, i) => [nameOf(item), i]));
  const waitingOn = items.map(
    (item, i) =>
      new Set(
        dependsOn(item)
          .map((name) => index.get(name))
          .filter((j): j is number => j !== undefined && j !== i),
      ),
  );
  const done = new Set<number>();
  const out: T[] = [];
  while (done.size < items.length) {
    const next = items.findIndex(
      (_, i) => !done.has(i) && [...waitingOn[i]!].every((j) => done.has(j)),
    );
    const pick = next >= 0 ? next : items.findIndex((_, i) => !done.has(i));
    done.add(pick);
    out.push(items[pick]!);
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** `name` as it may be written in SQL: bare or in double quotes (with `"` doubled). */
function spellings(name: string): string {
  const quoted = `"${name.replace(/"/g, '""')}"`;
  return `(?:${escapeRegExp(quoted)}|${escapeRegExp(name)})`;
}

/**
 * True when SQL `text` names `schema.name` (each part bare or quoted), as server-printed
 * definitions do when read with an empty search_path. Used to find what a view or routine
 * depends on without a database.
 */
export function mentions(text: string, schema: string, name: string): boolean {
  const pattern = new RegExp(
    `(?<![\\w$"])${spellings(schema)}\\s*\\.\\s*${spellings(name)}(?![\\w$"])`,
  );
  return pattern.test(text);
}
