/**
 * The variables a run reads (TIDEMARK_URL, DATABASE_URL, TIDEMARK_ENV and every `${VAR}` of the
 * config file): the process environment over `.env` in the working folder (SPEC §1). The file is
 * parsed by Node's own `util.parseEnv`; this module only checks its lines first, because
 * `parseEnv` skips a line it cannot read, and a skipped `DATABASE_URL` would silently change
 * which database a run uses.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { messageOf, TidemarkError } from "../core/errors.js";

/** Variable values, and where each came from, for messages. */
export interface Variables {
  readonly values: Readonly<Record<string, string | undefined>>;
  /** The `.env` file read, or null when there is none. */
  readonly dotenvPath: string | null;
  /** `DATABASE_URL`, or `DATABASE_URL in .env` when the file supplied it. */
  describe(name: string): string;
}

/** The process environment `env` over the `.env` file in `cwd` (when there is one). */
export function loadVariables(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Variables {
  const path = join(cwd, ".env");
  const fromFile = readDotenv(path);
  const values: Record<string, string | undefined> = { ...fromFile };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) values[name] = value;
  const dotenvOnly = new Set(Object.keys(fromFile ?? {}).filter((name) => env[name] === undefined));
  return {
    values,
    dotenvPath: fromFile ? path : null,
    describe: (name) => (dotenvOnly.has(name) ? `${name} in .env` : name),
  };
}

/** The variables of a `.env` file, or null when it does not exist; E_CONFIG naming the file otherwise. */
function readDotenv(path: string): Record<string, string> | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw new TidemarkError("E_CONFIG", `cannot read .env: ${messageOf(err)}`, {
      file: path,
      cause: err,
      hint: "Fix or remove the file; it is read for TIDEMARK_URL, DATABASE_URL and config variables.",
    });
  }
  checkDotenvLines(text, path);
  return parseEnv(text) as Record<string, string>;
}

const ENTRY = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=(.*)$/;
const QUOTES = ["'", '"', "`"];

/**
 * Every line is blank, a comment or `KEY=value` (a quoted value may span lines).
 * The offending line is named by number only: its text may hold a password.
 */
function checkDotenvLines(text: string, path: string): void {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const entry = ENTRY.exec(line);
    if (!entry) {
      throw new TidemarkError("E_CONFIG", "not a KEY=value line", {
        file: path,
        line: i + 1,
        hint: "Each line of .env is KEY=value, a # comment or blank.",
      });
    }
    const value = entry[1]!.trimStart();
    const quote = value[0];
    if (quote === undefined || !QUOTES.includes(quote) || value.slice(1).includes(quote)) continue;
    const end = lines.findIndex((l, j) => j > i && l.includes(quote));
    if (end === -1) {
      throw new TidemarkError("E_CONFIG", `a value opened with ${quote} is never closed`, {
        file: path,
        line: i + 1,
        hint: `Close the quote, or remove the ${quote} that opens the value.`,
      });
    }
    i = end;
  }
}
