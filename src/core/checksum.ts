import * as crypto from "node:crypto";

const NEEDS_REWRITE = /^\uFEFF|\r|[ \t\f\v](?:[\n\u2028\u2029]|$)/;

/**
 * Normalises migration text so that line endings (CRLF, CR) and trailing white space
 * on any line, or at the end of the file, do not change its checksum.
 */
export function normalizeText(text: string): string {
  // Most files have LF endings and no trailing blanks: one scan finds that, and spares them
  // the rewriting passes.
  if (!NEEDS_REWRITE.test(text)) return text.replace(/\n+$/, "");
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\f\v]+$/gm, "")
    .replace(/\n+$/, "");
}

// One-shot hashing (Node 20.12+) skips the Hash object a file; older releases fall back.
const sha256: (data: string | Uint8Array) => string =
  typeof crypto.hash === "function"
    ? (data) => crypto.hash("sha256", data, "hex")
    : (data) => crypto.createHash("sha256").update(data).digest("hex");

/** SHA-256 (hex) of the normalised text. */
export function checksum(text: string): string {
  return sha256(normalizeText(text));
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * {@link checksum} of a file's bytes, decoded as UTF-8, without decoding them when it can:
 * ASCII with LF endings and no trailing blanks (almost every file) is hashed as it is, less
 * its final newlines. Anything else goes through the text path, so both agree always.
 */
export function checksumBytes(bytes: Buffer): string {
  // One pass in plain JS: for files of a few hundred bytes it beats a native scan a rule.
  let previous = LF;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b === CR || b >= 0x80 || (b === LF && isBlank(previous))) {
      return checksum(bytes.toString("utf8"));
    }
    previous = b;
  }
  if (isBlank(previous)) return checksum(bytes.toString("utf8"));
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === LF) end--;
  return sha256(bytes.subarray(0, end));
}

/** Space, tab, form feed, vertical tab: what normalisation strips at the end of a line. */
function isBlank(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0c || b === 0x0b;
}
