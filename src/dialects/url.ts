/**
 * The credentials of a database URL, found the way a URL parser would find them if they were
 * percent-encoded — so that a password is hidden however it was typed (`@ / ? # : %`, spaces,
 * any script) — and the URL as it may be shown. Every output path redacts through here.
 */
import { TidemarkError } from "../core/errors.js";
import { decodePercent, redactText } from "./redact-text.js";

export { makeRedactor, redactText } from "./redact-text.js";

/** How tidemark reads a URL; every part is the text as written. */
export type UrlReading =
  | {
      /** `scheme://[userinfo@]host…`. */
      readonly kind: "authority";
      readonly scheme: string;
      /** The userinfo up to its first `:`; null when the URL has no userinfo. */
      readonly user: string | null;
      /** The userinfo after its first `:`; null when there is none. */
      readonly password: string | null;
      /** `host[:port][/path][?query][#fragment]`. */
      readonly rest: string;
      /** What a later `@` passed over as a query value would have made the password (rule 3). */
      readonly otherPasswords: readonly string[];
    }
  /** No `//` part: `sqlite:./app.db`, `pglite:memory`, a bare path. */
  | { readonly kind: "opaque"; readonly text: string }
  /** An `@` was seen but no host after it: only the scheme and the last host may be shown. */
  | {
      readonly kind: "unreadable";
      /** `postgres://`, `deploy:` or "" (as written). */
      readonly prefix: string;
      readonly host: string | null;
    };

/** Schemes whose URLs are file paths: an `@` in them is part of a file name. */
const PATH_SCHEMES = new Set(["sqlite", "pglite", "file"]);
const HOST_PORT = String.raw`(?:\[[^\]@/?#\s]*\]|[^@/?#:\[\],\s]*)(?::\d*)?`;
const HOSTS = `${HOST_PORT}(?:,${HOST_PORT})*`;
/** What follows the userinfo: host[:port] (or several, comma-separated), path, query, fragment. */
const TAIL = new RegExp(String.raw`^(${HOSTS})((?:/[^?#]*)?)(\?[^#]*)?(#[\s\S]*)?$`);
/** Unmistakably a host: an IP literal, a dotted name or localhost, or any name with a port. */
const CLEAR_HOST = /^(?:(?:\[[^\]]+\]|[^:[\]]*\.[^:[\]]*|localhost)(?::\d+)?|[^:[\]]+:\d+)$/i;
/** Where a query parameter holding a password starts; its value runs to the next `&name=`. */
const PASSWORD_PARAM =
  /([?&](?:ssl)?(?:password|passwd|pass|pwd)=)([\s\S]*?)(?=&[A-Za-z_][\w.-]*=|$)/gi;
const PASSWORD_NAME = /^(?:ssl)?(?:password|passwd|pass|pwd)=/i;

interface Tail {
  readonly hosts: string;
  readonly queryStart: number;
  readonly query: string;
}

function readTail(tail: string): Tail | null {
  const m = TAIL.exec(tail);
  if (!m) return null;
  const [, hosts = "", path = "", query = ""] = m;
  return { hosts, queryStart: hosts.length + path.length, query };
}

/**
 * True when the `@` at `at` is better read as part of a query value of the reading that ends
 * its userinfo at `from` (-1: no userinfo), e.g. `?options=a@b` or `?application_name=me@laptop`.
 */
function inQueryValue(rest: string, from: number, at: number): boolean {
  const tail = readTail(rest.slice(from + 1));
  if (!tail || tail.query === "") return false;
  const queryStart = from + 1 + tail.queryStart;
  if (at <= queryStart) return false;
  const param = rest
    .slice(queryStart + 1, at)
    .split("&")
    .at(-1)!;
  // A password parameter's value runs to the next `&name=` or the end, whatever it holds.
  if (PASSWORD_NAME.test(param)) return true;
  // No host at all (`scheme:///db?host=/tmp`, `u:p@/db?host=…`: a Unix socket) is as clear.
  const clear = tail.hosts === "" || tail.hosts.split(",").every((h) => CLEAR_HOST.test(h));
  if (!clear || at >= queryStart + tail.query.length) return false;
  return /^[A-Za-z_][\w.-]*=/.test(param) && /^[^@/?#:&\s]*(?:[&#]|$)/.test(rest.slice(at + 1));
}

/**
 * Where the userinfo of `rest` (the URL after `scheme://`) ends: the index of its `@`, -1 when
 * there is no userinfo, null when no reading works. The rule:
 *
 * 1. An `@` (or the start, meaning "no userinfo") can end the userinfo only when what follows
 *    is a host part: `host[:port]` (or several, comma-separated), then the end, `/`, `?` or `#`.
 * 2. Of those, the LAST one is taken. A password may hold `@ / ? # :` unencoded and a host
 *    never does, so everything before the host belongs to the userinfo. When unsure, this
 *    hides more text, never less.
 * 3. Except an `@` in a query value (`?application_name=me@laptop`): it is passed over when an
 *    earlier reading has an unmistakable host (an IP, a dotted name, localhost, a port, or no
 *    host at all, as in `u@/db?host=/tmp`) and
 *    the `@` sits in the value of one of that reading's `name=value` parameters, followed only
 *    by a bare name up to `&`, `#` or the end (no port, no path) — or, in a `password=` value,
 *    followed by anything up to the next `&name=`. The password the passed-over
 *    `@` would have meant is still hidden wherever it appears (`postgres://u:1?q=1@db`).
 *    The one shape read wrongly is a password that itself holds `@`, a dotted host, `?` and
 *    `name=value`, in a URL that ends at its host (`u:x@a.b?c=d@db`); percent-encoded, every
 *    password is read rightly.
 *
 * Returns the chosen `@` and the `@`s passed over by rule 3.
 */
function userinfoEnd(rest: string): { readonly end: number; readonly skipped: number[] } | null {
  const candidates: number[] = readTail(rest) ? [-1] : [];
  for (let i = rest.indexOf("@"); i !== -1; i = rest.indexOf("@", i + 1)) {
    if (readTail(rest.slice(i + 1))) candidates.push(i);
  }
  for (let k = candidates.length - 1; k >= 0; k--) {
    const at = candidates[k]!;
    if (!candidates.slice(0, k).some((from) => inQueryValue(rest, from, at))) {
      return { end: at, skipped: candidates.slice(k + 1) };
    }
  }
  return null;
}

function splitUserinfo(userinfo: string): { user: string; password: string | null } {
  const colon = userinfo.indexOf(":");
  return colon === -1
    ? { user: userinfo, password: null }
    : { user: userinfo.slice(0, colon), password: userinfo.slice(colon + 1) };
}

/** Splits `url` into scheme, user, password and the rest, as described at {@link userinfoEnd}. */
export function readUrl(url: string): UrlReading {
  const m = /^([a-z][a-z0-9+.-]*):(\/\/)?/i.exec(url);
  const prefix = m?.[0] ?? "";
  if (!m?.[2]) {
    if (!url.includes("@") || PATH_SCHEMES.has(m?.[1]?.toLowerCase() ?? "")) {
      return { kind: "opaque", text: url };
    }
    return { kind: "unreadable", prefix, host: hostAfterLastAt(url) };
  }
  const rest = url.slice(prefix.length);
  const found = userinfoEnd(rest);
  if (found === null) return { kind: "unreadable", prefix, host: hostAfterLastAt(rest) };
  const { end, skipped } = found;
  const otherPasswords = skipped
    .map((at) => splitUserinfo(rest.slice(0, at)).password)
    .filter((p): p is string => p !== null && p !== "");
  const { user, password } =
    end === -1 ? { user: null, password: null } : splitUserinfo(rest.slice(0, end));
  return {
    kind: "authority",
    scheme: m[1]!,
    user,
    password,
    rest: rest.slice(end + 1),
    otherPasswords,
  };
}

function hostAfterLastAt(text: string): string | null {
  const at = text.lastIndexOf("@");
  if (at === -1) return null;
  const host = /^[^@/?#:\s]+/.exec(text.slice(at + 1))?.[0];
  return host ?? null;
}

function redactParams(text: string): string {
  return text.replace(PASSWORD_PARAM, (_all, name: string) => `${name}***`);
}

/**
 * `url` as it may be shown: the password replaced by `***` (user, host, port, database and
 * parameters kept), `password=` parameters too; a URL that cannot be read shows only its
 * scheme and host (`postgres://***@db.example.com`), or only its scheme.
 */
export function redactUrl(url: string): string {
  const r = readUrl(url);
  if (r.kind === "opaque") return redactParams(r.text);
  if (r.kind === "unreadable") return `${r.prefix}***${r.host === null ? "" : `@${r.host}`}`;
  const userinfo = r.user === null ? "" : `${r.user}${r.password === null ? "" : ":***"}@`;
  const shown = `${r.scheme}://${userinfo}${redactParams(r.rest)}`;
  return r.otherPasswords.length === 0 ? shown : redactText(shown, r.otherPasswords);
}

/**
 * Every `scheme://…` token of a free text (a message, a stack trace) through {@link redactUrl},
 * for URLs whose password is not known (another environment's, a config file's snippet).
 * A token ends at white space or a quote, so a password with a space is better caught by
 * {@link redactText} with the URL's {@link urlSecrets}.
 */
export function redactUrlsIn(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'`<>]+/gi, redactUrl);
}

/**
 * The secrets of `url` to scrub from free text (driver messages, stack traces, every CLI line):
 * the password and every `password=` value, as written and percent-decoded. For a URL that
 * cannot be read, everything between the first `:` of the userinfo and the last `@`.
 * A password equal to the user name, a host or the database name is left out: those are shown
 * anyway, and scrubbing "postgres" from every line of `postgres:postgres@…/postgres` helps nobody.
 */
export function urlSecrets(url: string): string[] {
  const r = readUrl(url);
  const found: string[] = [];
  if (r.kind === "authority") found.push(...(r.password ? [r.password] : []), ...r.otherPasswords);
  if (r.kind === "unreadable") {
    const start = url.indexOf(":", url.indexOf("//") + 2);
    const end = url.lastIndexOf("@");
    if (start !== -1 && end > start) found.push(url.slice(start + 1, end));
  }
  const params = r.kind === "authority" ? r.rest : r.kind === "opaque" ? r.text : "";
  for (const m of params.matchAll(PASSWORD_PARAM)) {
    if (m[2]) found.push(m[2], m[2].replace(/\+/g, " "));
  }
  const shown = r.kind === "authority" ? shownParts(r.user, r.rest) : new Set<string>();
  const all = found.flatMap((s) => [s, decodePercent(s)]);
  return [...new Set(all)].filter((s) => s !== "" && !shown.has(s));
}

/** The user name, host names and path segments of a URL, decoded: the parts it shows. */
function shownParts(user: string | null, rest: string): Set<string> {
  const tail = readTail(rest);
  const hosts = tail?.hosts.split(",").map((h) => h.replace(/:\d*$/, "")) ?? [];
  const path = rest.slice(tail?.hosts.length ?? 0, tail?.queryStart ?? 0).split("/");
  return new Set([user ?? "", ...hosts, ...path].map(decodePercent));
}

/**
 * Throws E_CONFIG (URL redacted) when a URL parser would not read the user and password the
 * way tidemark does — they hold `/`, `?` or `#` unencoded, or no host can be found — rather
 * than letting the driver connect to a host made of a piece of the password.
 * `example` is the URL form to suggest, e.g. `postgres://user:password@host:5432/database`.
 */
export function assertReadableCredentials(url: string, engine: string, example: string): void {
  const r = readUrl(url);
  const userinfo = r.kind === "authority" ? `${r.user ?? ""}:${r.password ?? ""}` : "";
  if (r.kind === "opaque" || (r.kind === "authority" && !/[/?#]/.test(userinfo))) return;
  const why =
    r.kind === "unreadable"
      ? "no host can be found after its user name and password"
      : "its user name or password holds / ? or # (or it has an @ in a query value), which a URL parser reads as the end of the host";
  throw new TidemarkError("E_CONFIG", `Invalid ${engine} URL ${redactUrl(url)}: ${why}`, {
    hint: percentEncodeHint(example),
  });
}

/** What to do about a URL a parser cannot read: its form, and how to encode the password. */
export function percentEncodeHint(example: string): string {
  return `Write it as ${example}, with special characters in the user name and password percent-encoded (@ → %40, / → %2F, ? → %3F, # → %23, : → %3A, % → %25, space → %20; encodeURIComponent does it).`;
}

/**
 * `url` with its path (the database name) replaced by `database`: user, password, hosts and
 * parameters kept as written. For URLs with an authority (`postgres://…`, `mysql://…`).
 */
export function withDatabase(url: string, database: string): string {
  const r = readUrl(url);
  const m = r.kind === "authority" ? /^([^/?#]*)(?:\/[^?#]*)?([\s\S]*)$/.exec(r.rest) : null;
  if (r.kind !== "authority" || m === null)
    throw new TidemarkError("E_CONFIG", `Cannot name another database in ${redactUrl(url)}`, {
      hint: "Give a URL of the form scheme://user@host:port/database.",
    });
  const userinfo =
    r.user === null ? "" : `${r.user}${r.password === null ? "" : `:${r.password}`}@`;
  return `${r.scheme}://${userinfo}${m[1]}/${encodeURIComponent(database)}${m[2]}`;
}
