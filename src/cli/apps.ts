/**
 * The CLI's reading of an app named on the command line (config `apps`, SPEC §12):
 * `tidemark up billing`, `tidemark down accounts --to zero`, `tidemark down 0003`,
 * `tidemark down billing:0003`. An argument that starts with a digit is a version, one that
 * names a configured app is that app; anything else is refused in one line listing the apps.
 */
import { TidemarkError } from "../index.js";
import type { CliContext } from "./context.js";

/** What `down`'s argument names: a version, an app, or both (`app:version`). */
export interface DownArgument {
  readonly app?: string;
  readonly version?: string;
}

/** `arg` as one of `apps`; E_USAGE listing them otherwise (or saying the config names none). */
export function appArgument(arg: string, apps: readonly string[]): string {
  if (apps.includes(arg)) return arg;
  throw new TidemarkError("E_USAGE", `Unknown app "${arg}"${appList(apps)}`, {
    hint: apps.length === 0 ? APPS_HINT : "Name one of the config's apps.",
  });
}

/** `down`'s positional argument: a version (a digit first), an app, or `app:version`. */
export function downArgument(arg: string, apps: readonly string[]): DownArgument {
  if (/^\d/.test(arg)) return { version: arg };
  const colon = arg.indexOf(":");
  if (colon > 0 && apps.includes(arg.slice(0, colon)) && /^\d/.test(arg.slice(colon + 1)))
    return { app: arg.slice(0, colon), version: arg.slice(colon + 1) };
  if (apps.includes(arg)) return { app: arg };
  throw new TidemarkError(
    "E_USAGE",
    `"${arg}" is neither a version (it starts with a digit) nor an app${appList(apps)}`,
    {
      hint:
        apps.length === 0
          ? "Give a version: `tidemark down 20250101120000`."
          : `Give a version (\`tidemark down ${apps[0]}:0003\`) or an app (\`tidemark down ${apps[0]} --to zero\`).`,
    },
  );
}

function appList(apps: readonly string[]): string {
  return apps.length === 0 ? " (the config names no apps)" : ` (apps: ${apps.join(", ")})`;
}

const APPS_HINT =
  'Apps are named in the config: "apps": { "accounts": { "dir": "src/accounts/migrations" } }.';

/** The config's app names (none without `apps`). */
export async function configApps(ctx: CliContext): Promise<string[]> {
  return Object.keys((await ctx.config()).apps ?? {});
}

/** `{ app }` for an app named on the command line (checked against the config), or `{}`. */
export async function appOption(
  ctx: CliContext,
  app: string | undefined,
): Promise<{ readonly app?: string }> {
  return app === undefined ? {} : { app: appArgument(app, await configApps(ctx)) };
}

/**
 * `{ app }` for a command that works on one app's folder (`new`, `merge`): with apps in the
 * config, `--app` must name one; without apps, `--app` is refused.
 */
export async function oneApp(
  ctx: CliContext,
  command: string,
  app: string | undefined,
): Promise<{ readonly app?: string }> {
  const apps = await configApps(ctx);
  if (app === undefined && apps.length > 0)
    throw new TidemarkError(
      "E_USAGE",
      `${command} works on one app: name it with --app (apps: ${apps.join(", ")})`,
    );
  return appOption(ctx, app);
}
