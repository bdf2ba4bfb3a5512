/**
 * Migration versions are strings of digit tokens separated by `_` or `.`
 * (`20250101120000`, `20250101_000000_1.0.0`, `1.1`). They compare token by token,
 * numerically and exactly (no Number conversion: a 20-digit version neither rounds nor
 * collides). Trailing zero tokens do not count (`1.0` equals `1`, as in Flyway), but a
 * version made only of zeros is still a version, before every other.
 */

const TOKEN = /^[0-9]+(?:\.[0-9]+)*$/;

// Regular expressions, not loops over the characters: compiled to machine code at once, they
// cost the same in a command's first call as in its thousandth (a loop runs interpreted until
// it gets hot, which in a short command it seldom does).
const DIGITS = /^[0-9]*$/;
const LEADING_ZEROS = /^0+/;

/** True when `token` is a version token: digits, optionally dotted (`1.0.0`). */
export function isVersionToken(token: string): boolean {
  return TOKEN.test(token);
}

const UNDERSCORE = 0x5f;
const DOT = 0x2e;

/**
 * The version at the start of a stem: the longest run of version tokens, each followed by `_`
 * or the end (the lookahead makes a run that stops inside a token back off to the last whole
 * one: `001_002x` has version `001`).
 */
const VERSION_PREFIX = /[0-9]+(?:\.[0-9]+)*(?:_[0-9]+(?:\.[0-9]+)*)*(?=_|$)/y;

/** Splits a file stem into its version (leading digit tokens) and name (the rest). */
export function splitVersionAndName(stem: string): { version: string; name: string } | null {
  // Every file name of a listing comes through here: sticky from 0, test() leaves the end of
  // the version in lastIndex, and no match array is made.
  VERSION_PREFIX.lastIndex = 0;
  if (!VERSION_PREFIX.test(stem)) return null;
  const end = VERSION_PREFIX.lastIndex;
  return { version: stem.slice(0, end), name: stem.slice(end + 1) };
}

// Sorting a thousand migrations compares versions ~10 000 times: tokenise each version once.
interface Tokens {
  readonly tokens: readonly string[];
  key: string | undefined;
}
const tokenCache = new Map<string, Tokens>();

function tokensOf(version: string): Tokens {
  let entry = tokenCache.get(version);
  if (entry === undefined) {
    // Split at `.` and `_`, leading zeros dropped (a token keeps its last digit), trailing
    // zero tokens dropped.
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i <= version.length; i++) {
      const c = i === version.length ? DOT : version.charCodeAt(i);
      if (c !== DOT && c !== UNDERSCORE) continue;
      let s = start;
      while (s < i - 1 && version.charCodeAt(s) === 0x30) s++;
      parts.push(version.slice(s, i));
      start = i + 1;
    }
    while (parts.length > 0 && parts[parts.length - 1] === "0") parts.pop();
    entry = { tokens: parts, key: undefined };
    tokenCache.set(version, entry);
  }
  return entry;
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two versions: negative when `a` comes first, 0 when they are the same version. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  // The usual case, two versions of one form (`000042`, `20250101120000`): same length, all
  // digits, so the text order is the numeric one. No tokens, no cache lookup.
  if (a.length === b.length && allDigits(a) && allDigits(b)) return a < b ? -1 : 1;
  const ta = tokensOf(a).tokens;
  const tb = tokensOf(b).tokens;
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(ta[i]!, tb[i]!);
    if (c !== 0) return c;
  }
  return ta.length - tb.length === 0 ? 0 : ta.length < tb.length ? -1 : 1;
}

function allDigits(text: string): boolean {
  return DIGITS.test(text);
}

/** A canonical key: two versions that compare equal have the same key. */
export function versionKey(version: string): string {
  // The usual version, one token of digits: its key is that token without its leading zeros
  // (or empty for zero), found without tokens or a cache entry.
  if (allDigits(version)) return version.replace(LEADING_ZEROS, "");
  const entry = tokensOf(version);
  entry.key ??= entry.tokens.join(".");
  return entry.key;
}

/**
 * Puts `items` in version order, in place (stable), and returns it. Lists read from a folder
 * or a table usually come in that order already: one pass checks it, and only an unsorted
 * list is sorted (a sort with this comparator over ten thousand items costs more than the
 * rest of a no-op `up`). For arrays the caller made (a `filter` result): no copy is made.
 */
export function sortByVersion<T>(items: T[], version: (item: T) => string): T[] {
  for (let i = 1; i < items.length; i++) {
    if (compareVersions(version(items[i - 1]!), version(items[i]!)) > 0) {
      return items.sort((a, b) => compareVersions(version(a), version(b)));
    }
  }
  return items;
}
