/** A fresh database and migrations folder for library tests, with every migrator it opened closed after. */
import { join } from "node:path";
import { createMigrator, type Migrator } from "../../src/index.js";
import { writeFiles } from "./cli.js";
import { type Engine, freshDatabase, type TestDatabase, tempDir } from "./databases.js";
import { dialectQuery, type Row } from "./sql.js";

export interface MigratorSetup {
  readonly db: TestDatabase;
  /** The migrations folder, holding the files given. */
  readonly dir: string;
  /** Opens a migrator on the database and folder (lock wait 30 s). */
  migrator(): Promise<Migrator>;
  /** Closes every migrator, then runs `sql` on its own session (PGlite allows one at a time). */
  query(sql: string): Promise<Row[]>;
  /** Closes every migrator, drops the database and removes the folder. */
  cleanup(): Promise<void>;
}

/** A fresh database of `engine` and a folder holding `migrations` (file name → text). */
export async function migratorSetup(
  engine: Engine,
  migrations: Record<string, string>,
): Promise<MigratorSetup> {
  const db = await freshDatabase(engine);
  const folder = tempDir();
  const dir = join(folder.path, "migrations");
  writeFiles(dir, migrations);
  const opened: Migrator[] = [];
  const closeAll = async () => {
    for (const m of opened.splice(0)) await m.close();
  };
  return {
    db,
    dir,
    migrator: async () => {
      const m = await createMigrator({ url: db.url, dir, lockWaitMs: 30_000 });
      opened.push(m);
      return m;
    },
    query: async (sql) => {
      await closeAll();
      return dialectQuery(db.url, sql);
    },
    cleanup: async () => {
      await closeAll();
      await db.drop();
      folder.remove();
    },
  };
}

/** Runs `fn` on `migratorSetup(engine, migrations)`, cleaning up after whatever happens. */
export async function withMigratorSetup(
  engine: Engine,
  migrations: Record<string, string>,
  fn: (s: MigratorSetup) => Promise<void>,
): Promise<void> {
  const s = await migratorSetup(engine, migrations);
  try {
    await fn(s);
  } finally {
    await s.cleanup();
  }
}
