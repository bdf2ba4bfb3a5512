/** The web admin on a free loopback port, over a migrator, with small fetch helpers. */
import { createServer, request as httpRequest, type Server } from "node:http";
import {
  type AdminHandlerOptions,
  type ConfirmFn,
  createAdminHandler,
  type Migrator,
} from "../../src/index.js";

export const TOKEN = "test-admin-token-0123456789";

export interface AdminServer {
  /** `http://127.0.0.1:port` */
  readonly origin: string;
  /** `origin` + base path */
  readonly base: string;
  /** fetch relative to `base`, with the Bearer token unless `auth: false`. */
  api(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  /** POST relative to `base` with the token and this server's own Origin. */
  post(path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
  readonly server: Server;
  /** The handler's confirm (for a migrator on a protected environment). */
  readonly confirm: ConfirmFn;
}

/** Serves createAdminHandler(migrator, {token: TOKEN, ...options}) on 127.0.0.1:0. */
export async function startAdmin(
  migrator: Migrator,
  options: AdminHandlerOptions = {},
): Promise<AdminServer> {
  const handler = createAdminHandler(migrator, { token: TOKEN, ...options });
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const origin = `http://127.0.0.1:${port}`;
  const base = `${origin}${options.basePath ?? "/admin/migrations"}`;
  const api = (path: string, init: RequestInit & { auth?: boolean } = {}) => {
    const headers = new Headers(init.headers);
    if (init.auth !== false && !headers.has("authorization"))
      headers.set("authorization", `Bearer ${TOKEN}`);
    return fetch(`${base}${path}`, { ...init, headers, redirect: "manual" });
  };
  return {
    origin,
    base,
    server,
    api,
    confirm: handler.confirm,
    post: (path, body) =>
      api(path, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify(body ?? {}),
      }),
    close: async () => {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A raw GET with a chosen Host header (fetch does not let a caller set Host). */
export function getWithHost(
  url: string,
  host: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: { ...headers, host } }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** One server-sent event. */
export interface SseEvent {
  readonly id: number;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * Opens the event stream and resolves once it is open, with `done`: the promise of what
 * {@link readEvents} reads (so that a run started next is seen from its first event).
 */
export async function openEvents(
  admin: AdminServer,
  until: (events: readonly SseEvent[], comments: readonly string[]) => boolean,
  options: { lastEventId?: number; timeoutMs?: number } = {},
): Promise<{ done: Promise<{ events: SseEvent[]; comments: string[] }> }> {
  let opened!: () => void;
  const open = new Promise<void>((resolve) => {
    opened = resolve;
  });
  const done = readEvents(admin, until, { ...options, onOpen: opened });
  await open;
  return { done };
}

/**
 * Reads the event stream until `until` says stop (or `timeoutMs`), returning the events and
 * the heartbeat comments seen.
 */
export async function readEvents(
  admin: AdminServer,
  until: (events: readonly SseEvent[], comments: readonly string[]) => boolean,
  options: { lastEventId?: number; timeoutMs?: number; onOpen?: () => void } = {},
): Promise<{ events: SseEvent[]; comments: string[] }> {
  const controller = new AbortController();
  const headers: Record<string, string> = {};
  if (options.lastEventId !== undefined) headers["last-event-id"] = String(options.lastEventId);
  const res = await admin.api("/events", { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
  options.onOpen?.();
  let buffer = "";
  try {
    while (!until(events, comments)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += new TextDecoder().decode(value);
      let at = buffer.indexOf("\n\n");
      while (at !== -1) {
        const frame = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        at = buffer.indexOf("\n\n");
        if (frame.startsWith(":")) comments.push(frame);
        const fields = Object.fromEntries(
          frame
            .split("\n")
            .filter((l) => !l.startsWith(":") && l.includes(": "))
            .map((l) => [l.slice(0, l.indexOf(": ")), l.slice(l.indexOf(": ") + 2)]),
        );
        if (fields.event !== undefined && fields.data !== undefined)
          events.push({ id: Number(fields.id), type: fields.event, data: JSON.parse(fields.data) });
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return { events, comments };
}

/** A response's body parsed as JSON (any shape: the tests assert on it). */
export const json = async (res: Response) => JSON.parse(await res.text());
