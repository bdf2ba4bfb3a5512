import { isUtf8 } from "node:buffer";
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
const BLANKS = [0x20, 0x09, 0x0c, 0x0b]; // space, tab, form feed, vertical tab
const BLANK_BEFORE_LF = BLANKS.map((b) => Buffer.from([b, LF]));
// Byte sequences after which the text path must decide: CR, U+2028 and U+2029.
const ASK_TEXT = [Buffer.from([0x0d]), Buffer.from("\u2028"), Buffer.from("\u2029")];

/**
 * {@link checksum} of a file's bytes, decoded as UTF-8, without decoding them when it can:
 * valid UTF-8 with LF endings and no trailing blanks (almost every file) is hashed as it is,
 * less its final newlines. Anything else goes through the text path, so both agree always.
 */
export function checksumBytes(bytes: Buffer): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === LF) end--;
  const last = end > 0 ? bytes[end - 1]! : -1;
  const plain =
    !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) &&
    !BLANKS.includes(last) &&
    ASK_TEXT.every((s) => bytes.indexOf(s) === -1) &&
    BLANK_BEFORE_LF.every((s) => bytes.indexOf(s) === -1) &&
    isUtf8(bytes);
  return plain ? sha256(bytes.subarray(0, end)) : checksum(bytes.toString("utf8"));
}
