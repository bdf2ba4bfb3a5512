import { createHash } from "node:crypto";

/**
 * Normalises migration text so that line endings (CRLF, CR) and trailing white space
 * on any line, or at the end of the file, do not change its checksum.
 */
export function normalizeText(text: string): string {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const trimmed = lines.map((line) => line.replace(/[ \t\f\v]+$/, ""));
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === "") trimmed.pop();
  return trimmed.join("\n");
}

/** SHA-256 (hex) of the normalised text. */
export function checksum(text: string): string {
  return createHash("sha256").update(normalizeText(text), "utf8").digest("hex");
}
