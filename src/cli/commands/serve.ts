import { resolve } from "node:path";
import type { Command } from "commander";
import { type ConfirmFn, resolveTargets, TidemarkError } from "../../index.js";
import { globalsOf, type Register } from "../program.js";

interface ServeFlags {
  readonly port: string;
  readonly host: string;
  readonly auth: boolean;
  readonly allowedHost?: string[];
  readonly appVersion?: string;
  readonly readOnly?: boolean;
}

/** `tidemark serve`: the web admin and HTTP API on their own port, until Ctrl-C. */
export const registerServe: Register = (program, run) => {
  program
    .command("serve")
    .description(
      "the web admin and HTTP API (needs TIDEMARK_ADMIN_TOKEN, or --no-auth on loopback)",
    )
    .option("--port <port>", "port to listen on", "4545")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--no-auth", "no login (refused unless --host is a loopback address)")
    .option("--allowed-host <name...>", "more Host names to answer to (behind a proxy, a LAN name)")
    .option("--app-version <version>", "the app version for /api/version/compatibility")
    .option("--read-only", "show status and history; refuse run and rollback")
    .action((flags: ServeFlags, cmd: Command) =>
      run(globalsOf(cmd), async (ctx) => {
        const port = Number(flags.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new TidemarkError("E_USAGE", `--port takes a port number, not "${flags.port}"`);
        const config = await ctx.config();
        // On a protected environment the migrator asks the admin, which says yes to the plan a
        // person approved on the page (never the terminal serve runs in).
        let confirm: ConfirmFn = async () => false;
        const migrator = await ctx.migrator({
          readOnly: flags.readOnly === true,
          confirm: (summary) => confirm(summary),
        });
        // The config's targets, listed again on each read (a schema query finds new tenants).
        const configured = config.file?.targets;
        const base = config.configPath ? resolve(config.configPath, "..") : process.cwd();
        const targets = configured && (() => resolveTargets(configured, base));
        // Loaded only here: nothing of the server is read by any other command.
        const { serve } = await import("../../server/serve.js");
        const admin = await serve(migrator, {
          host: flags.host,
          port,
          noAuth: !flags.auth,
          allowedHosts: flags.allowedHost,
          appVersion: flags.appVersion,
          readOnly: flags.readOnly,
          targets,
          environment: config.environmentName ?? undefined,
          protectedEnvironment: config.environment?.protected
            ? (config.environmentName ?? undefined)
            : undefined,
        });
        confirm = admin.confirm;
        if (ctx.out.options.json)
          ctx.out.json({ url: admin.url, auth: admin.auth, database: await ctx.displayUrl() });
        ctx.out.line(`tidemark admin on ${admin.url}  (${await ctx.displayUrl()})`);
        ctx.out.line(
          admin.auth
            ? "Log in with TIDEMARK_ADMIN_TOKEN. Ctrl-C stops."
            : "No authentication (loopback only). Ctrl-C stops.",
        );
        await new Promise<void>((resolve) => {
          process.once("SIGINT", resolve);
          process.once("SIGTERM", resolve);
        });
        await admin.close();
        return 0;
      }),
    );
};
