/**
 * `${VAR}` references in config values: replaced from the run's variables (the process
 * environment over `.env`), with errors that name the variable, the key and the file.
 */
import { TidemarkError } from "../core/errors.js";
import type { Variables } from "./variables.js";

export interface InterpolateOptions {
  /** An unset variable is an error (otherwise the text is left as written). */
  readonly required: boolean;
  /** A variable that is set but empty is an error (a URL that a missing secret would empty). */
  readonly nonEmpty?: boolean;
}

/** Replaces `${VAR}` in every string of `value`, found at `key` in the config file `path`. */
export function interpolate(
  value: unknown,
  vars: Variables,
  path: string,
  key: string,
  options: InterpolateOptions,
): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
      const v = vars.values[name];
      if (v === "" && options.nonEmpty) {
        throw new TidemarkError(
          "E_CONFIG",
          `"${key}" uses \${${name}}, and ${vars.describe(name)} is set but empty`,
          { file: path, hint: `Give ${name} a value (a CI secret that did not arrive?).` },
        );
      }
      if (v !== undefined) return v;
      if (!options.required) return whole;
      throw new TidemarkError("E_CONFIG", `"${key}" uses \${${name}}, which is not set`, {
        file: path,
        hint: `Set ${name} in the environment or in .env.`,
      });
    });
  }
  const at = (k: string | number) => (key === "" ? String(k) : `${key}.${k}`);
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, vars, path, at(i), options));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, vars, path, at(k), options)]),
    );
  }
  return value;
}
