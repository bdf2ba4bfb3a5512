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

/**
 * In a file's bytes read as Latin-1 (one character a byte): a byte the plain path cannot hash as
 * it is (CR, anything not ASCII), or a blank that ends a line or the file.
 */
const ODD_BYTES = /[\r\x80-\xff]|[ \t\f\v](?:\n|$)/;

/**
 * {@link checksum} of a file's bytes (the first `length` of `bytes`), decoded as UTF-8, without
 * decoding them when it can: ASCII with LF endings and no trailing blanks (almost every file) is
 * hashed as it is, less its final newlines. Anything else goes through the text path, so both
 * agree always. `latin1`: those bytes as Latin-1 text, when the caller has it already; for ASCII
 * it is the very text the bytes hold, and hashing it hashes them (no view of the buffer made a
 * file). One regular expression over it finds what needs the text path: compiled to machine
 * code at once, it costs the same in a process's first file as in its thousandth (a loop over
 * the bytes is interpreted until it gets hot, which in a short command it never does).
 */
export function checksumBytes(
  bytes: Buffer,
  length = bytes.length,
  latin1: string = bytes.toString("latin1", 0, length),
): string {
  if (ODD_BYTES.test(latin1)) return checksum(bytes.toString("utf8", 0, length));
  let end = length;
  while (end > 0 && latin1.charCodeAt(end - 1) === LF) end--;
  return sha256(end === length ? latin1 : latin1.slice(0, end));
}
