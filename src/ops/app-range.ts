/**
 * A small, pure matcher for app-version ranges as npm writes them, enough for a compatibility
 * matrix: `1.2.3`, `1.x`, `1.2.*`, `>=1.2 <2`, `^1.1.0`, `~1.2`, `1.0.0 - 1.3.0`, `a || b`.
 * Pre-release versions order before their release (`1.2.0-rc.1` < `1.2.0`) and are otherwise
 * matched like any version (no npm "pre-release opt-in" rule).
 */
import { TidemarkError } from "../core/errors.js";

/** major, minor, patch and the pre-release tag (null for a release). */
type Version = readonly [number, number, number, string | null];

/** A partial version: the numbers written (0 to 3 of them; a wildcard ends it). */
interface Partial {
  readonly parts: readonly number[];
  readonly pre: string | null;
}

type Bound = { readonly op: "<" | "<=" | ">" | ">=" | "="; readonly v: Version } | "any" | "none";

const PARTIAL =
  /^v?(\d+|[xX*])?(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+\S*)?$/;
const COMPARATOR = /^(<=|>=|<|>|=|\^|~)?\s*(\S*)$/;

/** Reads an app version (`1.1.0`, `v2`, `1.2.0-rc.1`); null when it is not one. */
export function parseAppVersion(text: string): Version | null {
  const p = partial(text.trim());
  if (p === null || p.parts.length === 0) return null;
  const [major = 0, minor = 0, patch = 0] = p.parts;
  return [major, minor, patch, p.pre];
}

/**
 * True when `version` is in `range`. Throws E_CONFIG naming the range when it cannot be read
 * (a range is config), E_USAGE when the version cannot.
 */
export function matchesAppRange(range: string, version: string): boolean {
  const v = parseAppVersion(version);
  if (v === null)
    throw new TidemarkError("E_USAGE", `"${version}" is not an app version`, {
      hint: "Write it as major.minor.patch, such as 1.2.0.",
    });
  return parseAppRange(range).some((set) => set.every((bound) => satisfies(v, bound)));
}

/** The range as alternatives (`||`) of bounds that must all hold; E_CONFIG when unreadable. */
export function parseAppRange(range: string): Bound[][] {
  return range.split("||").map((alternative) => {
    const text = alternative.trim();
    const hyphen = /^(\S+)\s+-\s+(\S+)$/.exec(text);
    if (hyphen) return [...bounds(">=", hyphen[1]!, range), ...bounds("<=", hyphen[2]!, range)];
    if (text === "") return ["any"];
    // `>= 1.2` is `>=1.2`: join an operator to the version after it.
    const words = text.replace(/(<=|>=|<|>|=|\^|~)\s+/g, "$1").split(/\s+/);
    return words.flatMap((word) => {
      const m = COMPARATOR.exec(word)!;
      return bounds((m[1] ?? "") as Op, m[2]!, range);
    });
  });
}

type Op = "" | "<" | "<=" | ">" | ">=" | "=" | "^" | "~";

function partial(text: string): Partial | null {
  const m = PARTIAL.exec(text);
  if (!m) return null;
  const parts: number[] = [];
  for (const part of [m[1], m[2], m[3]]) {
    if (part === undefined || /^[xX*]$/.test(part)) break;
    parts.push(Number(part));
  }
  return { parts, pre: m[4] ?? null };
}

/** The bounds one comparator stands for. */
function bounds(op: Op, text: string, range: string): Bound[] {
  const p = partial(text);
  if (p === null || (text === "" && op !== ""))
    throw new TidemarkError("E_CONFIG", `Cannot read the app version range "${range}"`, {
      hint: 'Write a version or a range such as "1.x", ">=1.2 <2", "^1.1.0" or "1.0.0 - 1.3.0".',
    });
  const n = p.parts.length;
  const lo: Version = [p.parts[0] ?? 0, p.parts[1] ?? 0, p.parts[2] ?? 0, p.pre];
  const above = (at: number): Version => bump(lo, at);
  switch (op) {
    case "":
    case "=":
      return n === 3 ? [{ op: "=", v: lo }] : n === 0 ? ["any"] : between(lo, above(n - 1));
    case ">=":
      return n === 0 ? ["any"] : [{ op: ">=", v: lo }];
    case ">":
      return n === 3 ? [{ op: ">", v: lo }] : n === 0 ? ["none"] : [{ op: ">=", v: above(n - 1) }];
    case "<":
      return n === 0 ? ["none"] : [{ op: "<", v: lo }];
    case "<=":
      return n === 3 ? [{ op: "<=", v: lo }] : n === 0 ? ["any"] : [{ op: "<", v: above(n - 1) }];
    case "~":
      return n === 0 ? ["any"] : between(lo, above(n === 1 ? 0 : 1));
    case "^": {
      if (n === 0) return ["any"];
      // The first non-zero part written may change no further; with none, the last written.
      const first = p.parts.findIndex((x) => x !== 0);
      return between(lo, above(first === -1 ? n - 1 : first));
    }
  }
}

function between(lo: Version, hi: Version): Bound[] {
  return [
    { op: ">=", v: lo },
    { op: "<", v: hi },
  ];
}

/** The first version above every version that starts like `v` up to part `at`. */
function bump(v: Version, at: number): Version {
  const parts = [v[0], v[1], v[2]].map((x, i) => (i < at ? x : i === at ? x + 1 : 0));
  return [parts[0]!, parts[1]!, parts[2]!, null];
}

function satisfies(v: Version, bound: Bound): boolean {
  if (bound === "any") return true;
  if (bound === "none") return false;
  const c = compare(v, bound.v);
  switch (bound.op) {
    case "<":
      return c < 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case ">=":
      return c >= 0;
    case "=":
      return c === 0;
  }
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === b[3]) return 0;
  if (a[3] === null) return 1;
  if (b[3] === null) return -1;
  return a[3] < b[3] ? -1 : 1;
}
