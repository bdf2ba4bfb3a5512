/**
 * Ordering for schema objects: the one sort order of snapshot keys, and a dependency order
 * (a stable topological sort) so that DDL creates what others need first. Pure.
 */

/** Compares two names by code unit: the same order on every machine and locale. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
