/**
 * Which database a run uses (SPEC §1). The order, first match wins:
 *
 * 1. `--url`;
 * 2. the environment named by `--env` (or, without `--env`, by `TIDEMARK_ENV`): its `url`;
 * 3. `TIDEMARK_URL`; 4. `DATABASE_URL`; 5. the config file's `url`;
 * 6. the embedded default `sqlite:./tidemark.db`.
 *
 * An explicit choice beats an implicit one: naming an environment is a choice of database,
 * so an exported `DATABASE_URL` never redirects `--env production`. `TIDEMARK_ENV` ranks with
 * `--env` (it names an environment, and that environment's `protected` and `lockTimeout`
 * apply, so its URL must be the one used too); `--env` beats it.
 *
 * A named environment without a `url` is an error, not a fall-through to the variables:
 * falling through would run a protected environment's confirmation against whatever
 * `DATABASE_URL` happens to hold. To take an environment's URL from a variable, say so:
 * `"url": "${DATABASE_URL}"`.
 *
 * A source that is set but empty (`--url ''`, `DATABASE_URL=`, a `${VAR}` that expands to
 * nothing) is an error naming it, never a reason to move on to the next one: an empty CI
 * secret must not quietly migrate `./tidemark.db`.
 */
import { basename } from "node:path";
import { DEFAULT_URL } from "../core/defaults.js";
import { TidemarkError } from "../core/errors.js";
import type { ConfigFile, EnvironmentConfig } from "./config.js";
import { interpolate } from "./interpolate.js";
import type { Variables } from "./variables.js";

/** Which rule of the order gave the URL. */
export type UrlSource =
  | "--url"
  | "--env"
  | "TIDEMARK_ENV"
  | "TIDEMARK_URL"
  | "DATABASE_URL"
  | "config"
  | "default";

/** How an environment was named: `--env dev` or `TIDEMARK_ENV=dev`. */
export interface EnvironmentChoice {
  readonly name: string;
  readonly via: "--env" | "TIDEMARK_ENV";
}

export interface UrlChoice {
  readonly url: string;
  readonly source: UrlSource;
  /** For people: `--env production`, `DATABASE_URL in .env`, `url in tidemark.config.json`. */
  readonly from: string;
}

export interface UrlInputs {
  readonly flagUrl: string | undefined;
  readonly vars: Variables;
  readonly environment: (EnvironmentChoice & { readonly config: EnvironmentConfig }) | null;
  readonly file: ConfigFile | null;
  readonly configPath: string | null;
}

/** The environment named by `--env`, else `TIDEMARK_ENV`; null when neither; E_CONFIG when empty. */
export function chooseEnvironment(
  flagEnv: string | undefined,
  vars: Variables,
): EnvironmentChoice | null {
  if (flagEnv !== undefined) {
    if (flagEnv === "")
      throw new TidemarkError("E_CONFIG", "--env is empty", {
        hint: "Name an environment of the config file.",
      });
    return { name: flagEnv, via: "--env" };
  }
  const fromVar = vars.values.TIDEMARK_ENV;
  if (fromVar === undefined) return null;
  if (fromVar === "")
    throw emptyError(vars.describe("TIDEMARK_ENV"), "Name an environment, or unset it.");
  return { name: fromVar, via: "TIDEMARK_ENV" };
}

/** Applies the order above; throws E_CONFIG for an empty source or an environment without a url. */
export function chooseUrl(inputs: UrlInputs): UrlChoice {
  const { flagUrl, vars, environment, file, configPath } = inputs;
  if (flagUrl !== undefined) {
    if (flagUrl === "")
      throw new TidemarkError("E_CONFIG", "--url is empty", {
        hint: "Pass a database URL, or leave --url out.",
      });
    return { url: flagUrl, source: "--url", from: "--url" };
  }
  if (environment) {
    const key = `environments.${environment.name}.url`;
    const from =
      environment.via === "--env"
        ? `--env ${environment.name}`
        : vars.describe("TIDEMARK_ENV").replace("TIDEMARK_ENV", `TIDEMARK_ENV=${environment.name}`);
    if (environment.config.url === undefined) {
      throw new TidemarkError("E_CONFIG", `environment "${environment.name}" has no url`, {
        file: configPath ?? undefined,
        hint: `Add "url" to ${key} (write "\${DATABASE_URL}" to take it from a variable), or pass --url.`,
      });
    }
    return { url: fileUrl(environment.config.url, key, inputs), source: environment.via, from };
  }
  for (const name of ["TIDEMARK_URL", "DATABASE_URL"] as const) {
    const value = vars.values[name];
    if (value === undefined) continue;
    if (value === "")
      throw emptyError(
        vars.describe(name),
        `Give it a database URL (a CI secret that did not arrive?), or unset it.`,
      );
    return { url: value, source: name, from: vars.describe(name) };
  }
  if (file?.url !== undefined && configPath) {
    const url = fileUrl(file.url, "url", inputs);
    return { url, source: "config", from: `url in ${basename(configPath)}` };
  }
  return { url: DEFAULT_URL, source: "default", from: "the default" };
}

/** A url of the config file with its variables replaced; none may be unset or empty. */
function fileUrl(raw: string, key: string, inputs: UrlInputs): string {
  const path = inputs.configPath ?? "";
  const url = interpolate(raw, inputs.vars, path, key, { required: true, nonEmpty: true });
  if (url === "")
    throw new TidemarkError("E_CONFIG", `"${key}" is empty`, {
      file: path,
      hint: "Write a database URL there, or remove the key.",
    });
  return url as string;
}

function emptyError(what: string, hint: string): TidemarkError {
  return new TidemarkError("E_CONFIG", `${what} is set but empty`, { hint });
}
