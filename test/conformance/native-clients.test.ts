/**
 * SQL as the native clients read it: every script in native/<engine>/ is run through the engine's
 * own client (`mariadb`, `psql`, `sqlite3`) into one fresh database and through tidemark (as a
 * Flyway-style migration file, by the library) into another; the two dumps (schema, routines
 * with their sql_mode, triggers, data) must be identical.
 *
 * A script here is one the native client accepts: if the client refuses it, the script is wrong.
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createMigrator } from "../../src/index.js";
import { engineSkip, freshDatabase, type TestDatabase, tempDir } from "../helpers/databases.js";
import {
  mysqlClient,
  mysqlDump,
  pgDump,
  psqlClient,
  readScript,
  sqliteDump,
  sqliteShell,
} from "../helpers/native.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "native");
const TRACKING = ["tidemark_migrations", "tidemark_migrations_log", "tidemark_migrations_lock"];

type NativeEngine = "mysql" | "postgres" | "sqlite";

function scripts(engine: NativeEngine): string[] {
  return readdirSync(join(ROOT, engine))
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

/** Applies the script with tidemark's library, as the only migration of a fresh folder. */
async function applyWithTidemark(url: string, scriptPath: string): Promise<void> {
  const folder = tempDir();
  try {
    const dir = join(folder.path, "migrations");
    mkdirSync(dir);
    copyFileSync(scriptPath, join(dir, "V1__script.sql"));
    const migrator = await createMigrator({ url, dir });
    try {
      await migrator.up();
    } finally {
      await migrator.close();
    }
  } finally {
    folder.remove();
  }
}

/** Runs the script through the native client into `db`; fails the test when the client refuses it. */
async function applyNatively(engine: NativeEngine, db: TestDatabase, path: string): Promise<void> {
  const result =
    engine === "mysql"
      ? await mysqlClient(db.url, readScript(path))
      : engine === "postgres"
        ? await psqlClient(db.url, path)
        : await sqliteShell(db.url.slice("sqlite:".length), readScript(path));
  assert.equal(result.code, 0, `the native client refused the script: ${result.stderr}`);
}

async function dump(engine: NativeEngine, db: TestDatabase): Promise<string> {
  if (engine === "mysql") return mysqlDump(db.url, TRACKING);
  if (engine === "postgres") return pgDump(db.url, ["tidemark_migrations*"]);
  const path = db.url.slice("sqlite:".length);
  const conn = new Database(path);
  try {
    const names = conn
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'tidemark%'")
      .all() as { name: string }[];
    for (const { name } of names) conn.exec(`DROP TABLE "${name}"`);
  } finally {
    conn.close();
  }
  return sqliteDump(path);
}

for (const engine of ["mysql", "postgres", "sqlite"] as const) {
  describe(`native ${engine} client and tidemark store the same`, {
    concurrency: 4,
    skip: engine === "sqlite" ? false : await engineSkip(engine),
  }, () => {
    for (const name of scripts(engine)) {
      test(name, async () => {
        const path = join(ROOT, engine, name);
        const [native, ours] = await Promise.all([freshDatabase(engine), freshDatabase(engine)]);
        try {
          await applyNatively(engine, native, path);
          await applyWithTidemark(ours.url, path);
          assert.equal(await dump(engine, ours), await dump(engine, native));
        } finally {
          await Promise.all([native.drop(), ours.drop()]);
        }
      });
    }
  });
}
