/**
 * Small helpers every introspector shares: which tables are tidemark's own, and the one sort
 * order of a snapshot's lists (by key, code-point order, so that it never depends on a locale).
 */
import type { IntrospectScope } from "./snapshot.js";

/** The tracking tables of `scope.exclude` with their `_log` and `_lock` companions. */
export function excludedTables(scope: IntrospectScope): Set<string> {
  const names = new Set<string>();
  for (const table of scope.exclude) {
    const bare = table.includes(".") ? table.slice(table.lastIndexOf(".") + 1) : table;
    for (const name of [bare, `${bare}_log`, `${bare}_lock`]) names.add(name);
  }
  return names;
}

/** Code-point order of two keys. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `items` sorted by their `name` (a new array). */
export function sortByName<T extends { readonly name: string }>(items: Iterable<T>): T[] {
  return [...items].sort((a, b) => compareKeys(a.name, b.name));
}
