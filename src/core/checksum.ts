import { createHash } from "node:crypto";

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

/** SHA-256 (hex) of the normalised text. */
export function checksum(text: string): string {
  return createHash("sha256").update(normalizeText(text), "utf8").digest("hex");
}
