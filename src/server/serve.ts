/**
 * `tidemark serve`: the admin handler on its own `node:http` server. Refuses to start without
 * a token unless it listens on loopback only and authentication was turned off on purpose.
 */
import { createServer, type Server } from "node:http";
import { type ConfirmFn, type Migrator, TidemarkError } from "../index.js";
import { buildAdminHandler } from "./admin-handler.js";
import type { AdminHandler, AdminHandlerOptions } from "./create-admin-handler.js";
import { LOOPBACK_HOSTS } from "./guard.js";

export interface ServeOptions
  extends Pick<
    AdminHandlerOptions,
    | "appVersion"
    | "readOnly"
    | "environment"
    | "protectedEnvironment"
    | "heartbeatMs"
    | "targets"
    | "targetsConcurrency"
  > {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Default: TIDEMARK_ADMIN_TOKEN. */
  readonly token?: string;
  /** No authentication: only when `host` is a loopback address. */
  readonly noAuth?: boolean;
  /** More Host names to answer to (the bound host is always one). */
  readonly allowedHosts?: readonly string[];
}

/** A running admin server. */
export interface RunningAdmin {
  readonly server: Server;
  /** `http://host:port/admin/migrations`. */
  readonly url: string;
  readonly auth: boolean;
  /** The migrator's `confirm` for runs approved on the page (see AdminHandler.confirm). */
  readonly confirm: ConfirmFn;
  close(): Promise<void>;
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return LOOPBACK_HOSTS.includes(h) || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Starts the admin on `host:port`. */
export async function serve(migrator: Migrator, options: ServeOptions): Promise<RunningAdmin> {
  const token = options.token ?? process.env.TIDEMARK_ADMIN_TOKEN ?? "";
  if (options.noAuth && !isLoopback(options.host))
    throw new TidemarkError(
      "E_USAGE",
      `--no-auth is refused on ${options.host}: only on a loopback address`,
      {
        hint: "Set TIDEMARK_ADMIN_TOKEN, or listen on 127.0.0.1 (--host 127.0.0.1).",
      },
    );
  if (!options.noAuth && token === "")
    throw new TidemarkError(
      "E_CONFIG",
      "serve needs an admin token: TIDEMARK_ADMIN_TOKEN is not set",
      {
        hint: "Set TIDEMARK_ADMIN_TOKEN (e.g. `export TIDEMARK_ADMIN_TOKEN=$(openssl rand -hex 24)`), or on your own machine run `tidemark serve --no-auth` (loopback only).",
      },
    );
  const wildcard = options.host === "0.0.0.0" || options.host === "::";
  const handler: AdminHandler = buildAdminHandler(migrator, options.noAuth ? false : token, {
    ...options,
    allowedHosts: [...(wildcard ? [] : [options.host]), ...(options.allowedHosts ?? [])],
  });
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new TidemarkError(
          "E_USAGE",
          `Cannot listen on ${options.host}:${options.port}: ${err.code ?? err.message}`,
          {
            hint: err.code === "EADDRINUSE" ? "Pick another --port." : undefined,
          },
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const shown = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    server,
    url: `http://${shown}:${port}/admin/migrations`,
    auth: !options.noAuth,
    confirm: handler.confirm,
    close: async () => {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
