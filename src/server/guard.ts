/**
 * Checks that come before authentication: the Host header (a page on another site that
 * rebinds its DNS name to this server's address sends its own name) and, for changes, the
 * Origin (a cross-site form or fetch never carries this server's origin).
 */
import type { IncomingMessage } from "node:http";
import type { Credential } from "./auth.js";

/** Names every admin answers to: the loopback ones. */
export const LOOPBACK_HOSTS: readonly string[] = ["localhost", "127.0.0.1", "::1"];

/** The host name of a Host header or URL authority, lower-cased, without port or brackets. */
export function hostName(authority: string): string {
  const a = authority.trim().toLowerCase();
  if (a.startsWith("[")) return a.slice(1, a.indexOf("]") === -1 ? undefined : a.indexOf("]"));
  const colon = a.lastIndexOf(":");
  return colon === -1 || a.indexOf(":") !== colon ? a : a.slice(0, colon);
}

/** Which Host names are served: a list (the loopback names are always in it), or any. */
export type HostPolicy = ReadonlySet<string> | "any";

/** The policy for `allowed` (names, or "any"). */
export function hostPolicy(allowed: readonly string[] | "any" | undefined): HostPolicy {
  if (allowed === "any") return "any";
  return new Set([...LOOPBACK_HOSTS, ...(allowed ?? []).map((h) => hostName(h))]);
}

/** Null when the request's Host is served, else the reason it is refused. */
export function checkHost(req: IncomingMessage, policy: HostPolicy): string | null {
  if (policy === "any") return null;
  const host = req.headers.host;
  if (host === undefined) return "The request has no Host header";
  const name = hostName(host);
  if (policy.has(name)) return null;
  return `Host "${name}" is not one this admin answers to; add it to allowedHosts (serve: --allowed-host)`;
}

/**
 * Null when a state-changing request may go on, else the reason it is refused. A browser sends
 * Origin with every POST: it must be this server's own. Without Origin, a session cookie is
 * not accepted (a Bearer token is, and so is a request when authentication is off).
 */
export function checkOrigin(
  req: IncomingMessage,
  credential: Credential,
  policy: HostPolicy,
): string | null {
  const origin = req.headers.origin;
  const site = req.headers["sec-fetch-site"];
  if (origin === undefined || origin === "null") {
    if (site !== undefined && site !== "same-origin" && site !== "none")
      return "Cross-site request refused";
    if (origin === "null") return "Requests from an opaque origin are refused";
    // A browser sends Origin with every POST: none means a script (curl), which a session
    // cookie does not authenticate.
    return credential === "cookie" ? "A change needs the Origin header (or a Bearer token)" : null;
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return "The Origin header is not a URL";
  }
  const own = (req.headers.host ?? "").toLowerCase();
  if (url.host.toLowerCase() !== own) return `Cross-origin request from ${url.origin} refused`;
  if (policy !== "any" && !policy.has(hostName(url.host))) return `Origin ${url.origin} refused`;
  return null;
}
