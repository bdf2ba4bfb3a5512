/**
 * Everything the CLI prints goes through here: human lines (aligned, coloured on a TTY),
 * one JSON document for --json, and errors as one clear line (caret under the SQL when known).
 */
import {
  LockTimeoutError,
  MigrationError,
  makeRedactor,
  redactUrlsIn,
  TidemarkError,
} from "../index.js";

export { errorJson } from "../index.js";

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  readonly color: boolean;
}

const CODES = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  gray: 90,
  bold: 1,
} as const;
export type Color = keyof typeof CODES;

/** Human output on stdout (or stderr in --json mode, where stdout holds only the JSON). */
export class Output {
  private readonly secrets: string[] = [];
  private scrub: (text: string) => string = (text) => text;

  constructor(readonly options: OutputOptions) {}

  /**
   * Secrets (the database URL's password, see urlSecrets) that no text written may contain:
   * a last guard behind redactUrl, applied to every line, note, JSON document and error.
   */
  hideSecrets(secrets: readonly string[]): void {
    if (secrets.length === 0) return;
    this.secrets.push(...secrets);
    this.scrub = makeRedactor(this.secrets);
  }

  /** `text` with every secret replaced by `***`. */
  redact(text: string): string {
    return this.scrub(text);
  }

  paint(color: Color, text: string): string {
    return this.options.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
  }

  /**
   * `rows` as a table (see {@link layOut}), each line after `indent`, written some thousand lines
   * at a time: one write per thousand lines, not one per line; silent with --quiet; on stderr
   * with --json.
   */
  table(rows: readonly (readonly string[])[], indent = "", widths?: ArrayLike<number>): void {
    if (this.options.quiet) return;
    const stream = this.options.json ? process.stderr : process.stdout;
    layOut(rows, indent, CHUNK_LINES, (text) => stream.write(this.redact(text)), widths);
  }

  /** A line for people; silent with --quiet; on stderr with --json. */
  line(text = ""): void {
    if (this.options.quiet) return;
    (this.options.json ? process.stderr : process.stdout).write(`${this.redact(text)}\n`);
  }

  /** A warning or progress note on stderr (kept with --quiet off). */
  note(text: string): void {
    if (this.options.quiet) return;
    process.stderr.write(`${this.redact(text)}\n`);
  }

  /** The one JSON document of --json mode. */
  json(value: unknown): void {
    process.stdout.write(`${this.redact(JSON.stringify(value, null, 2))}\n`);
  }
}

/** `12 ms`, `1.4 s`, `2 min 5 s`. Rounds first, so 999.7 ms is `1.0 s`, never `1000 ms`. */
export function duration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.round(ms / 100) < 600) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** `512 B`, `4.2 KiB`, `13.0 MiB`: a file size for people. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** `1 migration`, `2 migrations`: a count with its noun in the right number. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}

/** A time as local time with its offset from UTC: `2025-01-31 14:05:09 +01:00`. */
export function timestamp(at: Date | string): string {
  return localTime(typeof at === "string" ? Date.parse(at) : at.getTime());
}

/**
 * {@link timestamp} for the many times of one table: a time in the same second as the one
 * before is not formatted again (it shows alike: a zone's offset changes on a whole second).
 */
export function timestamps(): (at: Date | string) => string {
  let last = Number.NaN;
  let text = "";
  return (at) => {
    const ms = typeof at === "string" ? Date.parse(at) : at.getTime();
    const second = Math.floor(ms / 1000);
    if (second !== last) {
      text = localTime(ms);
      last = second;
    }
    return text;
  };
}

function localTime(ms: number): string {
  // One look at the zone a time (the local fields are read off the shifted UTC time), not seven:
  // `status` prints ten thousand of these.
  const offset = -new Date(ms).getTimezoneOffset();
  const local = new Date(ms + offset * 60_000);
  const two = (n: number) => (n < 10 ? `0${n}` : String(n));
  const sign = offset < 0 ? "-" : "+";
  const zone = `${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  return `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())} ${zone}`;
}

/** What a run's lines show in the version column: the version, or `R` for a repeatable. */
export function versionLabel(version: string | null): string {
  return version ?? "R";
}

/** A step as a run's line shows it: {@link versionLabel}, after its app (`accounts:0003`) if it has one. */
function stepLabel(step: { readonly version: string | null; readonly app?: string }): string {
  return step.app ? `${step.app}:${versionLabel(step.version)}` : versionLabel(step.version);
}

/** Column widths shared by every line of one run (progress and dry-run lines alike). */
export interface StepWidths {
  readonly version: number;
  readonly name: number;
}

/** The widths that align the lines of `steps`. */
export function stepWidths(
  steps: readonly {
    readonly version: string | null;
    readonly name: string;
    readonly app?: string;
  }[],
): StepWidths {
  return {
    version: Math.max(0, ...steps.map((s) => stepLabel(s).length)),
    name: Math.max(0, ...steps.map((s) => s.name.length)),
  };
}

/** `  ✓ 001  create_users  12 ms`: a mark, the version and name padded to `widths`, then `tail`. */
export function stepLine(
  mark: string,
  step: { readonly version: string | null; readonly name: string; readonly app?: string },
  widths: StepWidths,
  tail = "",
): string {
  const head = `  ${mark} ${stepLabel(step).padEnd(widths.version)}  `;
  return tail === "" ? `${head}${step.name}` : `${head}${step.name.padEnd(widths.name)}  ${tail}`;
}

/** Lines a {@link layOut} chunk holds: some tens of KiB of text. */
export const CHUNK_LINES = 1024;

/**
 * `rows` as a table: every column but the last padded to its widest cell (colour codes take no
 * width), two spaces apart. Each line after `indent` and ending in a newline, handed to
 * `emit` `chunk` lines at a time: `status` lays out ten thousand rows in a short command, so
 * neither a string a line is kept nor one text of them all made. A line ends with its last
 * cell that shows something (no blanks at its end). Index loops throughout. `least`: each
 * column's width at the least, so that tables laid out part by part (the rows of a `status`
 * printed as they come, each part a table) line up: given each column's widest cell, the parts
 * together are what one table of all the rows would be.
 */
export function layOut(
  rows: readonly (readonly string[])[],
  indent: string,
  chunk: number,
  emit: (text: string) => void,
  least?: ArrayLike<number>,
): void {
  let columns = 0;
  for (let r = 0; r < rows.length; r++) columns = Math.max(columns, rows[r]!.length);
  // Each cell's visible length (its colours left out), measured once.
  const lengths = new Uint32Array(rows.length * columns);
  const widths = new Uint32Array(columns);
  if (least !== undefined) widths.set(Array.from(least).slice(0, columns));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (let i = 0; i < row.length; i++) {
      const cell = row[i]!;
      const length = cell.includes("\u001b") ? stripAnsi(cell).length : cell.length;
      lengths[r * columns + i] = length;
      if (length > widths[i]!) widths[i] = length;
    }
  }
  const pads: string[] = [];
  const pad = (n: number) => (pads[n] ??= " ".repeat(n));
  // A chunk's cells and pads, joined into one flat text (adding strings would make a tree of
  // them, a node for each piece).
  const parts: string[] = new Array(Math.min(chunk, rows.length) * (2 * columns + 1)).fill("");
  let n = 0;
  let held = 0;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const at = r * columns;
    let last = row.length - 1;
    while (last > 0 && lengths[at + last] === 0) last--;
    parts[n++] = indent;
    for (let i = 0; i < last; i++) {
      parts[n++] = row[i]!;
      parts[n++] = pad(widths[i]! - lengths[at + i]! + 2);
    }
    parts[n++] = row[last] ?? "";
    parts[n++] = "\n";
    if (++held === chunk || r === rows.length - 1) {
      parts.length = n;
      emit(parts.join(""));
      n = 0;
      held = 0;
    }
  }
}

export function stripAnsi(s: string): string {
  return s.replace(/\u001b\[[0-9;]*m/g, "");
}

/** `file:line:col: message`, without naming the file twice when the message starts with it. */
function located(err: TidemarkError): string {
  if (!err.file) return err.message;
  const where = `${err.file}${err.line ? `:${err.line}${err.column ? `:${err.column}` : ""}` : ""}`;
  if (err.message.startsWith(`${where}:`)) return err.message;
  if (err.message.startsWith(`${err.file}:`))
    return `${where}: ${err.message.slice(err.file.length + 1).trimStart()}`;
  if (err.message.startsWith(`${err.file} `)) return err.message;
  return `${where}: ${err.message}`;
}

/** The SQL line and a caret under `column` (tabs kept, so the caret lines up in a terminal). */
function caret(err: MigrationError, out: Output): string[] {
  if (err.statement === undefined || err.line === undefined) return [];
  const text = err.statement.split(/\r?\n/)[0]!;
  const gutter = `${err.line} | `;
  const lines = [out.paint("gray", gutter) + text];
  if (err.column !== undefined && err.column >= 1) {
    const lead = [...text.slice(0, err.column - 1)].map((c) => (c === "\t" ? "\t" : " ")).join("");
    const pad = lead + " ".repeat(Math.max(0, err.column - 1 - text.length));
    lines.push(" ".repeat(gutter.length) + pad + out.paint("red", "^"));
  }
  return lines;
}

/**
 * The error for people: `error: file:line:col: message`, the SQL line with a caret, detail, hint;
 * with --verbose the stack or the cause chain. URLs in it are redacted, and so are the output's
 * secrets (a driver's stack can hold the URL).
 */
export function renderError(err: unknown, out: Output): string[] {
  const { head, tail } = errorLines(err, out);
  // The hint is tidemark's own text, and may show a URL form such as user:password@host.
  const hint =
    err instanceof TidemarkError && err.hint ? [`${out.paint("cyan", "hint:")} ${err.hint}`] : [];
  return [...head.map(redactUrlsIn), ...hint, ...tail.map(redactUrlsIn)].map((l) => out.redact(l));
}

/** The lines before the hint (message, caret, detail) and after it (stack, causes). */
function errorLines(err: unknown, out: Output): { head: string[]; tail: string[] } {
  const red = (s: string) => out.paint("red", s);
  if (!(err instanceof TidemarkError)) {
    const stack = out.options.verbose && err instanceof Error ? err.stack : undefined;
    return {
      head: [`${red("error:")} ${messageOf(err)}`],
      tail: [stack ?? out.paint("gray", "(run with --verbose for details)")],
    };
  }
  const head = [`${red("error:")} ${located(err)}`];
  if (err instanceof MigrationError) {
    head.push(...caret(err, out));
    if (err.detail) head.push(`  detail: ${err.detail}`);
    if (err.serverHint) head.push(`  server hint: ${err.serverHint}`);
  }
  if (err instanceof LockTimeoutError && err.holder) head.push(`  holder: ${err.holder}`);
  const tail: string[] = [];
  for (let cause = err.cause; out.options.verbose && cause; ) {
    const text = cause instanceof Error ? (cause.stack ?? cause.message) : String(cause);
    tail.push(out.paint("gray", `caused by: ${text}`));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return { head, tail };
}
