/**
 * Fresh, isolated databases for tests: each call creates its own database (or file) and
 * `drop()` removes it, so tests run in any order and in parallel.
 *
 * Server engines take their URL from TIDEMARK_TEST_PG_URL / TIDEMARK_TEST_MYSQL_URL.
 * Whether a server's tests run is decided once, where they are registered (`engineSkip`):
 * under CI (CI=true) an unreachable server fails the run; elsewhere its tests are skipped with
 * a loud message.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type Engine = "sqlite" | "pglite" | "postgres" | "mysql";

export interface TestDatabase {
  readonly engine: Engine;
  /** URL tidemark connects with. */
  readonly url: string;
  /** Removes the database; never throws. */
  drop(): Promise<void>;
}

export const PG_URL = process.env.TIDEMARK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const MYSQL_URL = process.env.TIDEMARK_TEST_MYSQL_URL ?? "mysql://root@127.0.0.1:3306/test";
const IN_CI = process.env.CI === "true" || process.env.CI === "1";

function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A temporary folder removed by the returned function. */
export function tempDir(prefix = "tidemark-test-"): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

async function freshSqlite(): Promise<TestDatabase> {
  const dir = tempDir();
  return {
    engine: "sqlite",
    url: `sqlite:${join(dir.path, "test.db")}`,
    drop: async () => dir.remove(),
  };
}

async function freshPglite(): Promise<TestDatabase> {
  const dir = tempDir();
  return {
    engine: "pglite",
    url: `pglite:${join(dir.path, "pgdata")}`,
    drop: async () => dir.remove(),
  };
}

async function freshPostgres(): Promise<TestDatabase> {
  const pg = (await import("pg")).default;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const name = uniqueName("tm");
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    engine: "postgres",
    url: withDatabase(PG_URL, name),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      try {
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } catch {
        // best effort
      } finally {
        await c.end().catch(() => {});
      }
    },
  };
}

async function freshMysql(): Promise<TestDatabase> {
  const mysql = await import("mysql2/promise");
  const admin = await mysql.createConnection(MYSQL_URL);
  const name = uniqueName("tm");
  try {
    await admin.query(`CREATE DATABASE \`${name}\``);
  } finally {
    await admin.end();
  }
  return {
    engine: "mysql",
    url: withDatabase(MYSQL_URL, name),
    drop: async () => {
      try {
        const c = await mysql.createConnection(MYSQL_URL);
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      } catch {
        // best effort
      }
    },
  };
}

const makers: Record<Engine, () => Promise<TestDatabase>> = {
  sqlite: freshSqlite,
  pglite: freshPglite,
  postgres: freshPostgres,
  mysql: freshMysql,
};

const reachable = new Map<Engine, Promise<string | null>>();

/** Null when the engine can be used here, else why not. Server engines are probed once per process. */
export function unavailableReason(engine: Engine): Promise<string | null> {
  if (engine === "sqlite" || engine === "pglite") return Promise.resolve(null);
  let probe = reachable.get(engine);
  if (!probe) {
    probe = makers[engine]().then(
      async (db) => {
        await db.drop();
        return null;
      },
      (err: unknown) => `${engine} server not reachable: ${(err as Error).message}`,
    );
    reachable.set(engine, probe);
  }
  return probe;
}

/** Creates a fresh database of `engine`; throws when its server cannot be reached. */
export function freshDatabase(engine: Engine): Promise<TestDatabase> {
  return makers[engine]();
}

/** Options for node:test's `describe`/`test`: skip (outside CI only) when the engine is unreachable. */
export async function engineSkip(engine: Engine): Promise<string | false> {
  const reason = await unavailableReason(engine);
  if (!reason) return false;
  if (IN_CI) throw new Error(`${reason} (required under CI)`);
  console.warn(`\n*** SKIPPING ${engine} tests: ${reason} ***\n`);
  return reason;
}

export const ALL_ENGINES: readonly Engine[] = ["sqlite", "pglite", "postgres", "mysql"];

/** What `withDbAndFolder` hands a test: the database, its migrations folder and the working folder. */
export type DbAndFolderFn<T> = (db: TestDatabase, dir: string, cwd: string) => Promise<T>;

/**
 * Runs `fn` with a fresh database of `engine` and a temporary working folder (`cwd`) whose
 * `migrations` subfolder is `dir` (not created); drops and removes both after, whatever happens.
 */
export async function withDbAndFolder<T>(engine: Engine, fn: DbAndFolderFn<T>): Promise<T> {
  const db = await freshDatabase(engine);
  const folder = tempDir();
  try {
    return await fn(db, join(folder.path, "migrations"), folder.path);
  } finally {
    await db.drop();
    folder.remove();
  }
}
