import { createHash } from "node:crypto";

/**
 * Normalises migration text so that line endings (CRLF, CR) and trailing white space
 * on any line, or at the end of the file, do not change its checksum.
 */
export function normalizeText(text: string): string {
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
