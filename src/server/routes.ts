/**
 * The JSON API of SPEC §9. Each route is one library call; the bodies are what the CLI's
 * `--json` prints for the same thing (`status`, `history`, `up`/`down` reports and errors).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorJson, formatJson, type Migrator, TidemarkError, TOOL_VERSION } from "../index.js";
import type { EventHub } from "./events.js";
import { errorBody, readFields, statusOf } from "./http.js";
import type { Answer, RunRequest, Runs } from "./runs.js";

/** What a route handler gets. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly query: URLSearchParams;
  /** The path's captured parts (e.g. the version of `rollback/{version}`). */
  readonly params: readonly string[];
}

/** A route's answer: JSON, or null when it wrote the response itself (events, page). */
export type RouteResult = Answer | null;

export interface Route {
  readonly method: "GET" | "POST";
  /** Matched against the path after the base path (or the version path). */
  readonly pattern: RegExp;
  readonly under: "base" | "version";
  /** False for health, the login form and the assets. */
  readonly auth: boolean;
  /** Answered whatever the Host header (health: load balancers ask by address). */
  readonly anyHost?: true;
  readonly handle: (ctx: RouteContext) => Promise<RouteResult>;
}

/** The settings the API routes read. */
export interface ApiSettings {
  /** Reads every target's status (absent: no targets configured). */
  readonly targets?: () => Promise<unknown>;
  readonly appVersion?: string;
  readonly readOnly: boolean;
  /** When set, a run or rollback must carry `confirm` equal to this environment name. */
  readonly protectedEnvironment?: string;
}

const ok = (body: unknown): Answer => ({ status: 200, body: body as Record<string, unknown> });

/** The API routes over one migrator. */
export function apiRoutes(
  migrator: Migrator,
  runs: Runs,
  hub: EventHub,
  settings: ApiSettings,
): Route[] {
  const health = healthCheck(migrator);
  const change = (request: (ctx: RouteContext) => RunRequest) => async (ctx: RouteContext) =>
    startRun(ctx, request(ctx), runs, settings);
  return [
    {
      method: "GET",
      under: "base",
      pattern: /^\/status$/,
      auth: true,
      handle: async () => ok(await migrator.status()),
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/history$/,
      auth: true,
      handle: async ({ query }) =>
        ok({ history: await migrator.history({ limit: limitOf(query) }) }),
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/health$/,
      auth: false,
      anyHost: true,
      handle: () => health(),
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/events$/,
      auth: true,
      handle: async ({ req, res, query }) => {
        hub.subscribe(req, res, query);
        return null;
      },
    },
    {
      method: "POST",
      under: "base",
      pattern: /^\/run$/,
      auth: true,
      handle: change(() => ({ kind: "run" })),
    },
    {
      method: "POST",
      under: "base",
      pattern: /^\/rollback\/([^/]+)$/,
      auth: true,
      handle: change(({ params }) => ({ kind: "rollback", version: params[0]! })),
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/lint$/,
      auth: true,
      handle: async () => ok(formatJson(await migrator.lint())),
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/targets$/,
      auth: true,
      handle: async () => {
        if (settings.targets === undefined)
          return {
            status: 404,
            body: errorBody(
              "E_NOT_FOUND",
              "No targets: add `targets` to the config file (tidemark serve), or pass { targets } to createAdminHandler",
            ),
          };
        return ok(await settings.targets());
      },
    },
    {
      method: "GET",
      under: "base",
      pattern: /^\/drift$/,
      auth: true,
      handle: async () => ok(await migrator.drift()),
    },
    {
      method: "GET",
      under: "version",
      pattern: /^$/,
      auth: true,
      handle: async () =>
        ok({
          tool: TOOL_VERSION,
          database: (await migrator.status()).current,
          ...(settings.appVersion === undefined ? {} : { app: settings.appVersion }),
        }),
    },
    {
      method: "GET",
      under: "version",
      pattern: /^\/compatibility$/,
      auth: true,
      handle: async ({ query }) =>
        ok(await migrator.compatibility(query.get("app") ?? settings.appVersion ?? null)),
    },
    {
      method: "GET",
      under: "version",
      pattern: /^\/changelog\/([^/]+)$/,
      auth: true,
      handle: async ({ params }) => {
        const entry = await migrator.changelog(params[0]!);
        if (entry === null)
          return {
            status: 404,
            body: errorBody("E_NOT_FOUND", `No migration has version "${params[0]}"`),
          };
        return ok(entry);
      },
    },
  ];
}

/** `POST run` / `POST rollback/{version}`: the dry run, or the run of the plan the dry run showed. */
async function startRun(
  ctx: RouteContext,
  request: RunRequest,
  runs: Runs,
  settings: ApiSettings,
): Promise<Answer> {
  const fields = await readFields(ctx.req);
  if (ctx.query.get("dry_run") === "true" || fields.dry_run === "true") {
    try {
      return ok(await runs.dryRun(request));
    } catch (err) {
      return { status: statusOf(err), body: errorJson(err) };
    }
  }
  if (settings.readOnly)
    return {
      status: 403,
      body: errorBody("E_READ_ONLY", "This admin is read-only: it changes nothing"),
    };
  const plan = ctx.query.get("plan") ?? fields.plan;
  if (plan === undefined || plan === null || plan === "")
    return {
      status: 400,
      body: errorBody(
        "E_USAGE",
        "A run needs ?plan=<hash> from a dry run (POST with ?dry_run=true first), so that what runs is what was reviewed",
      ),
    };
  const env = settings.protectedEnvironment;
  if (env !== undefined && fields.confirm !== env)
    return {
      status: 403,
      body: errorBody(
        "E_CONFIRM",
        `"${env}" is a protected environment: send its name as "confirm" to go on`,
      ),
    };
  if (env !== undefined && request.kind === "run" && fields.force_unsafe !== "true") {
    const lint = await runs.lintErrors();
    if (lint !== null)
      return {
        status: 409,
        body: {
          ...errorBody(
            "E_LINT",
            `${lint.errors} error-level lint finding${lint.errors === 1 ? "" : "s"} on protected environment "${env}"; nothing was applied (send force_unsafe: "true" to apply anyway)`,
          ),
          lint: formatJson(lint),
        },
      };
  }
  return runs.start(request, plan, fields.confirm ?? null);
}

function limitOf(query: URLSearchParams): number | undefined {
  const text = query.get("limit");
  if (text === null) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new TidemarkError("E_USAGE", `limit takes a whole number of at least 1, not "${text}"`);
  return n;
}

/**
 * `health`: 200 `{status: "ready", version}` when up to date, 503 with the pending and failed
 * counts otherwise. One read of the state, shared by every request within a second.
 */
function healthCheck(migrator: Migrator): () => Promise<Answer> {
  let cached: { at: number; answer: Promise<Answer> } | undefined;
  const read = async (): Promise<Answer> => {
    try {
      const state = await migrator.state();
      const pending = state.pending.length + state.repeatables.length;
      const failed = state.failed.length;
      const ready = pending === 0 && failed === 0;
      return {
        status: ready ? 200 : 503,
        body: {
          status: ready ? "ready" : failed > 0 ? "failed" : "pending",
          version: state.current,
          ...(ready ? {} : { pending, failed }),
        },
      };
    } catch (err) {
      const { error } = errorJson(err) as { error: { code: string } };
      return { status: 503, body: { status: "unavailable", error: { code: error.code } } };
    }
  };
  return () => {
    const now = Date.now();
    if (cached === undefined || now - cached.at >= 1000) cached = { at: now, answer: read() };
    return cached.answer;
  };
}
