/**
 * For backup tests: a database with two applied migrations and data, migrators whose backups go
 * to a folder of the test's own, and the engine's own dump of the database (tracking tables
 * included) to compare before a backup and after its restore.
 */
import { join } from "node:path";
import { resolveDialect } from "../../src/dialects/registry.js";
import { sqlitePath } from "../../src/dialects/sqlite/sqlite-dialect.js";
import { createMigrator, type Migrator, type MigratorOptions } from "../../src/index.js";
import { writeFiles } from "./cli.js";
import { type Engine, freshDatabase, type TestDatabase, tempDir } from "./databases.js";
import { mysqlDump, pgDump, sqliteDump } from "./native.js";
import { dialectQuery } from "./sql.js";

/** Two migrations: tables, an index and rows, in SQL every engine reads. */
export const BACKUP_MIGRATIONS: Readonly<Record<string, string>> = {
  "001_users.sql":
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL);\nINSERT INTO users (id, name) VALUES (1, 'ann'), (2, 'bob');\n",
  "002_orders.sql":
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);\nCREATE INDEX orders_user ON orders (user_id);\nINSERT INTO orders (id, user_id) VALUES (10, 1), (11, 2);\n",
};

export interface BackupSetup {
  readonly db: TestDatabase;
  readonly dir: string;
  /** The backups folder (config backups.dir). */
  readonly backups: string;
  /** The working folder: migrations, backups. */
  readonly cwd: string;
  migrator(options?: Partial<MigratorOptions>): Promise<Migrator>;
  /** Closes every migrator opened, then the engine's dump of the whole database. */
  dump(): Promise<string>;
  /** Closes every migrator opened, then runs `sql` on a session of its own. */
  query(sql: string): Promise<Record<string, unknown>[]>;
}

/** PGlite has no pg_dump here: its public tables, their columns, indexes and rows, as text. */
async function pgliteDump(url: string): Promise<string> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "tidemark-test" });
  try {
    const columns = await conn.query(
      "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
    );
    const indexes = await conn.query(
      "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
    );
    const tables = [...new Set(columns.map((c) => String(c.table_name)))];
    const rows: unknown[] = [];
    for (const t of tables) rows.push(t, await conn.query(`SELECT * FROM "${t}" ORDER BY 1`));
    return JSON.stringify({ columns, indexes, rows }, null, 1);
  } finally {
    await conn.close();
  }
}

/** The engine's own dump of every table, tracking tables included. */
export function engineDump(engine: Engine, url: string): Promise<string> {
  if (engine === "postgres") return pgDump(url, []);
  if (engine === "mysql") return mysqlDump(url, []);
  if (engine === "sqlite") return sqliteDump(sqlitePath(url));
  return pgliteDump(url);
}

/** Runs `fn` on a fresh database of `engine` with BACKUP_MIGRATIONS in its folder; cleans up after. */
export async function withBackupSetup(
  engine: Engine,
  fn: (s: BackupSetup) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(engine);
  const folder = tempDir("tidemark-backup-");
  const dir = join(folder.path, "migrations");
  const backups = join(folder.path, "backups");
  writeFiles(dir, BACKUP_MIGRATIONS);
  const opened: Migrator[] = [];
  const closeAll = async () => {
    for (const m of opened.splice(0)) await m.close();
  };
  const setup: BackupSetup = {
    db,
    dir,
    backups,
    cwd: folder.path,
    migrator: async (options = {}) => {
      const m = await createMigrator({ url: db.url, dir, backups: { dir: backups }, ...options });
      opened.push(m);
      return m;
    },
    dump: async () => {
      await closeAll();
      return engineDump(engine, db.url);
    },
    query: async (sql) => {
      await closeAll();
      return dialectQuery(db.url, sql);
    },
  };
  try {
    await fn(setup);
  } finally {
    await closeAll();
    await db.drop();
    folder.remove();
  }
}
