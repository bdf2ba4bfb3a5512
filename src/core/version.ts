/**
 * Migration versions are strings of digit tokens separated by `_` or `.`
 * (`20250101120000`, `20250101_000000_1.0.0`, `1.1`). They compare token by token,
 * numerically and exactly (no Number conversion: a 20-digit version neither rounds nor
 * collides). Trailing zero tokens do not count (`1.0` equals `1`, as in Flyway), but a
 * version made only of zeros is still a version, before every other.
 */

const TOKEN = /^[0-9]+(?:\.[0-9]+)*$/;

/** True when `token` is a version token: digits, optionally dotted (`1.0.0`). */
export function isVersionToken(token: string): boolean {
  return TOKEN.test(token);
}

/** Splits a file stem into its version (leading digit tokens) and name (the rest). */
export function splitVersionAndName(stem: string): { version: string; name: string } | null {
  const parts = stem.split("_");
  let i = 0;
  while (i < parts.length && isVersionToken(parts[i]!)) i++;
  if (i === 0) return null;
  return { version: parts.slice(0, i).join("_"), name: parts.slice(i).join("_") };
}

// Sorting a thousand migrations compares versions ~10 000 times: tokenise each version once.
const tokenCache = new Map<string, readonly string[]>();

function numericTokens(version: string): readonly string[] {
  let tokens = tokenCache.get(version);
  if (tokens === undefined) {
    const parts = version.split(/[._]/).map((t) => t.replace(/^0+(?=.)/, ""));
    while (parts.length > 0 && parts[parts.length - 1] === "0") parts.pop();
    tokens = parts;
    tokenCache.set(version, tokens);
  }
  return tokens;
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two versions: negative when `a` comes first, 0 when they are the same version. */
export function compareVersions(a: string, b: string): number {
  const ta = numericTokens(a);
  const tb = numericTokens(b);
  const n = Math.min(ta.length, tb.length);
  for (let i = 0; i < n; i++) {
    const c = compareDigits(ta[i]!, tb[i]!);
    if (c !== 0) return c;
  }
  return ta.length - tb.length === 0 ? 0 : ta.length < tb.length ? -1 : 1;
}

/** A canonical key: two versions that compare equal have the same key. */
export function versionKey(version: string): string {
  return numericTokens(version).join(".");
}
