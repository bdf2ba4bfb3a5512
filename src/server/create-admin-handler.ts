/**
 * `createAdminHandler(migrator, options)`: the web admin and HTTP API (SPEC §9) as a
 * `node:http` request handler, `(req, res, next?)`, that an app mounts in its own server
 * (node:http, Express, Fastify, Koa, Hono); `tidemark serve` runs it on its own port.
 * This module is all that `import "tidemark"` loads of the admin: the server's code is
 * imported on the first request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { TidemarkError } from "../core/errors.js";
import type { Migrator } from "../core/migrator.js";
import type { ConfirmFn } from "../ops/confirmation.js";
import { AdminApproval } from "./approval.js";
import type { AdminTargets } from "./targets.js";

export interface AdminHandlerOptions {
  /**
   * The admin token: a Bearer header, or typed into the login form. Default: the variable
   * TIDEMARK_ADMIN_TOKEN. `false` turns authentication off (only behind your own auth, or on
   * loopback). Without either, createAdminHandler throws.
   */
  readonly token?: string | false;
  /** Where the page and API live. Default `/admin/migrations`. */
  readonly basePath?: string;
  /** Where the version API lives. Default `/api/version`. */
  readonly versionPath?: string;
  /** The running app's version, for `/api/version` and the compatibility check. */
  readonly appVersion?: string;
  /** Only read: run and rollback are refused (403). */
  readonly readOnly?: boolean;
  /**
   * Host names the admin answers to besides localhost, 127.0.0.1 and ::1 (DNS rebinding
   * protection); `"any"` turns the check off (a proxy in front checks it).
   */
  readonly allowedHosts?: readonly string[] | "any";
  /** A protected environment's name: a run or rollback must send it as `confirm`. */
  readonly protectedEnvironment?: string;
  /** The environment's name, shown on the page. */
  readonly environment?: string;
  /** Milliseconds between event-stream heartbeats. Default 15 000. */
  readonly heartbeatMs?: number;
  /**
   * The fan-out's targets (config `targets`; a function is called on each read, so a schema
   * query finds new tenants): the page shows every target's version (version skew) and
   * `GET targets` returns it. Each target is read with this migrator's migrations and table.
   */
  readonly targets?: AdminTargets;
  /** Targets read at once. Default 4. */
  readonly targetsConcurrency?: number;
}

/** A node:http handler; `close()` ends the event streams and stops the heartbeat. */
export interface AdminHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void;
  close(): void;
}

/**
 * A node:http handler; `close()` ends its event streams and stops their heartbeat. `confirm`
 * is for the migrator's `confirm` option on a protected environment: it says yes to the runs a
 * person approved on the page (same plan, environment name typed), no to anything else.
 */
export interface AdminHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void;
  close(): void;
  readonly confirm: ConfirmFn;
}

/**
 * Creates the admin handler over `migrator`. Throws E_CONFIG when there is no token (no
 * `token`, no TIDEMARK_ADMIN_TOKEN) and authentication was not turned off with `token: false`.
 */
export function createAdminHandler(
  migrator: Migrator,
  options: AdminHandlerOptions = {},
): AdminHandler {
  const token = options.token ?? process.env.TIDEMARK_ADMIN_TOKEN ?? "";
  if (token === "")
    throw new TidemarkError("E_CONFIG", "The web admin needs a token", {
      hint: "Set TIDEMARK_ADMIN_TOKEN, pass { token }, or pass { token: false } when your app authenticates in front of it.",
    });
  let loaded: Promise<AdminHandler> | undefined;
  const approval = new AdminApproval();
  const load = () => {
    loaded ??= import("./admin-handler.js").then((m) =>
      m.buildAdminHandler(migrator, token, options, approval),
    );
    return loaded;
  };
  const handler = ((req, res, next) => {
    load().then(
      (h) => h(req, res, next),
      (err: unknown) => {
        if (next) return next(err);
        res.statusCode = 500;
        res.end();
      },
    );
  }) as AdminHandler & { close: () => void; confirm: ConfirmFn };
  handler.close = () => {
    void loaded?.then((h) => h.close());
  };
  handler.confirm = approval.confirm;
  return handler;
}
