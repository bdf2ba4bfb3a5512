/**
 * Issue 8, "speed that does not grow with history", on every engine: the migrator tells the
 * source which files were applied as they are (those are hashed, not parsed), and a long-lived
 * migrator (an app's) still sees every change of the folder between two calls.
 */
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import { type Migrator, TidemarkError } from "../../src/index.js";
import { ALL_ENGINES, type Engine, engineSkip } from "../helpers/databases.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";
import { dialectQuery as query } from "../helpers/sql.js";

const table = (name: string, directives = "") =>
  `-- migrate:up\n${directives}CREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

/** Runs `fn` with a migrator on a fresh database and a folder holding `files`. */
async function withMigrator(
  engine: Engine,
  files: Record<string, string>,
  fn: (m: Migrator, dir: string, url: string) => Promise<void>,
): Promise<void> {
  await withMigratorSetup(engine, files, async (s) => fn(await s.migrator(), s.dir, s.db.url));
}

const versions = async (url: string) =>
  (await query(url, "SELECT version, status FROM tidemark_migrations ORDER BY version")).map(
    (r) => `${String(r.version)}:${String(r.status)}`,
  );

for (const engine of ALL_ENGINES) {
  describe(`unchanged applied files on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("one migrator sees files added, edited and restored between calls", { skip }, async () => {
      const one = table("u1");
      await withMigrator(engine, { "001_u1.sql": one }, async (m, dir, url) => {
        await m.up();
        writeFileSync(join(dir, "002_u2.sql"), table("u2"));
        assert.deepEqual(
          (await m.up()).steps.map((s) => s.version),
          ["002"],
        );
        assert.deepEqual(await versions(url), ["001:applied", "002:applied"]);
        writeFileSync(join(dir, "001_u1.sql"), one.replace("id INT", "id BIGINT"));
        const err = await m.up().catch((e: unknown) => e);
        assert.ok(err instanceof TidemarkError && err.code === "E_CHECKSUM", String(err));
        writeFileSync(join(dir, "001_u1.sql"), one);
        assert.deepEqual((await m.up()).steps, []);
        rmSync(join(dir, "002_u2.sql"));
        assert.deepEqual(
          (await m.status()).problems.map((p) => `${p.kind}:${p.version}`),
          ["missing_file:002"],
        );
      });
    });

    test("directives of applied files still count: depends, heads, no-transaction down", {
      skip,
    }, async () => {
      const files = {
        "001_a.up.sql": "CREATE TABLE a (id INT);\n",
        "001_a.down.sql": "-- tidemark:no-transaction\nDROP TABLE a;\n",
        "002_b.sql": table("b", "-- tidemark:depends 001\n"),
        "003_c.sql": table("c", "-- tidemark:depends 001\n"),
      };
      await withMigrator(engine, files, async (m, _dir, url) => {
        await m.up();
        const status = await m.status();
        assert.deepEqual(
          status.problems.map((p) => p.kind),
          ["multiple_heads"],
        );
        const notes: string[] = [];
        m.on("migration:note", (e) => notes.push(`${e.version}: ${e.message}`));
        await m.down({ to: "zero" });
        assert.deepEqual(await versions(url), [
          "001:rolled_back",
          "002:rolled_back",
          "003:rolled_back",
        ]);
        assert.ok(
          notes.includes("001: down runs outside a transaction: the file asks for no transaction"),
          notes.join("\n"),
        );
      });
    });

    test("a file applied as it is is hashed, not parsed again, except by validate", {
      skip,
    }, async () => {
      await withMigrator(engine, { "001_a.sql": table("a") }, async (m, dir, url) => {
        await m.up();
        // Today's parser refuses SQL before the up marker; the row says this text was applied.
        const text = `SELECT 1;\n${table("a")}`;
        writeFileSync(join(dir, "001_a.sql"), text);
        await m.close(); // PGlite: one instance on the folder at a time; the next call reopens
        await query(url, `UPDATE tidemark_migrations SET checksum = '${checksum(text)}'`);
        const status = await m.status();
        assert.equal(status.current, "001");
        assert.deepEqual(status.problems, []);
        assert.deepEqual((await m.up()).steps, []);
        const invalid = await m.validate().catch((e: unknown) => e);
        assert.ok(invalid instanceof TidemarkError && invalid.code === "E_PARSE", String(invalid));
        await m.down();
        assert.deepEqual(await versions(url), ["001:rolled_back"]);
        const err = await m.status().catch((e: unknown) => e);
        assert.ok(err instanceof TidemarkError && err.code === "E_PARSE", String(err));
      });
    });
  });
}
