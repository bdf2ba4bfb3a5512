/**
 * verify's quick path on PostgreSQL and PGlite: up and down tried in one transaction, kept only
 * when the catalogs end row for row as they began, rolled back and checked run by run
 * otherwise — with the same
 * outcomes as before: no false alarm for a down that changes the catalogs but not the schema,
 * a wrong comment found, data a down leaves behind failing the second up, a deferred constraint
 * an up breaks failing that up, a migration outside a transaction checked.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createMigrator } from "../../src/index.js";
import { withShadow } from "../../src/schema/shadow.js";
import { writeFiles } from "../helpers/cli.js";
import { type Engine, engineSkip, freshDatabase, PG_URL, tempDir } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const file = (up: string, down: string, marker = "") =>
  `-- migrate:up${marker}\n${up}\n-- migrate:down${marker}\n${down}\n`;

/** Trial tests: downs that leave the catalogs as they were (002) and that do not (003, 004). */
const MARKED: Record<string, string> = {
  "001_base.sql": file(
    "CREATE TABLE base (id int PRIMARY KEY, code text UNIQUE);\nCOMMENT ON TABLE base IS 'x';",
    "DROP TABLE base;",
  ),
  "002_made.sql": file(
    "CREATE TABLE made (id int PRIMARY KEY, label text);\nCREATE INDEX made_label ON made (label);\nCREATE VIEW made_v AS SELECT id FROM made;\nCREATE FUNCTION made_f(a int) RETURNS int LANGUAGE sql AS 'SELECT a + 1';",
    "DROP FUNCTION made_f(int);\nDROP VIEW made_v;\nDROP TABLE made;",
  ),
  "003_column.sql": file(
    "ALTER TABLE base ADD COLUMN note text;",
    "ALTER TABLE base DROP COLUMN note;",
  ),
  "004_comment.sql": file("COMMENT ON TABLE base IS 'y';", "COMMENT ON TABLE base IS 'x';"),
};

/** verify's outcomes through the trial, in order. */
const CHECKED: Record<string, string> = {
  "001_base.sql": MARKED["001_base.sql"]!,
  "002_column.sql": MARKED["003_column.sql"]!,
  "003_outside.sql": file(
    "CREATE INDEX base_code_lower ON base (lower(code));",
    "DROP INDEX base_code_lower;",
    " transaction:false",
  ),
  "004_row.sql": file("INSERT INTO base (id, code) VALUES (1, 'one');", "SELECT 1;"),
  "005_comment.sql": file("COMMENT ON TABLE base IS 'y';", "COMMENT ON TABLE base IS 'z';"),
  "006_deferred.sql": file(
    "CREATE TABLE child (id int, base_id int REFERENCES base DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO child VALUES (1, 999);",
    "DROP TABLE child;",
  ),
};

for (const engine of ["postgres", "pglite"] as const satisfies readonly Engine[]) {
  describe(`verify's trial on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("a trial is kept only when the catalogs end as they began", { skip }, async () => {
      const db = await freshDatabase(engine);
      const folder = tempDir();
      writeFiles(folder.path, MARKED);
      const m = await createMigrator({ url: db.url, dir: folder.path });
      const upAndDown = (keep = true) =>
        m.holding(() =>
          m.trial(async () => {
            await m.up({ step: 1 });
            await m.down({ step: 1 });
            return keep;
          }),
        );
      const records = async () =>
        (await m.state()).records.map((r) => `${r.id} ${r.status}`).join(", ");
      const tables = async () => (await m.schema()).tables.map((t) => t.name).join(", ");
      try {
        await m.up({ step: 1 });
        assert.equal(await upAndDown(), true, "002's down removed exactly what its up made");
        assert.equal(await records(), "001 applied, 002 rolled_back", "kept: committed");
        assert.equal(await tables(), "public.base");
        await m.up({ step: 1 });
        assert.equal(await upAndDown(), false, "a dropped column stays a row");
        assert.equal(await records(), "001 applied, 002 applied", "rolled back, tracking too");
        const base = (await m.schema()).tables.find((t) => t.name === "public.base")!;
        assert.deepEqual(
          base.columns.map((c) => c.name),
          ["id", "code"],
        );
        await m.up({ step: 1 });
        assert.equal(await upAndDown(), false, "the comment row was rewritten");
        assert.equal(await upAndDown(false), false, "not kept when the work says no");
        assert.equal(await records(), "001 applied, 002 applied, 003 applied");
        // ... yet 003's and 004's downs are right: verify compares, and finds nothing.
        const report = await m.verify({ from: "003" });
        assert.deepEqual(
          report.results.map((r) => `${r.version} ${r.outcome}`),
          ["003 ok", "004 ok"],
        );
      } finally {
        await m.close();
        folder.remove();
        await db.drop();
      }
    });

    test("verify finds through the trial what it found run by run", { skip }, async () => {
      const db = await freshDatabase(engine);
      const folder = tempDir();
      const dir = join(folder.path, "migrations");
      writeFiles(dir, CHECKED);
      const schemaFile = join(folder.path, "schema.sql");
      const m = await createMigrator({ url: db.url, dir, schemaFile });
      try {
        const report = await m.verify();
        assert.deepEqual(
          report.results.map((r) => `${r.version} ${r.outcome}`),
          ["001 ok", "002 ok", "003 ok", "004 reapply-failed", "005 broken", "006 up-failed"],
        );
        const byVersion = new Map(report.results.map((r) => [r.version, r]));
        assert.match(byVersion.get("004")!.error!.message, /duplicate key|unique/i);
        assert.deepEqual(
          byVersion.get("005")!.differences!.map((d) => `${d.change} ${d.kind} ${d.name}`),
          ["changed table public.base"],
        );
        assert.match(byVersion.get("006")!.error!.message, /foreign key/i);
        assert.equal(report.failed, 3);
        // The live database and the schema file are the user's: the shadow touched neither.
        assert.equal((await m.state()).records.length, 0);
        assert.equal(existsSync(schemaFile), false);
      } finally {
        await m.close();
        folder.remove();
        await db.drop();
      }
    });
  });
}

describe("the scratch database on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");
  test("commits without waiting for the disk", { skip }, async () => {
    const setting = await withShadow(PG_URL, { applicationName: "tidemark-test" }, (shadow) =>
      pgQuery(shadow.url, "SHOW synchronous_commit"),
    );
    assert.deepEqual(setting, [{ synchronous_commit: "off" }]);
  });
});
