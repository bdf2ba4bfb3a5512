/**
 * Who may use the admin: the token (a Bearer header) or a signed session cookie set by the
 * login form. The cookie holds an expiry and a nonce signed with a key derived from the token,
 * never the token itself. Every comparison runs in constant time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The session cookie's name. */
export const SESSION_COOKIE = "tidemark_session";
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** True when `a` and `b` are equal; the time taken does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** How a request proved who it is: the token, the session cookie, or nothing was needed. */
export type Credential = "bearer" | "cookie" | "open";

/** Checks tokens and session cookies for one admin token (or none, when auth is off). */
export class Auth {
  private readonly key: Buffer | null;

  constructor(
    private readonly token: string | null,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {
    this.key =
      token === null ? null : createHash("sha256").update(`tidemark session\0${token}`).digest();
  }

  get enabled(): boolean {
    return this.token !== null;
  }

  /** How `req` is authenticated, or null when it is not. */
  check(req: IncomingMessage): Credential | null {
    if (this.token === null) return "open";
    const header = req.headers.authorization;
    if (header !== undefined) {
      const m = /^Bearer\s+(.+)$/i.exec(header.trim());
      return m !== null && safeEqual(m[1]!, this.token) ? "bearer" : null;
    }
    const cookie = readCookie(req, SESSION_COOKIE);
    return cookie !== undefined && this.verify(cookie) ? "cookie" : null;
  }

  /** True when `attempt` is the token. */
  matches(attempt: string): boolean {
    return this.token !== null && safeEqual(attempt, this.token);
  }

  /** A Set-Cookie value for a new session. */
  sessionCookie(secure: boolean, path: string): string {
    const expires = Date.now() + this.ttlMs;
    const value = `${expires}.${randomBytes(16).toString("base64url")}`;
    const signed = `${value}.${this.sign(value)}`;
    return cookieHeader(signed, Math.floor(this.ttlMs / 1000), secure, path);
  }

  private sign(value: string): string {
    return createHmac("sha256", this.key ?? Buffer.alloc(32))
      .update(value)
      .digest("base64url");
  }

  private verify(cookie: string): boolean {
    const at = cookie.lastIndexOf(".");
    if (at <= 0) return false;
    const value = cookie.slice(0, at);
    if (!safeEqual(cookie.slice(at + 1), this.sign(value))) return false;
    const expires = Number(value.split(".")[0]);
    return Number.isFinite(expires) && expires > Date.now();
  }
}

/** A Set-Cookie value that removes the session. */
export function clearedCookie(secure: boolean, path: string): string {
  return cookieHeader("", 0, secure, path);
}

function cookieHeader(value: string, maxAge: number, secure: boolean, path: string): string {
  const parts = [`${SESSION_COOKIE}=${value}`, `Path=${path}`, `Max-Age=${maxAge}`];
  parts.push("HttpOnly", "SameSite=Strict");
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Failed logins per client address: after `max` failures within `windowMs`, more attempts are
 * refused until the window has passed. A success clears the address's count.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 5,
    private readonly windowMs = 60_000,
  ) {}

  /** Seconds to wait before the next attempt from `client`, or 0 when it may try now. */
  retryAfter(client: string): number {
    const recent = this.recent(client);
    if (recent.length < this.max) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - Date.now()) / 1000));
  }

  fail(client: string): void {
    const recent = this.recent(client);
    recent.push(Date.now());
    this.failures.set(client, recent);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string): number[] {
    const since = Date.now() - this.windowMs;
    return (this.failures.get(client) ?? []).filter((t) => t > since);
  }
}
