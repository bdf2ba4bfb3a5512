/**
 * Where `diff` and `generate` read a schema from (SPEC §5): a database URL (introspected as it
 * is), a migrations folder (applied to a throw-away database), or a `.sql` schema file or
 * folder of them (run, file by file in name order, in a throw-away database; a
 * `pg_dump --schema-only` output is one).
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { resolveDialect } from "../dialects/registry.js";
import type { Shadow } from "../schema/shadow.js";
import type { SchemaSnapshot } from "../schema/snapshot.js";
import { classifyFile } from "../sources/file-names.js";
import { listFiles } from "../sources/folder-walk.js";
import { messageOf, TidemarkError } from "./errors.js";
import { readSchema } from "./schema-file.js";
import type { ShadowMigrator } from "./verify.js";

/** A schema source, as the user named it and as tidemark understood it. */
export type SchemaSourceKind = "url" | "migrations" | "sql";

/** What reading a source needs: the tracking table to leave out, a migrator for a folder. */
export interface SourceHost {
  readonly table: string;
  readonly applicationName: string;
  /** A migrator on the throw-away database `url` over the migrations in `dir`. */
  migrator(url: string, dir: string): ShadowMigrator;
}

/** What `spec` names: a URL (`scheme:`), a `.sql` file, a migrations folder or a schema folder. */
export function sourceKind(spec: string): SchemaSourceKind {
  if (/^[a-z][a-z0-9+.-]+:/i.test(spec)) return "url";
  let folder: boolean;
  try {
    folder = statSync(spec).isDirectory();
  } catch (err) {
    throw new TidemarkError("E_IO", `Cannot read the schema source ${spec}: ${messageOf(err)}`, {
      hint: "Give a database URL, a migrations folder, or a .sql schema file or folder.",
    });
  }
  if (!folder) {
    if (!spec.endsWith(".sql"))
      throw new TidemarkError("E_USAGE", `The schema source ${spec} is not a .sql file`, {
        hint: "Give a database URL, a migrations folder, or a .sql schema file or folder.",
      });
    return "sql";
  }
  return listFiles(spec, spec).some(isMigrationFile) ? "migrations" : "sql";
}

function isMigrationFile(file: string): boolean {
  try {
    return classifyFile(file) !== null;
  } catch {
    return false;
  }
}

/** The schema of a database URL, tracking tables left out. */
export async function readUrlSchema(url: string, host: SourceHost): Promise<SchemaSnapshot> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: host.applicationName });
  try {
    return await readSchema(dialect, conn, host.table);
  } finally {
    await conn.close();
  }
}

/** Builds the schema of a folder or `.sql` source in `shadow` (left as built) and reads it. */
export async function buildSchema(
  shadow: Shadow,
  spec: string,
  kind: Exclude<SchemaSourceKind, "url">,
  host: SourceHost,
): Promise<SchemaSnapshot> {
  if (kind === "migrations") {
    const m = host.migrator(shadow.url, spec);
    try {
      await m.up({});
      return await m.schema();
    } finally {
      await m.close();
    }
  }
  // One session throughout: an in-memory shadow lives as long as its session.
  const dialect = await resolveDialect(shadow.url);
  const conn = await dialect.connect({ applicationName: host.applicationName });
  try {
    for (const file of schemaFiles(spec)) {
      // psql meta-commands (pg_dump's `\restrict` fence) are not SQL: their lines are blanked.
      const text = readFileSync(file, "utf8").replace(/^\\.*$/gm, "");
      for (const statement of await dialect.splitStatements(text)) {
        await conn.execStatement(statement).catch((err: unknown) => {
          throw new TidemarkError("E_QUERY", `${file}: ${messageOf(err)}`, {
            cause: err,
            file,
            hint: "Fix the schema file: it must run as written on an empty database.",
          });
        });
      }
    }
    return await readSchema(dialect, conn, host.table);
  } finally {
    await conn.close();
  }
}

/** The `.sql` files of a schema source, in name order (a file is itself). */
function schemaFiles(spec: string): string[] {
  if (!statSync(spec).isDirectory()) return [spec];
  return listFiles(spec, spec)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => join(spec, f));
}
