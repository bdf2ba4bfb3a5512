/**
 * Recognition of the comment lines that steer a SQL migration (SPEC §2): section markers
 * (`-- migrate:up`, `-- Up Migration`, …) and `-- tidemark:` directives. Pure; no I/O.
 */

import { parseVersionRef } from "../core/app-ref.js";
import { TidemarkError } from "../core/errors.js";
import { DIRECTIVE_NAMES, nearMiss, osaDistance } from "./marker-spelling.js";

/** A section marker line. */
export interface Marker {
  readonly direction: "up" | "down";
  /** 1-based line of the marker. */
  readonly line: number;
  /** dbmate's `transaction:false` on the marker line. */
  readonly noTransaction: boolean;
  /** The marker as written, for messages. */
  readonly text: string;
}

/** A `-- tidemark:<name> <args>` line. */
export type Directive =
  | { readonly name: "no-transaction" | "irreversible"; readonly line: number }
  | { readonly name: "depends"; readonly line: number; readonly versions: readonly string[] }
  | {
      readonly name: "disable" | "disable-next";
      readonly line: number;
      readonly rules: readonly string[];
    };

// dbmate's own spellings: `--` then optional spaces, lower case, as dbmate reads them.
const DBMATE_MARKER = /^--\s*migrate:(up|down)(?:\s+(.*))?$/;
// node-pg-migrate's markers, in any case, with any trailing words.
const ALTERNATE_MARKER = /^--\s*(up|down)\s+migration\b/i;
const DIRECTIVE = /^--\s*tidemark:([a-z][a-z-]*)(?:\s+(.*))?$/;
const TRANSACTION_OPTION = /^transaction:(true|false)$/;

/** The marker on a (trimmed) line, or null; throws E_PARSE for a misspelt `transaction:` option. */
export function matchMarker(trimmed: string, line: number, file: string): Marker | null {
  const dbmate = DBMATE_MARKER.exec(trimmed);
  if (dbmate) {
    const options = (dbmate[2] ?? "").split(/\s+/).filter((o) => o !== "");
    checkOptions(options, `-- migrate:${dbmate[1]}`, line, file);
    const noTransaction = options.includes("transaction:false");
    return { direction: direction(dbmate[1]!), line, noTransaction, text: trimmed };
  }
  const alternate = ALTERNATE_MARKER.exec(trimmed);
  if (alternate)
    return { direction: direction(alternate[1]!), line, noTransaction: false, text: trimmed };
  return null;
}

/** dbmate reads `transaction:false` only as written; a near spelling would silently not apply. */
function checkOptions(
  options: readonly string[],
  marker: string,
  line: number,
  file: string,
): void {
  options.forEach((option, i) => {
    if (TRANSACTION_OPTION.test(option)) return;
    const key = option.split(/[:=]/)[0]!.toLowerCase();
    if (osaDistance(key, "transaction") > 2) return;
    const next = options[i + 1] ?? "";
    const ownValue = option.slice(key.length + 1);
    const written = ownValue || next;
    const value =
      osaDistance(written.toLowerCase(), "true") < osaDistance(written.toLowerCase(), "false")
        ? "true"
        : "false";
    const shown = ownValue || next === "" ? option : `${option} ${next}`;
    throw new TidemarkError(
      "E_PARSE",
      `${file}:${line}: \`${shown}\` looks like dbmate's option \`transaction:${value}\` but is misspelt; write \`${marker} transaction:${value}\``,
      { file, line, hint: SPELLING_HINT },
    );
  });
}

function direction(word: string): "up" | "down" {
  return word.toLowerCase() === "up" ? "up" : "down";
}

/** The directive on a (trimmed) line, or null; throws E_PARSE for a malformed `depends`. */
export function matchDirective(trimmed: string, line: number, file: string): Directive | null {
  const m = DIRECTIVE.exec(trimmed);
  if (!m) return null;
  const name = m[1]!;
  const args = (m[2] ?? "")
    .trim()
    .split(/[\s,]+/)
    .filter((a) => a !== "");
  switch (name) {
    case "no-transaction":
    case "irreversible":
      return { name, line };
    case "depends":
      return { name, line, versions: dependsVersions(args, line, file) };
    case "disable":
    case "disable-next":
      if (args.length === 0)
        throw new TidemarkError(
          "E_PARSE",
          `${file}:${line}: \`-- tidemark:${name}\` names no lint rule`,
          {
            file,
            line,
            hint: `Name the rules to turn off: -- tidemark:${name} drop-table (ids in the README's "Lint rules").`,
          },
        );
      return { name, line, rules: args };
    default:
      return null;
  }
}

const SPELLING_HINT =
  "Markers and directives must be spelt exactly, or the line is read as SQL; " +
  "if the line is only a comment, reword its start (e.g. `-- note: ...`).";

/**
 * Throws E_PARSE when a (trimmed) line that is not a marker or directive looks like one:
 * a misspelt marker (`-- migrate: down`), a misspelt directive, or an unknown `-- tidemark:`
 * directive. Ordinary comments (and SQL) pass.
 */
export function refuseNearMiss(trimmed: string, line: number, file: string): void {
  const miss = nearMiss(trimmed);
  if (miss === null) return;
  const shown = trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
  if (miss.kind === "unknown-directive") {
    throw new TidemarkError(
      "E_PARSE",
      `${file}:${line}: unknown directive \`-- tidemark:${miss.name}\``,
      { file, line, hint: `Known directives: ${DIRECTIVE_NAMES.join(", ")}.` },
    );
  }
  throw new TidemarkError(
    "E_PARSE",
    `${file}:${line}: \`${shown}\` looks like the ${miss.kind} \`${miss.keyword}\` but is misspelt; write \`${miss.correct}\``,
    { file, line, hint: SPELLING_HINT },
  );
}

function dependsVersions(args: readonly string[], line: number, file: string): string[] {
  if (args.length === 0) {
    throw new TidemarkError(
      "E_PARSE",
      `${file}:${line}: \`-- tidemark:depends\` names no version`,
      {
        file,
        line,
        hint: "Write the versions this migration depends on: -- tidemark:depends 20250101120000",
      },
    );
  }
  for (const arg of args) {
    if (parseVersionRef(arg) === null) {
      throw new TidemarkError(
        "E_PARSE",
        `${file}:${line}: \`${arg}\` in \`-- tidemark:depends\` is not a version (or app:version)`,
        {
          file,
          line,
          hint: "A version is the leading digits of a file name, e.g. 20250101120000 or 1.1.",
        },
      );
    }
  }
  return [...args];
}
