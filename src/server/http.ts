/**
 * Small HTTP helpers of the admin: JSON and HTML answers with safe headers (every text passes
 * the secret redactor), bounded request bodies, and the HTTP status of a TidemarkError's code.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ErrorCode, TidemarkError } from "../index.js";

const BASE_HEADERS = {
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "X-Frame-Options": "DENY",
} as const;

/** The page's Content-Security-Policy: its own script and style, nothing inline. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Sends `body` as JSON, redacted. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  redact: (text: string) => string,
  headers: Record<string, string> = {},
): void {
  const text = redact(JSON.stringify(body, null, 2));
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Sends an HTML page, redacted. */
export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  redact: (text: string) => string,
  headers: Record<string, string> = {},
): void {
  const text = redact(html);
  res.writeHead(status, {
    ...BASE_HEADERS,
    ...headers,
    "Content-Security-Policy": PAGE_CSP,
    "Content-Type": "text/html; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** `{error: {code, message}}`. */
export function errorBody(code: string, message: string): Record<string, unknown> {
  return { error: { code, message } };
}

/** Reads a request body of at most `limit` bytes; a larger one is an E_USAGE error. */
export async function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new TidemarkError("E_USAGE", `Request body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The fields of a JSON object or form-encoded body (strings only; anything else is left out). */
export async function readFields(req: IncomingMessage): Promise<Record<string, string>> {
  const text = await readBody(req);
  if (text.trim() === "") return {};
  const type = req.headers["content-type"] ?? "";
  const fields: Record<string, string> = {};
  if (type.includes("application/x-www-form-urlencoded")) {
    for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
    return fields;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TidemarkError("E_USAGE", "The request body is not JSON");
  }
  if (parsed !== null && typeof parsed === "object") {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === "string") fields[k] = v;
  }
  return fields;
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  E_USAGE: 400,
  E_TARGET: 400,
  E_PARSE: 422,
  E_DUPLICATE: 409,
  E_DEPENDENCY: 409,
  E_ORDER: 409,
  E_CHECKSUM: 409,
  E_MISSING: 409,
  E_IRREVERSIBLE: 409,
  E_FAILED_STATE: 409,
  E_LOCK_TIMEOUT: 423,
  E_CONNECT: 503,
};

/** The HTTP status for a thrown error: 4xx for what the caller can fix, 500 otherwise. */
export function statusOf(err: unknown): number {
  return err instanceof TidemarkError ? (STATUS[err.code] ?? 500) : 500;
}
