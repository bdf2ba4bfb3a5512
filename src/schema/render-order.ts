/**
 * The order in which rendered objects that name each other are created: an object comes after
 * every object of the same list whose name its text mentions (a view built on a view). Cycles
 * and unknown names keep the list's own order. Pure.
 */

/** True when `text` holds `name` as a whole word, in any case (bare or in quotes). */
export function mentionsName(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w$])${escaped}($|[^\\w$])`, "i").test(text);
}

/** `items` ordered so that each follows the items its `textOf` mentions by `nameOf`. */
export function orderByMentions<T>(
  items: readonly T[],
  nameOf: (item: T) => string,
  textOf: (item: T) => string,
): T[] {
  const out: T[] = [];
  const state = new Map<T, "visiting" | "done">();
  const visit = (item: T): void => {
    if (state.has(item)) return;
    state.set(item, "visiting");
    for (const other of items) {
      if (other !== item && mentionsName(textOf(item), nameOf(other))) visit(other);
    }
    state.set(item, "done");
    out.push(item);
  };
  for (const item of items) visit(item);
  return out;
}

/** A snapshot's views, each after the views its definition reads. */
export function viewsInOrder<V extends { readonly name: string; readonly definition: string }>(
  views: readonly V[],
): V[] {
  return orderByMentions(
    views,
    (v) => v.name,
    (v) => v.definition,
  );
}
