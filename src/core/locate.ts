import type { SqlBody } from "./migration.js";

export interface SqlLocation {
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number | undefined;
  /** 1-based column in that line. */
  readonly column: number | undefined;
  /** The text of the failing line, for showing with a caret. */
  readonly statement: string | undefined;
}

/** Maps a 0-based offset inside a body's SQL to the file's line and column. */
export function locate(body: SqlBody, offset: number | undefined): SqlLocation {
  if (offset === undefined || offset < 0 || offset > body.sql.length) {
    return { file: body.file, line: undefined, column: undefined, statement: undefined };
  }
  const before = body.sql.slice(0, offset);
  const lineIndex = before.split("\n").length - 1;
  const lineStart = before.lastIndexOf("\n") + 1;
  const lineEnd = body.sql.indexOf("\n", offset);
  const text = body.sql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, "");
  return {
    file: body.file,
    line: body.line + lineIndex,
    column: offset - lineStart + 1,
    statement: text,
  };
}
