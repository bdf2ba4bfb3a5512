/**
 * generate tests, step by step: a schema file written, generate run, its files checked, applied
 * to a real database and the change checked there, until the folder is verified and rolled
 * back to zero. One harness for every engine.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  createMigrator,
  type GenerateOptions,
  type GenerateReport,
  type Migrator,
} from "../../src/index.js";
import { type Engine, freshDatabase, tempDir } from "./databases.js";

/** One edit of the schema file and what its generated migration must do. */
export interface SchemaStep {
  readonly name: string;
  /** The schema file's text after the change. */
  readonly edit: (schema: string) => string;
  /** What the generated files must hold (up and down of every file, joined). */
  readonly expect: readonly RegExp[];
  /** What the database must show once the migration is applied. */
  readonly check: (url: string) => Promise<void>;
  readonly renames?: readonly { from: string; to: string }[];
}

/** `s` with `from` replaced by `to`; fails when `s` does not hold `from`. */
export const replace = (from: string, to: string) => (s: string) => {
  assert.ok(s.includes(from), `the schema holds ${from}`);
  return s.replace(from, to);
};

/** Every file generate wrote, as one text. */
export function writtenText(report: GenerateReport): string {
  return report.migrations.flatMap((m) => m.files.map((f) => readFileSync(f, "utf8"))).join("\n");
}

/**
 * From an empty folder to `base`, then each step: proved, applied, checked, up to date after;
 * then `verify` on the whole folder and a down to zero, after which `empty` checks the database.
 */
export async function generateSteps(
  engine: Engine,
  base: string,
  steps: readonly SchemaStep[],
  empty: (url: string) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(engine);
  const folder = tempDir();
  const dir = join(folder.path, "migrations");
  const schemaFile = join(folder.path, "schema.sql");
  // A migrator per call, closed before the database is read on a session of its own (PGlite).
  const withMigrator = async <T>(fn: (m: Migrator) => Promise<T>): Promise<T> => {
    const m = await createMigrator({ url: db.url, dir });
    try {
      return await fn(m);
    } finally {
      await m.close();
    }
  };
  const generate = (name: string, options: Omit<GenerateOptions, "schema"> = {}) =>
    withMigrator((m) => m.generate(name, { schema: schemaFile, ...options }));
  try {
    let schema = base;
    writeFileSync(schemaFile, schema);
    const first = await generate("init");
    assert.deepEqual(first.proof, { up: [], down: [] });
    assert.equal(first.written, true);
    await withMigrator((m) => m.up());
    for (const step of steps) {
      schema = step.edit(schema);
      writeFileSync(schemaFile, schema);
      if (step === steps[0]) {
        const check = await generate(step.name, { check: true });
        assert.equal(check.upToDate, false);
        assert.deepEqual(
          check.migrations.flatMap((m) => m.files),
          [],
        );
      }
      const report = await generate(step.name, { renames: step.renames });
      assert.deepEqual(report.proof, { up: [], down: [] }, step.name);
      assert.equal(report.written, true, step.name);
      const text = writtenText(report);
      for (const pattern of step.expect) assert.match(text, pattern, `${step.name}:\n${text}`);
      await withMigrator((m) => m.up());
      await step.check(db.url);
      const again = await generate(step.name);
      assert.equal(again.upToDate, true, `${step.name}: ${JSON.stringify(again.differences)}`);
      assert.deepEqual(again.migrations, []);
    }
    const verified = await withMigrator((m) => m.verify());
    const bad = verified.results.filter((r) => r.outcome !== "ok");
    assert.equal(verified.failed, 0, JSON.stringify(bad));
    await withMigrator((m) => m.down({ to: "zero" }));
    await empty(db.url);
  } finally {
    folder.remove();
    await db.drop();
  }
}
