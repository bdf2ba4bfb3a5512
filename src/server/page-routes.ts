/** The page's routes: the page itself, login and logout, and its two static assets. */
import { promises as fsp } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AdminContext } from "./admin-handler.js";
import { clearedCookie } from "./auth.js";
import { readFields, sendHtml } from "./http.js";
import { renderLogin, renderPage } from "./page.js";
import { readPageData } from "./page-data.js";
import type { Route } from "./routes.js";

/**
 * The package's `web/` folder. Source (src/server) and build (dist/server, and the CLI bundle
 * in dist/cli) all sit two levels below the package root.
 */
const WEB = new URL("../../web/", import.meta.url);

const ASSETS: Readonly<Record<string, string>> = {
  "admin.js": "text/javascript; charset=utf-8",
  "admin.css": "text/css; charset=utf-8",
};

const cache = new Map<string, Promise<Buffer>>();

/** The page, login and asset routes of one handler. */
export function pageRoutes(ctx: AdminContext): Route[] {
  const { options } = ctx;
  return [
    {
      method: "GET",
      under: "base",
      pattern: /^$/,
      auth: true,
      handle: async ({ res }) => {
        const data = await readPageData(ctx.migrator, {
          basePath: ctx.basePath,
          environment: options.environment,
          protectedEnvironment: options.protectedEnvironment,
          appVersion: options.appVersion,
          readOnly: options.readOnly === true,
          authEnabled: ctx.auth.enabled,
          targets: ctx.targets,
        });
        sendHtml(res, 200, renderPage(data), ctx.redact);
        return null;
      },
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/login$/,
      auth: false,
      handle: async ({ res }) => {
        sendHtml(res, 200, renderLogin(ctx.basePath, null), ctx.redact);
        return null;
      },
    },
    {
      method: "POST",
      under: "base",
      pattern: /^\/login$/,
      auth: false,
      handle: async ({ req, res }) => {
        await login(ctx, req, res);
        return null;
      },
    },
    {
      method: "POST",
      under: "base",
      pattern: /^\/logout$/,
      auth: true,
      handle: async ({ req, res }) => {
        logout(ctx, req, res);
        return null;
      },
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/assets\/(admin\.js|admin\.css)$/,
      auth: false,
      handle: async ({ res, params }) => {
        const name = params[0]!;
        let bytes = cache.get(name);
        if (bytes === undefined) {
          bytes = fsp.readFile(new URL(name, WEB));
          cache.set(name, bytes);
          bytes.catch(() => cache.delete(name));
        }
        const body = await bytes;
        res.writeHead(200, {
          "Content-Type": ASSETS[name]!,
          "Content-Length": body.length,
          "Cache-Control": "no-cache",
          "X-Content-Type-Options": "nosniff",
        });
        res.end(body);
        return null;
      },
    },
  ];
}

/** Whether the request came over HTTPS (directly, or as a proxy in front says). */
export function isHttps(req: IncomingMessage): boolean {
  return (
    (req.socket as { encrypted?: boolean }).encrypted === true ||
    req.headers["x-forwarded-proto"] === "https"
  );
}

/** Logs in (the form's `token`), rate-limited per client; sets the session cookie. */
export async function login(
  ctx: AdminContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const client = req.socket.remoteAddress ?? "unknown";
  const wait = ctx.limiter.retryAfter(client);
  const page = (status: number, message: string, headers: Record<string, string> = {}) =>
    sendHtml(res, status, renderLogin(ctx.basePath, message), ctx.redact, headers);
  if (wait > 0)
    return page(429, `Too many failed attempts: try again in ${wait} s.`, {
      "Retry-After": String(wait),
    });
  const fields = await readFields(req);
  if (!ctx.auth.matches(fields.token ?? "")) {
    ctx.limiter.fail(client);
    return page(401, "That token is not right.");
  }
  ctx.limiter.succeed(client);
  res.writeHead(303, {
    Location: ctx.basePath,
    "Set-Cookie": ctx.auth.sessionCookie(isHttps(req), ctx.basePath),
    "Cache-Control": "no-store",
  });
  res.end();
}

/** Ends the session: the cookie is cleared. */
export function logout(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(303, {
    Location: ctx.basePath,
    "Set-Cookie": clearedCookie(isHttps(req), ctx.basePath),
    "Cache-Control": "no-store",
  });
  res.end();
}
