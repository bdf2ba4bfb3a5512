/**
 * PGlite (PostgreSQL compiled to WASM, in-process) behind a {@link PgSession}, typed
 * structurally and loaded only when a connection is opened.
 */

import { promises as fsp } from "node:fs";
import { importModule } from "../../core/import-module.js";
import type { Row } from "../../core/migration.js";
import type { PgSession, ScriptFailure } from "../postgres/pg-connection.js";

interface BackendMessage {
  readonly name: string;
}

interface PGliteDb {
  query(sql: string, params?: unknown[]): Promise<{ readonly rows: Row[] }>;
  execProtocol(
    message: Uint8Array,
    options: { readonly throwOnError: boolean },
  ): Promise<{ readonly messages: readonly BackendMessage[] }>;
  close(): Promise<void>;
  dumpDataDir(compression: "gzip"): Promise<Blob>;
  readonly closed: boolean;
}

interface PGliteModule {
  PGlite: {
    create(dataDir?: string, options?: { readonly loadDataDir?: Blob }): Promise<PGliteDb>;
  };
}

/**
 * A simple-query ('Q') protocol message. PGlite's `exec()` throws away which statements
 * completed when one fails; the raw protocol keeps every CommandComplete.
 */
function simpleQueryMessage(sql: string): Uint8Array {
  const body = new TextEncoder().encode(sql);
  const message = new Uint8Array(body.length + 6);
  message[0] = 0x51;
  new DataView(message.buffer).setInt32(1, body.length + 5);
  message.set(body, 5);
  return message;
}

class PGliteSession implements PgSession {
  constructor(private readonly db: PGliteDb) {}

  async query(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await this.db.query(sql, [...params]);
    return result.rows;
  }

  async script(sql: string): Promise<ScriptFailure | null> {
    if (sql.includes("\0")) throw new TypeError("SQL text cannot contain a NUL character");
    const { messages } = await this.db.execProtocol(simpleQueryMessage(sql), {
      throwOnError: false,
    });
    const error = messages.find((m) => m.name === "error");
    if (!error) return null;
    const completed = messages.filter((m) => m.name === "commandComplete").length;
    return { error, completed };
  }

  /** The whole data directory as a tar.gz, from this (the only) session. */
  async copyTo(file: string): Promise<void> {
    const dump = await this.db.dumpDataDir("gzip");
    await fsp.writeFile(file, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
  }

  async end(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

/** Opens (creating when missing) the PGlite database in `dataDir`, or in memory when null. */
export async function openPGliteSession(dataDir: string | null): Promise<PgSession> {
  const { PGlite } = (await importModule("@electric-sql/pglite")) as unknown as PGliteModule;
  const db = await PGlite.create(dataDir ?? undefined);
  return new PGliteSession(db);
}

/**
 * Creates the data directory `dataDir` (which must not exist) from a data-directory dump
 * (`copyTo`'s tar.gz), checks that it opens, and closes it.
 */
export async function loadPGliteDataDir(dataDir: string, archive: Uint8Array): Promise<void> {
  const { PGlite } = (await importModule("@electric-sql/pglite")) as unknown as PGliteModule;
  const db = await PGlite.create(dataDir, { loadDataDir: new Blob([archive]) });
  try {
    await db.query("SELECT 1");
  } finally {
    await db.close();
  }
}
