/**
 * The web admin and HTTP API (SPEC §9) as one `node:http` request handler: routing, the
 * Host/auth/Origin checks in that order, and JSON errors without stack traces. It holds no
 * migration logic: every route is a library call. Requests outside its paths go to `next`
 * (or get a 404 when there is none). Loaded by createAdminHandler on the first request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  DEFAULT_CONCURRENCY,
  errorJson,
  type Migrator,
  makeRedactor,
  redactUrlsIn,
  urlSecrets,
} from "../index.js";
import type { ConfirmFn } from "../ops/confirmation.js";
import { AdminApproval } from "./approval.js";
import { Auth, type Credential, LoginLimiter } from "./auth.js";
import type { AdminHandler, AdminHandlerOptions } from "./create-admin-handler.js";
import { EventHub } from "./events.js";
import { checkHost, checkOrigin, type HostPolicy, hostPolicy } from "./guard.js";
import { errorBody, sendHtml, sendJson, statusOf } from "./http.js";
import { renderLogin } from "./page.js";
import { pageRoutes } from "./page-routes.js";
import { apiRoutes, type Route } from "./routes.js";
import { Runs } from "./runs.js";
import { readTargets, type TargetsDocument } from "./targets.js";

/** The shared state of one handler, as the route tables and the dispatcher use it. */
export interface AdminContext {
  readonly migrator: Migrator;
  readonly auth: Auth;
  readonly basePath: string;
  readonly versionPath: string;
  readonly hosts: HostPolicy;
  readonly limiter: LoginLimiter;
  readonly redact: (text: string) => string;
  readonly options: AdminHandlerOptions;
  readonly runs: Runs;
  /** Reads every target's version; absent when the admin has no targets. */
  readonly targets?: () => Promise<TargetsDocument>;
}

/** The admin handler over `migrator`, with `token` resolved (see createAdminHandler). */
export function buildAdminHandler(
  migrator: Migrator,
  token: string | false,
  options: AdminHandlerOptions,
  approval = new AdminApproval(),
): AdminHandler {
  const scrub = makeRedactor(urlSecrets(migrator.url));
  const redact = (text: string) => scrub(redactUrlsIn(text));
  const hub = new EventHub({ heartbeatMs: options.heartbeatMs, redact });
  const runs = new Runs(migrator, hub, statusOf, approval);
  const ctx: AdminContext = {
    migrator,
    auth: new Auth(token === false ? null : token),
    basePath: trimSlash(options.basePath ?? "/admin/migrations"),
    versionPath: trimSlash(options.versionPath ?? "/api/version"),
    hosts: hostPolicy(options.allowedHosts),
    limiter: new LoginLimiter(),
    redact,
    options,
    runs,
    targets: targetsReader(migrator, options),
  };
  const routes: Route[] = [
    ...pageRoutes(ctx),
    ...apiRoutes(migrator, runs, hub, {
      targets: ctx.targets,
      appVersion: options.appVersion,
      readOnly: options.readOnly === true,
      protectedEnvironment: options.protectedEnvironment,
    }),
  ];
  const handler = ((req, res, next) => {
    dispatch(ctx, routes, req, res, next).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, statusOf(err), errorJson(err), redact);
      else res.end();
    });
  }) as AdminHandler & { close: () => void; confirm: ConfirmFn };
  handler.close = () => hub.close();
  handler.confirm = approval.confirm;
  return handler;
}

async function dispatch(
  ctx: AdminContext,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
  next: ((err?: unknown) => void) | undefined,
): Promise<void> {
  // Express strips a mount path from req.url and keeps the full one in originalUrl.
  const full = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const url = new URL(full, "http://admin.invalid");
  const place = placeOf(ctx, url.pathname);
  if (place === null) {
    if (next) next();
    else sendJson(res, 404, errorBody("E_NOT_FOUND", `No such page: ${url.pathname}`), ctx.redact);
    return;
  }
  const fail = (status: number, code: string, message: string, headers?: Record<string, string>) =>
    sendJson(res, status, errorBody(code, message), ctx.redact, headers);
  const matching = routes.filter((r) => r.under === place.under && r.pattern.test(place.rest));
  const route = matching.find(
    (r) => r.method === req.method || (r.method === "GET" && req.method === "HEAD"),
  );
  if (route === undefined) {
    if (matching.length === 0) return fail(404, "E_NOT_FOUND", `No such page: ${url.pathname}`);
    const allow = [...new Set(matching.map((r) => r.method))].join(", ");
    return fail(405, "E_METHOD", `${req.method} is not allowed here; use ${allow}`, {
      Allow: allow,
    });
  }
  const host = route.anyHost ? null : checkHost(req, ctx.hosts);
  if (host !== null) return fail(403, "E_HOST", host);
  const credential = route.auth ? ctx.auth.check(req) : "open";
  if (credential === null) return unauthorized(ctx, req, res, route);
  if (route.method === "POST") {
    const origin = checkOrigin(req, credential as Credential, ctx.hosts);
    if (origin !== null) return fail(403, "E_ORIGIN", origin);
  }
  const params = route.pattern.exec(place.rest)!.slice(1).map(decodeURIComponent);
  const answer = await route.handle({ req, res, query: url.searchParams, params });
  if (answer !== null) sendJson(res, answer.status, answer.body, ctx.redact);
}

/** 401: the login form for a browser asking for the page, JSON for everything else. */
function unauthorized(
  ctx: AdminContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: Route,
): void {
  if (route.method === "GET" && (req.headers.accept ?? "").includes("text/html")) {
    sendHtml(res, 401, renderLogin(ctx.basePath, null), ctx.redact);
    return;
  }
  sendJson(
    res,
    401,
    errorBody(
      "E_AUTH",
      "Authentication required: send Authorization: Bearer <TIDEMARK_ADMIN_TOKEN>, or log in",
    ),
    ctx.redact,
    { "WWW-Authenticate": 'Bearer realm="tidemark"' },
  );
}

/** Which route table a path belongs to, and the path below it; null when it is not ours. */
function placeOf(ctx: AdminContext, path: string): { under: Route["under"]; rest: string } | null {
  const below = (base: string) =>
    path === base ? "" : path.startsWith(`${base}/`) ? path.slice(base.length) : null;
  const base = below(ctx.basePath);
  if (base !== null) return { under: "base", rest: base === "/" ? "" : base };
  const version = below(ctx.versionPath);
  return version === null ? null : { under: "version", rest: version };
}

function targetsReader(
  migrator: Migrator,
  options: AdminHandlerOptions,
): (() => Promise<TargetsDocument>) | undefined {
  const { targets } = options;
  if (targets === undefined) return undefined;
  return () => readTargets(migrator, targets, options.targetsConcurrency ?? DEFAULT_CONCURRENCY);
}

function trimSlash(path: string): string {
  const p = path.startsWith("/") ? path : `/${path}`;
  return p.length > 1 ? p.replace(/\/+$/, "") : p;
}
