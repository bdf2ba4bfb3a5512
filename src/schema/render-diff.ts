/**
 * Differences between two snapshots as lines for a person (pure):
 *
 *   + table public.audit                      only in the second snapshot (left behind, added by hand)
 *   - index public.users.users_email_idx      only in the first (removed)
 *   ~ column public.users.email: type text → character varying(40)
 *
 * The JSON form is the {@link SchemaComparison} itself.
 */
import type { FieldChange, SchemaDifference } from "./compare-fields.js";

const MARKS = { extra: "+", missing: "-", changed: "~" } as const;
/** Longest value shown whole; longer ones are cut around their first difference. */
const MAX_VALUE = 72;

/** One line per difference, in the order given. */
export function renderDifferences(differences: readonly SchemaDifference[]): string[] {
  return differences.map(renderDifference);
}

/** `~ column public.users.email: type text → varchar(40); nullable true → false`. */
export function renderDifference(d: SchemaDifference): string {
  const head = `${MARKS[d.change]} ${d.kind} ${d.name}`;
  if (d.details === undefined || d.details.length === 0) return head;
  return `${head}: ${d.details.map(renderChange).join("; ")}`;
}

/** `type text → varchar(40)`; an absent value is `(none)`; long texts are cut where they differ. */
export function renderChange(c: FieldChange): string {
  const [from, to] = excerpts(c.from, c.to);
  return `${c.field} ${from} → ${to}`;
}

function excerpts(from: string | undefined, to: string | undefined): [string, string] {
  if (from === undefined || to === undefined) return [show(from), show(to)];
  if (from.length <= MAX_VALUE && to.length <= MAX_VALUE) return [from, to];
  let at = 0;
  while (at < from.length && at < to.length && from[at] === to[at]) at++;
  const start = Math.max(0, at - 20);
  return [cut(from, start), cut(to, start)];
}

function cut(text: string, start: number): string {
  const end = start + MAX_VALUE - 20;
  const body = text.slice(start, end).replace(/\s+/g, " ");
  return `${start > 0 ? "…" : ""}${body}${end < text.length ? "…" : ""}`;
}

function show(value: string | undefined): string {
  if (value === undefined) return "(none)";
  return value.length > MAX_VALUE
    ? `${value.slice(0, MAX_VALUE - 1).replace(/\s+/g, " ")}…`
    : value;
}

/** A count by change: `2 left behind, 1 missing, 1 changed`-style summaries take their numbers here. */
export function countChanges(
  differences: readonly SchemaDifference[],
): Record<SchemaDifference["change"], number> {
  const counts = { missing: 0, extra: 0, changed: 0 };
  for (const d of differences) counts[d.change]++;
  return counts;
}
