/**
 * Schema tests: apply DDL through tidemark (so the tracking tables exist beside it), read the
 * snapshot back, and run a rendered script statement by statement as `up` would.
 */
import { join } from "node:path";
import { DEFAULT_TABLE } from "../../src/core/defaults.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { createMigrator } from "../../src/index.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { writeFiles } from "./cli.js";
import { type Engine, freshDatabase, type TestDatabase, tempDir } from "./databases.js";

/** The snapshot of the database at `url`, tidemark's tracking tables left out. */
export async function introspectUrl(url: string): Promise<SchemaSnapshot> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "test" });
  try {
    return await dialect.introspect!(conn, { exclude: [DEFAULT_TABLE] });
  } finally {
    await conn.close();
  }
}

/** Runs `script` on `url` one statement at a time, cut by the dialect's own splitter. */
export async function runScript(url: string, script: string): Promise<void> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "test" });
  try {
    for (const statement of await dialect.splitStatements(script)) {
      await conn.execStatement(statement);
    }
  } finally {
    await conn.close();
  }
}

/** A fresh database of `engine` with `ddl` applied by `tidemark up`; dropped after `check`. */
export async function withSchema(
  engine: Engine,
  ddl: string,
  check: (db: TestDatabase) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(engine);
  const folder = tempDir();
  try {
    const dir = join(folder.path, "migrations");
    writeFiles(dir, { "001_schema.sql": `-- migrate:up\n${ddl}\n` });
    const migrator = await createMigrator({ url: db.url, dir });
    try {
      await migrator.up();
    } finally {
      await migrator.close();
    }
    await check(db);
  } finally {
    folder.remove();
    await db.drop();
  }
}

/** A fresh database of `engine`, dropped after `use`. */
export async function withEmptyDatabase(
  engine: Engine,
  use: (db: TestDatabase) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(engine);
  try {
    await use(db);
  } finally {
    await db.drop();
  }
}

/** Every object name a snapshot holds, as `kind name` (tables, indexes, views, routines, triggers, events). */
export function objectNames(s: SchemaSnapshot): string[] {
  return [
    ...s.tables.map((t) => `table ${t.name}`),
    ...s.tables.flatMap((t) => t.indexes.map((i) => `index ${i.name}`)),
    ...s.views.map((v) => `view ${v.name}`),
    ...s.routines.map((r) => `${r.kind} ${r.name}`),
    ...s.triggers.map((t) => `trigger ${t.name.slice(t.table.length + 1)}`),
    ...s.events.map((e) => `event ${e.name}`),
  ].sort();
}
