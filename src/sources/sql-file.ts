/**
 * Parses the text of one SQL migration file into its up and down sections and directives
 * (SPEC §2), with 1-based file lines so that database error positions map back to the file.
 * Pure: no I/O. Throws TidemarkError E_PARSE (with file and line) for bad input.
 */
import { TidemarkError } from "../core/errors.js";
import type { TransactionMode } from "../core/migration.js";
import {
  type Directive,
  type Marker,
  matchDirective,
  matchMarker,
  refuseNearMiss,
} from "./sql-directives.js";

/** SQL of one section and the file line it starts on. */
export interface SqlSection {
  readonly sql: string;
  /** 1-based line of the file on which `sql` starts (the line after its marker). */
  readonly line: number;
}

/** A version named by `-- tidemark:depends`, with the line that names it. */
export interface DependsRef {
  readonly version: string;
  readonly line: number;
}

/** What one SQL file says. */
export interface ParsedSqlFile {
  /** True when the file has section markers; false when the whole file is one section. */
  readonly hasMarkers: boolean;
  /** The up section, or the whole file when it has no markers. */
  readonly up: SqlSection;
  /** The down section; null when the file has none. */
  readonly down: SqlSection | null;
  /** `never` from `-- tidemark:no-transaction` or dbmate's `transaction:false`. */
  readonly transaction: TransactionMode;
  /** `-- tidemark:irreversible`. */
  readonly irreversible: boolean;
  readonly depends: readonly DependsRef[];
  /** Lint rules turned off by `-- tidemark:disable <rule>`, for the linter. */
  readonly disabledRules: readonly { readonly rule: string; readonly line: number }[];
  /** Lint rules turned off for the next statement by `-- tidemark:disable-next <rule>`. */
  readonly disabledNext: readonly { readonly rule: string; readonly line: number }[];
}

interface Line {
  readonly text: string;
  /** Offset of the line's first character in the text. */
  readonly start: number;
}

type Classified =
  | { readonly kind: "comment" | "statement" }
  | { readonly kind: "marker"; readonly marker: Marker }
  | { readonly kind: "directive"; readonly directive: Directive };

const COMMENT: Classified = { kind: "comment" };
const STATEMENT: Classified = { kind: "statement" };

/** Parses one SQL migration file. `file` is used in error messages only. */
export function parseSqlFile(rawText: string, file: string): ParsedSqlFile {
  return parse(rawText, file, true);
}

/**
 * Parses a separate down file (`.down.sql`, `_rollback.sql`, Flyway `U`): the whole file is the
 * down (returned as `up`, the file's only section); it may carry directives but no markers.
 */
export function parseDownFile(rawText: string, file: string): ParsedSqlFile {
  return parse(rawText, file, false);
}

function parse(rawText: string, file: string, allowMarkers: boolean): ParsedSqlFile {
  const text = rawText.replace(/^\uFEFF/, "");
  const lines = splitLines(text);
  const classified = classifyLines(lines, file);
  const markers = classified.flatMap((c) => (c.kind === "marker" ? [c.marker] : []));
  if (!allowMarkers && markers[0]) {
    throw parseError(
      file,
      markers[0].line,
      "a separate down file cannot hold section markers",
      "Remove the marker lines: the whole down file is the down migration.",
    );
  }
  const { up, down } = checkMarkers(markers, file);
  const directives = collectDirectives(classified, up, file);
  const section = (m: Marker, end: Marker | undefined): SqlSection => ({
    sql: text
      .slice(lines[m.line]?.start ?? text.length, end ? lines[end.line - 1]!.start : text.length)
      .trimEnd(),
    line: m.line + 1,
  });
  const noTransaction =
    directives.some((d) => d.name === "no-transaction") || markers.some((m) => m.noTransaction);
  return {
    hasMarkers: up !== undefined,
    up: up ? section(up, down) : { sql: text.trimEnd(), line: 1 },
    down: down ? section(down, undefined) : null,
    transaction: noTransaction ? "never" : "auto",
    irreversible: directives.some((d) => d.name === "irreversible"),
    depends: directives.flatMap((d) =>
      d.name === "depends" ? d.versions.map((version) => ({ version, line: d.line })) : [],
    ),
    disabledRules: directives.flatMap((d) =>
      d.name === "disable" ? d.rules.map((rule) => ({ rule, line: d.line })) : [],
    ),
    disabledNext: directives.flatMap((d) =>
      d.name === "disable-next" ? d.rules.map((rule) => ({ rule, line: d.line })) : [],
    ),
  };
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const newline = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = newline.exec(text); m !== null; m = newline.exec(text)) {
    lines.push({ text: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  lines.push({ text: text.slice(start), start });
  return lines;
}

function classifyLines(lines: readonly Line[], file: string): Classified[] {
  let inBlockComment = false;
  return lines.map((l, i): Classified => {
    const t = l.text.trim();
    if (inBlockComment) {
      inBlockComment = !t.includes("*/");
      return COMMENT;
    }
    if (t.startsWith("/*")) {
      const end = t.indexOf("*/", 2);
      inBlockComment = end === -1;
      return end === -1 || t.slice(end + 2).trim() === "" ? COMMENT : STATEMENT;
    }
    if (t === "") return COMMENT;
    if (!t.startsWith("--")) {
      // `- migrate:up` (one dash) is not a comment, but it is surely not meant as SQL either.
      if (/^[-\u2013\u2014]/.test(t)) refuseNearMiss(t, i + 1, file);
      return STATEMENT;
    }
    const marker = matchMarker(t, i + 1, file);
    if (marker) return { kind: "marker", marker };
    const directive = matchDirective(t, i + 1, file);
    if (directive) return { kind: "directive", directive };
    refuseNearMiss(t, i + 1, file);
    return COMMENT;
  });
}

function parseError(file: string, line: number, message: string, hint: string): TidemarkError {
  return new TidemarkError("E_PARSE", `${file}:${line}: ${message}`, { file, line, hint });
}

function checkMarkers(markers: readonly Marker[], file: string): { up?: Marker; down?: Marker } {
  const seen: { up?: Marker; down?: Marker } = {};
  const order = "Put `-- migrate:up` (or `-- Up Migration`) first, then `-- migrate:down`.";
  for (const m of markers) {
    const first = seen[m.direction];
    if (first) {
      throw parseError(
        file,
        m.line,
        `\`${m.text}\` repeats the ${m.direction} marker of line ${first.line}`,
        order,
      );
    }
    if (m.direction === "down" && !seen.up) {
      const laterUp = markers.find((u) => u.direction === "up");
      if (laterUp) {
        throw parseError(
          file,
          m.line,
          `markers out of order: down marker before the up marker of line ${laterUp.line}`,
          order,
        );
      }
      throw parseError(
        file,
        m.line,
        "up section missing: the file has a down marker but no up marker",
        order,
      );
    }
    seen[m.direction] = m;
  }
  return seen;
}

/** Directives at the top of the file or of a section; a directive anywhere else is an error. */
function collectDirectives(
  classified: readonly Classified[],
  up: Marker | undefined,
  file: string,
): Directive[] {
  const out: Directive[] = [];
  let atTop = true;
  classified.forEach((c, i) => {
    if (c.kind === "marker") atTop = true;
    if (c.kind === "statement") {
      if (up && i + 1 < up.line) {
        throw parseError(
          file,
          i + 1,
          `SQL before the up marker of line ${up.line}`,
          "Move it into a section.",
        );
      }
      atTop = false;
    }
    if (c.kind !== "directive") return;
    const lint = c.directive.name === "disable" || c.directive.name === "disable-next";
    if (!atTop && !lint) {
      throw parseError(
        file,
        i + 1,
        `\`-- tidemark:${c.directive.name}\` comes after SQL`,
        "Directives go in the comment lines at the top of the file or of a section.",
      );
    }
    out.push(c.directive);
  });
  return out;
}
