/**
 * For schema tests on PostgreSQL and PGlite: the every-kind fixture as a migration, a schema
 * read on its own session, and the object names a snapshot or a `pg_dump --schema-only` holds.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveDialect } from "../../src/dialects/registry.js";
import type { SchemaSnapshot } from "../../src/index.js";
import { runTool } from "./native.js";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../fixtures/schema");

/** A fixture file of test/fixtures/schema. */
export function schemaFixture(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

/** Runs `sql` (when given) on `url`, then reads its schema, tracking tables `exclude` left out. */
export async function introspectUrl(
  url: string,
  sql?: string,
  exclude: readonly string[] = ["tidemark_migrations"],
): Promise<SchemaSnapshot> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "tidemark-test" });
  try {
    if (sql !== undefined) await conn.exec(sql);
    return await dialect.introspect!(conn, { exclude });
  } finally {
    await conn.close();
  }
}

/** The snapshot without what differs between equal schemas on different servers. */
export function comparable(s: SchemaSnapshot): SchemaSnapshot {
  const { serverVersion: _ignored, ...rest } = s;
  return rest;
}

/** The names of every object kind a snapshot holds, keyed as pg_dump names them. */
export function snapshotNames(s: SchemaSnapshot): Record<string, string[]> {
  const sorted = (names: Iterable<string>) => [...new Set(names)].sort();
  return {
    schemas: sorted(s.schemas.map((x) => x.name).filter((n) => n !== "public")),
    tables: sorted(s.tables.map((t) => t.name)),
    views: sorted(s.views.map((v) => v.name)),
    routines: sorted(s.routines.map((r) => r.name.slice(0, r.name.indexOf("(")))),
    indexes: sorted([
      ...s.tables.flatMap((t) => t.indexes.map((i) => i.name)),
      ...s.views.flatMap((v) => (v.indexes ?? []).map((i) => i.name)),
    ]),
    constraints: sorted([
      ...s.tables.flatMap((t) => t.constraints.map((c) => c.name)),
      ...s.domains.flatMap((d) => d.checks.map((c) => /^CONSTRAINT (\S+)/.exec(c)?.[1] ?? c)),
    ]),
    sequences: sorted(s.sequences.map((x) => x.name)),
    triggers: sorted(s.triggers.map((t) => t.name.slice(t.name.lastIndexOf(".") + 1))),
    types: sorted([...s.enums, ...s.domains].map((x) => x.name)),
    extensions: sorted(s.extensions.map((e) => e.name).filter((n) => n !== "plpgsql")),
  };
}

const DUMP_PATTERNS: Readonly<Record<string, RegExp>> = {
  schemas: /^CREATE SCHEMA (\S+);/gm,
  tables: /^CREATE TABLE (\S+) \(/gm,
  views: /^CREATE (?:MATERIALIZED )?VIEW (\S+) AS/gm,
  routines: /^CREATE (?:FUNCTION|PROCEDURE|AGGREGATE) ([^\s(]+)\(/gm,
  indexes: /^CREATE (?:UNIQUE )?INDEX (\S+) ON/gm,
  constraints: /\bCONSTRAINT (\S+) (?:PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|EXCLUDE)/gm,
  sequences: /(?:^CREATE SEQUENCE|SEQUENCE NAME) ([^\s;]+)/gm,
  triggers: /^CREATE TRIGGER (\S+) /gm,
  types: /^CREATE (?:TYPE|DOMAIN) (\S+) AS/gm,
  extensions: /^CREATE EXTENSION IF NOT EXISTS (\S+) /gm,
};

/** `pg_dump --schema-only` of a server database, tracking tables and pg_dump's random fence left out. */
export async function pgSchemaDump(url: string): Promise<string> {
  const r = await runTool("pg_dump", [
    "--schema-only",
    "--no-owner",
    "--no-privileges",
    "--exclude-table=tidemark_migrations*",
    "-d",
    url,
  ]);
  if (r.code !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  // pg_dump 15.14+ fences the script with \restrict / \unrestrict and a random key.
  return r.stdout.replace(/^\\(un)?restrict .*$/gm, "");
}

/** The names of each kind in `pg_dump --schema-only` of a server database, tracking tables left out. */
export async function pgDumpNames(url: string): Promise<Record<string, string[]>> {
  const dump = await pgSchemaDump(url);
  const names: Record<string, string[]> = {};
  for (const [kind, pattern] of Object.entries(DUMP_PATTERNS)) {
    const found = [...dump.matchAll(pattern)].map((m) => m[1]!);
    names[kind] = [...new Set(found.filter((n) => n !== "plpgsql"))].sort();
  }
  return names;
}
