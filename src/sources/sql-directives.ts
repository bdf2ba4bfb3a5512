/**
 * Recognition of the comment lines that steer a SQL migration (SPEC §2): section markers
 * (`-- migrate:up`, `-- Up Migration`, …) and `-- tidemark:` directives. Pure; no I/O.
 */
import { TidemarkError } from "../core/errors.js";
import { isVersionToken } from "../core/version.js";

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
  | { readonly name: "disable"; readonly line: number; readonly rules: readonly string[] };

const DBMATE_MARKER = /^--\s*migrate:(up|down)(?:\s+(.*))?$/i;
const ALTERNATE_MARKER = /^--\s*(up|down)\s+migration\b/i;
const DIRECTIVE = /^--\s*tidemark:\s*([A-Za-z0-9_-]*)(.*)$/i;
const KNOWN = "no-transaction, depends, irreversible, disable";

/** The marker on a (trimmed) line, or null. */
export function matchMarker(trimmed: string, line: number): Marker | null {
  const dbmate = DBMATE_MARKER.exec(trimmed);
  if (dbmate) {
    const options = (dbmate[2] ?? "").split(/\s+/);
    const noTransaction = options.some((o) => o.toLowerCase() === "transaction:false");
    return { direction: direction(dbmate[1]!), line, noTransaction, text: trimmed };
  }
  const alternate = ALTERNATE_MARKER.exec(trimmed);
  if (alternate)
    return { direction: direction(alternate[1]!), line, noTransaction: false, text: trimmed };
  return null;
}

function direction(word: string): "up" | "down" {
  return word.toLowerCase() === "up" ? "up" : "down";
}

/** The directive on a (trimmed) line, or null; throws E_PARSE for an unknown or malformed one. */
export function matchDirective(trimmed: string, line: number, file: string): Directive | null {
  const m = DIRECTIVE.exec(trimmed);
  if (!m) return null;
  const name = m[1]!.toLowerCase();
  const args = m[2]!
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
      return { name, line, rules: args };
    default:
      throw new TidemarkError(
        "E_PARSE",
        `${file}:${line}: unknown directive \`-- tidemark:${m[1]}\``,
        { file, line, hint: `Known directives: ${KNOWN}.` },
      );
  }
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
    if (!isVersionRef(arg)) {
      throw new TidemarkError(
        "E_PARSE",
        `${file}:${line}: \`${arg}\` in \`-- tidemark:depends\` is not a version`,
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

/** True when `ref` is written like a version: `_`-separated tokens of digits and dots. */
export function isVersionRef(ref: string): boolean {
  return ref !== "" && ref.split("_").every(isVersionToken);
}
