/**
 * The `pg` driver behind a {@link PgSession}, typed structurally and loaded only when a
 * connection is opened.
 */

import type { Row } from "../../core/migration.js";
import type { PgSession, ScriptFailure } from "./pg-connection.js";

interface PgResult {
  readonly rows: Row[];
}

/** A `pg.Query`: it emits each row, and keeps none when it has a `row` listener and no callback. */
interface PgQuery {
  on(event: "row", listener: (row: Row) => void): unknown;
  on(event: "end", listener: () => void): unknown;
  on(event: "error", listener: (err: Error) => void): unknown;
}

interface PgClient {
  connect(): Promise<unknown>;
  query(sql: string, params?: unknown[]): Promise<PgResult | PgResult[]>;
  query(query: PgQuery): PgQuery;
  end(): Promise<void>;
  on(event: "error", listener: (err: Error) => void): unknown;
  /** The wire connection; it emits one `commandComplete` per statement a script completes. */
  readonly connection: {
    on(event: "commandComplete", listener: () => void): unknown;
    removeListener(event: "commandComplete", listener: () => void): unknown;
    /** The socket. */
    readonly stream: {
      readonly writableFinished: boolean;
      readonly destroyed: boolean;
      once(event: "finish" | "close", listener: () => void): unknown;
    };
  };
}

interface PgModule {
  Client: new (config: Record<string, unknown>) => PgClient;
  Query: new (sql: string, params: unknown[]) => PgQuery;
}

/** What the `pg` client is given: the URL (SSL options included) and the session's name. */
export interface PgClientOptions {
  readonly connectionString: string;
  readonly applicationName: string;
  readonly connectTimeoutMs: number;
}

class PgDriverSession implements PgSession {
  constructor(
    private readonly client: PgClient,
    private readonly pg: PgModule,
  ) {}

  queryEach(sql: string, params: readonly unknown[], each: (row: Row) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      // With a `row` listener and no callback, pg hands over each row and keeps none.
      const query = new this.pg.Query(sql, [...params]);
      query.on("row", each);
      query.on("error", reject);
      query.on("end", () => resolve());
      this.client.query(query);
    });
  }

  async query(sql: string, params: readonly unknown[]): Promise<Row[]> {
    const result = await (params.length > 0
      ? this.client.query(sql, [...params])
      : this.client.query(sql));
    const last = Array.isArray(result) ? result[result.length - 1] : result;
    return last?.rows ?? [];
  }

  async script(sql: string): Promise<ScriptFailure | null> {
    let completed = 0;
    const count = () => {
      completed++;
    };
    this.client.connection.on("commandComplete", count);
    try {
      await this.client.query(sql);
      return null;
    } catch (error) {
      return { error, completed };
    } finally {
      this.client.connection.removeListener("commandComplete", count);
    }
  }

  end(detach = false): Promise<void> {
    const ended = this.client.end();
    if (!detach) return ended;
    // The Terminate message is written, then the socket's end: once that is done the server
    // has all it needs. It closes the socket after its backend process exits (some ms).
    const socket = this.client.connection.stream;
    return new Promise((resolve) => {
      if (socket.writableFinished || socket.destroyed) resolve();
      ended.then(resolve, resolve);
      socket.once("finish", resolve);
      socket.once("close", resolve);
    });
  }
}

let pgModule: Promise<PgModule> | undefined;

/**
 * Loads `pg` once. On Node 20, where `navigator` is not defined, pg probes for Cloudflare
 * Workers by constructing a fetch `Response`, which loads undici: over a third of pg's import
 * time. A `navigator` present during the import answers that probe at once.
 * A plain `import()`, not importModule(): pg is plain JavaScript, so the CLI bundle carries it.
 */
function loadPg(): Promise<PgModule> {
  pgModule ??= (async () => {
    const g = globalThis as { navigator?: unknown };
    const hadNavigator = "navigator" in g;
    if (!hadNavigator) g.navigator = { userAgent: "Node.js" };
    try {
      return ((await import("pg")) as unknown as { default: PgModule }).default;
    } finally {
      if (!hadNavigator) delete g.navigator;
    }
  })();
  return pgModule;
}

/** Opens a `pg` client session; throws the driver's error when it cannot connect. */
export async function openPgSession(options: PgClientOptions): Promise<PgSession> {
  const pg = await loadPg();
  const client = new pg.Client({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectTimeoutMs,
  });
  // An idle client whose server goes away emits "error"; without a listener Node would
  // crash the process. The next query fails with its own error, which is reported.
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return new PgDriverSession(client, pg);
}
