/**
 * Scrubbing known secrets from free text: driver messages, stack traces, every line the CLI
 * writes. A secret is found however it is written: as typed, percent-decoded, percent-encoded
 * (any mix, hex in either case), with `+` for a space, or escaped inside a JSON string.
 */

/**
 * Secrets shorter than this are not scrubbed from free text: replacing every "pw1" in a message
 * would garble it. URLs are still redacted whole by `redactUrl`, whatever the password's length.
 */
const MIN_SECRET_LENGTH = 4;

/** `text` percent-decoded, or as it is when it holds a `%` that is not an escape. */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function hexPattern(byte: number): string {
  return [...byte.toString(16).toUpperCase().padStart(2, "0")]
    .map((c) => (/[A-F]/.test(c) ? `[${c}${c.toLowerCase()}]` : c))
    .join("");
}

const encoder = new TextEncoder();

/** One character, as itself or percent-encoded (UTF-8), or as JSON writes it. */
function charPattern(ch: string): string {
  const alternatives = [
    ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
    [...encoder.encode(ch)].map((b) => `%${hexPattern(b)}`).join(""),
  ];
  if (ch === " ") alternatives.push("\\+");
  if (ch === '"' || ch === "\\") alternatives.push(`\\\\\\${ch}`);
  return `(?:${alternatives.join("|")})`;
}

function secretPattern(secret: string): string {
  return [...decodePercent(secret)].map(charPattern).join("");
}

/**
 * A function that replaces each of `secrets` in a text with `***`. Each secret is matched in
 * its decoded form, so `p%40ss` and `p@ss` find each other; the longest secrets go first.
 */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const usable = [...new Set(secrets)].filter((s) => [...s].length >= MIN_SECRET_LENGTH);
  const patterns = [...new Set(usable.flatMap((s) => [secretPattern(s), ...rawPattern(s)]))];
  if (patterns.length === 0) return (text) => text;
  patterns.sort((a, b) => b.length - a.length);
  const re = new RegExp(patterns.join("|"), "g");
  return (text) => text.replace(re, "***");
}

/** A secret whose decoded form differs is also matched as typed (`p%40ss`, taken literally). */
function rawPattern(secret: string): string[] {
  return decodePercent(secret) === secret ? [] : [[...secret].map(charPattern).join("")];
}

/** Removes `secrets` from free text (driver messages sometimes echo the URL or its password). */
export function redactText(text: string, secrets: readonly string[]): string {
  return makeRedactor(secrets)(text);
}
