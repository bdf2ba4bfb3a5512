/**
 * The preflight shared by the run and the dry run, through the library on SQLite (the servers
 * are covered by test/e2e/output-servers.test.ts):
 * the same refusal from both, before any step starts, and the dry run's steps carry their SQL.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createMigrator, type PlannedStep, TidemarkError } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { freshDatabase, tempDir } from "../helpers/databases.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

for (const engine of ["sqlite"] as const) {
  describe(`preflight on ${engine}`, () => {
    test("--single-transaction with a no-transaction step: dry run and run refuse alike, before any step", async () => {
      const db = await freshDatabase(engine);
      const folder = tempDir();
      const dir = join(folder.path, "migrations");
      writeFiles(dir, {
        "001_a.sql": table("a"),
        "002_b.sql": "-- migrate:up\n-- tidemark:no-transaction\nCREATE TABLE b (id INT);\n",
      });
      const migrator = await createMigrator({ url: db.url, dir });
      try {
        const started: string[] = [];
        migrator.on("migration:start", (e) => started.push(e.id));
        const refusal = (err: unknown) =>
          err instanceof TidemarkError &&
          /^002_b\.sql cannot run inside --single-transaction: the file asks for no transaction/.test(
            err.message,
          );
        await assert.rejects(migrator.up({ singleTransaction: true, dryRun: true }), refusal);
        await assert.rejects(migrator.up({ singleTransaction: true }), refusal);
        assert.deepEqual(started, [], "no step started");
        assert.deepEqual(await migrator.records(), []);

        const plan = await migrator.up({ dryRun: true });
        const steps = plan.steps as readonly PlannedStep[];
        assert.deepEqual(
          steps.map((s) => [s.id, s.sql, s.transactional, s.file]),
          [
            ["001", "CREATE TABLE a (id INT);", true, "001_a.sql"],
            ["002", "-- tidemark:no-transaction\nCREATE TABLE b (id INT);", false, "002_b.sql"],
          ],
        );
        assert.match(steps[1]!.note ?? "", /runs outside a transaction/);
        assert.deepEqual(await migrator.records(), [], "the dry run applied nothing");
      } finally {
        await migrator.close();
        await db.drop();
        folder.remove();
      }
    });
  });
}
