/**
 * The real PostgreSQL parser (libpg-query, WASM), loaded on first use only: importing this
 * module costs nothing. Statement boundaries come from the parser, never from a hand-made
 * splitter, so `$$` bodies, DO blocks, `E''` strings and nested comments are cut as the server cuts them.
 */
import { messageOf, QueryError } from "../../core/errors.js";
import { importModule } from "../../core/import-module.js";
import type { Statement } from "../dialect.js";
import { codePointIndex } from "./pg-errors.js";

/** One parsed statement: its node (`{ CreateStmt: {...} }`) and where it sits in the script. */
export interface ParsedStatement extends Statement {
  readonly node: Readonly<Record<string, unknown>>;
}

interface RawStmt {
  readonly stmt?: Record<string, unknown>;
  readonly stmt_location?: number;
  readonly stmt_len?: number;
}

interface PgQueryModule {
  loadModule(): Promise<void>;
  parse(sql: string): Promise<{ stmts?: RawStmt[] }>;
}

let loading: Promise<PgQueryModule> | undefined;

function parser(): Promise<PgQueryModule> {
  loading ??= importModule("libpg-query").then(async (mod) => {
    const m = mod as unknown as PgQueryModule;
    await m.loadModule();
    return m;
  });
  return loading;
}

/**
 * Maps UTF-8 byte offsets (what libpg-query reports) to string indexes, moving forward
 * through the script once. Offsets must be asked for in increasing order.
 */
class ByteCursor {
  private byte = 0;
  private index = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  /** The string index and 1-based line at `target` bytes. */
  seek(target: number): { index: number; line: number } {
    while (this.byte < target && this.index < this.text.length) {
      const code = this.text.codePointAt(this.index)!;
      if (code === 10) this.line++;
      this.byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      this.index += code >= 0x10000 ? 2 : 1;
    }
    return { index: this.index, line: this.line };
  }
}

/** A parser error as a QueryError (SQLSTATE 42601) pointing into `script`. */
function syntaxError(err: unknown, script: string): QueryError {
  const cursor = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
  return new QueryError(
    messageOf(err),
    {
      sql: script,
      sqlState: "42601",
      // libpg-query counts code points from 0; JavaScript strings count UTF-16 units.
      position: typeof cursor === "number" ? codePointIndex(script, cursor + 1) : undefined,
    },
    { cause: err },
  );
}

/** Parses `script`; throws a QueryError (with the position) when it is not valid SQL. */
export async function parseStatements(script: string): Promise<ParsedStatement[]> {
  if (script.trim() === "") return [];
  const { parse } = await parser();
  let result: { stmts?: RawStmt[] };
  try {
    result = await parse(script);
  } catch (err) {
    throw (
      (await stdinCopyBefore(script, err, parse)) ??
      psqlMetaCommand(script, err) ??
      syntaxError(err, script)
    );
  }
  const statements = located(script, result);
  const copy = statements.find(isStdinCopy);
  if (copy) throw stdinCopyError(script, copy.offset);
  return statements;
}

/** The statements of a parse result, with their text, offset and line in `script`. */
function located(script: string, result: { stmts?: RawStmt[] }): ParsedStatement[] {
  const cursor = new ByteCursor(script);
  const out: ParsedStatement[] = [];
  for (const raw of result.stmts ?? []) {
    const startByte = raw.stmt_location ?? 0;
    const start = cursor.seek(startByte);
    // A missing (zero) length means "to the end of the script" for the last statement.
    const end = raw.stmt_len ? cursor.seek(startByte + raw.stmt_len).index : script.length;
    const text = script.slice(start.index, end);
    const lead = text.length - text.trimStart().length;
    const lines = text.slice(0, lead).split("\n").length - 1;
    out.push({
      sql: text.trim(),
      offset: start.index + lead,
      line: start.line + lines,
      node: raw.stmt ?? {},
    });
  }
  return out;
}

/** `COPY … FROM STDIN`: psql sends the rows that follow it in the file; a driver cannot. */
function isStdinCopy(statement: ParsedStatement): boolean {
  const copy = statement.node.CopyStmt as Record<string, unknown> | undefined;
  return copy !== undefined && copy.is_from === true && !copy.filename && !copy.is_program;
}

function stdinCopyError(script: string, offset: number): QueryError {
  return new QueryError(
    "COPY … FROM stdin with its rows in the file is psql's form: the rows are not SQL, and tidemark runs SQL only",
    { sql: script, sqlState: "0A000", position: offset },
    {
      hint: "Load the rows with INSERT … VALUES, or with COPY … FROM '/path/on/the/server' (or \\copy in psql, outside tidemark).",
    },
  );
}

/**
 * A psql meta-command (`\connect db`, `\set x 1`, `\i file.sql`, `\gexec`) where the parser
 * stopped: psql runs those itself; they are not SQL, and the error should say so.
 */
function psqlMetaCommand(script: string, err: unknown): QueryError | undefined {
  const cursor = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
  if (typeof cursor !== "number") return undefined;
  const at = codePointIndex(script, cursor + 1);
  if (script[at] !== "\\") return undefined;
  const end = script.indexOf("\n", at);
  const command = script.slice(at, end === -1 ? script.length : end).trim();
  return new QueryError(
    `\`${command}\` is a psql meta-command, not SQL; tidemark sends SQL only`,
    { sql: script, sqlState: "42601", position: at },
    {
      cause: err,
      hint: "Remove it, or write the SQL it stands for (a migration runs in the database of the URL).",
    },
  );
}

/**
 * When a script fails to parse where the rows of a `COPY … FROM stdin` start, the error worth
 * showing is the COPY's, not "syntax error at or near the first row".
 */
async function stdinCopyBefore(
  script: string,
  err: unknown,
  parse: PgQueryModule["parse"],
): Promise<QueryError | undefined> {
  const cursor = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition;
  if (typeof cursor !== "number") return undefined;
  const at = codePointIndex(script, cursor + 1);
  const head = script.slice(0, script.lastIndexOf("\n", at) + 1);
  if (head.trim() === "") return undefined;
  try {
    const statements = located(head, await parse(head));
    const last = statements[statements.length - 1];
    return last && isStdinCopy(last) ? stdinCopyError(script, last.offset) : undefined;
  } catch {
    return undefined;
  }
}

/** Cuts a script into statements, with offsets and 1-based lines relative to the script. */
export async function splitPgStatements(script: string): Promise<readonly Statement[]> {
  const parsed = await parseStatements(script);
  return parsed.map(({ sql, offset, line }) => ({ sql, offset, line }));
}

/** A table a statement names, as the parser saw it. */
export interface RelationName {
  readonly schema: string | null;
  readonly name: string;
}

function collectRelations(node: unknown, out: Map<string, RelationName>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRelations(item, out);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const record = node as Record<string, unknown>;
  if (typeof record.relname === "string") {
    const schema = typeof record.schemaname === "string" ? record.schemaname : null;
    out.set(`${schema ?? ""}.${record.relname}`, { schema, name: record.relname });
  }
  for (const value of Object.values(record)) collectRelations(value, out);
}

/** Every table (RangeVar) the statements of `sql` name, once each, in order of appearance. */
export async function relationNames(sql: string): Promise<readonly RelationName[]> {
  const out = new Map<string, RelationName>();
  for (const statement of await parseStatements(sql)) collectRelations(statement.node, out);
  return [...out.values()];
}
