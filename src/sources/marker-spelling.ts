/**
 * Near misses of section markers and directives (SPEC §2). A comment line that is meant as a
 * marker but is misspelt (`-- migrate: down`) would otherwise be read as SQL of the section
 * before it, so the down runs during up. Pure; no I/O.
 *
 * Only lines that are not exactly a marker or directive reach this module. Such a line is a
 * near miss when its head — a dash prefix, a word, a separator (`:` or spaces) and a second
 * word, the first thing in the comment — is close to one of the keyword pairs below:
 *
 * - case and the spaces around `:` are normalised away (they cost nothing, but the line is
 *   still refused because it is not the exact spelling);
 * - a prefix other than `--` (one dash, three dashes, a typographic dash) costs 1;
 * - a separator other than the keyword's own (spaces instead of `:`, or `:` instead of a
 *   space, `-` or `_`) costs 1;
 * - each word costs its optimal-string-alignment (Damerau-Levenshtein) distance to the
 *   keyword's word, doubled for the short words `up` and `down`, so that `-- migrate us` or
 *   `-- migrate: do this first` stay comments while `-- migrate:dwon` does not;
 * - a total of 2 or less is a near miss.
 *
 * Words after other text are comment: `-- TODO: migrate:later` is an ordinary comment. The
 * `tidemark:` namespace is ours: any `-- tidemark:` line (any case or spacing) that is not a
 * known directive is an error, a near miss or an unknown directive.
 */

/** Directive names after `-- tidemark:`; `disable` and `disable-next` are read by the linter. */
export const DIRECTIVE_NAMES = [
  "no-transaction",
  "depends",
  "irreversible",
  "disable",
  "disable-next",
] as const;

/** The verdict on a line that looks like a marker or directive but is not one. */
export type NearMiss =
  | {
      readonly kind: "marker" | "directive";
      /** The keyword it resembles, e.g. `-- migrate:down`. */
      readonly keyword: string;
      /** The line as it should be written, its trailing words kept. */
      readonly correct: string;
    }
  | { readonly kind: "unknown-directive"; readonly name: string };

interface Keyword {
  readonly kind: "marker" | "directive";
  readonly words: readonly [string, string];
  readonly separator: ":" | " ";
  readonly spelling: string;
}

const KEYWORDS: readonly Keyword[] = [
  { kind: "marker", words: ["migrate", "up"], separator: ":", spelling: "-- migrate:up" },
  { kind: "marker", words: ["migrate", "down"], separator: ":", spelling: "-- migrate:down" },
  { kind: "marker", words: ["up", "migration"], separator: " ", spelling: "-- Up Migration" },
  { kind: "marker", words: ["down", "migration"], separator: " ", spelling: "-- Down Migration" },
  ...DIRECTIVE_NAMES.map(
    (name): Keyword => ({
      kind: "directive",
      words: ["tidemark", name],
      separator: ":",
      spelling: `-- tidemark:${name}`,
    }),
  ),
];

/** Largest total cost that is still a near miss. */
const MAX_COST = 2;

/** Prefix, first word, separator, second word, rest. */
const HEAD =
  /^(-+|[\u2013\u2014])[ \t]*([A-Za-z]+)([ \t]*:[ \t]*|[ \t]+|[-_])([A-Za-z][A-Za-z_-]*)?(.*)$/;
const NAMESPACE = /^--[ \t]*tidemark[ \t]*:[ \t]*([^\s]*)/i;

/**
 * The near miss on a trimmed line that starts with a dash and is not exactly a marker or a
 * directive; null when the line is an ordinary comment (or SQL).
 */
export function nearMiss(trimmed: string): NearMiss | null {
  const m = HEAD.exec(trimmed);
  const ours = NAMESPACE.exec(trimmed);
  if (!m) return ours ? { kind: "unknown-directive", name: ours[1]! } : null;
  const [, prefix, first, separator, second = "", rest] = m as unknown as string[];
  const fixed = prefix === "--" ? 0 : 1;
  let best: { keyword: Keyword; cost: number } | null = null;
  for (const keyword of KEYWORDS) {
    const sep = separator!.trim() === keyword.separator.trim() ? 0 : 1;
    const cost =
      fixed +
      sep +
      wordCost(first!.toLowerCase(), keyword.words[0]) +
      wordCost(second.toLowerCase(), keyword.words[1]);
    if (cost <= MAX_COST && (best === null || cost < best.cost)) best = { keyword, cost };
  }
  if (best === null) {
    return ours ? { kind: "unknown-directive", name: ours[1]! } : null;
  }
  const { kind, spelling, separator: own } = best.keyword;
  const tail = own === ":" ? rest!.replace(/^[\s,;]+/, "") : rest!.trim();
  const joiner = own === " " && /^[^\w\s]/.test(tail) ? "" : " ";
  return { kind, keyword: spelling, correct: tail === "" ? spelling : spelling + joiner + tail };
}

function wordCost(written: string, keyword: string): number {
  const d = osaDistance(written, keyword);
  return keyword.length <= 4 ? 2 * d : d;
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions
 * of adjacent characters each cost 1 (Damerau-Levenshtein without editing a substring twice).
 * Stops early once every path costs more than MAX_COST.
 */
export function osaDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > MAX_COST) return MAX_COST + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + same);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > MAX_COST) return MAX_COST + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
