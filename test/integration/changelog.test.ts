/**
 * `migrator.changelog(version)` on SQLite and PostgreSQL: from the file (description, up and
 * down SQL) with the tracking row's who, when and how long; from the stored down SQL once the
 * file is gone; null for a version nobody knows; a pending one says so.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { createMigrator } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { type Engine, engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { dialectQuery } from "../helpers/sql.js";

const FILES = {
  "001_users.sql":
    "-- Creates the users table.\n-- Owned by the accounts team.\n-- migrate:up\nCREATE TABLE users (id INTEGER);\n-- migrate:down\nDROP TABLE users;\n",
  "002_roles.sql":
    "-- migrate:up\nCREATE TABLE roles (id INTEGER);\n-- migrate:down\nDROP TABLE roles;\n",
};

for (const engine of ["sqlite", "postgres"] as Engine[]) {
  describe(`changelog on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("file, tracking row, stored text once the file is gone, unknown", { skip }, () =>
      withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, FILES);
        let m = await createMigrator({ url: db.url, dir });
        try {
          await m.up({ to: "001" });
          const entry = await m.changelog("001");
          const [row] = await dialectQuery(
            db.url,
            "SELECT applied_by, execution_ms FROM tidemark_migrations WHERE version = '001'",
          );
          assert.equal(entry?.version, "001");
          assert.equal(entry?.name, "users");
          assert.equal(entry?.description, "Creates the users table.\nOwned by the accounts team.");
          assert.equal(entry?.status, "applied");
          assert.equal(entry?.appliedBy, row!.applied_by);
          assert.equal(entry?.executionMs, Number(row!.execution_ms));
          assert.ok(entry?.appliedAt instanceof Date);
          assert.equal(entry?.sql?.trim(), "CREATE TABLE users (id INTEGER);");
          assert.equal(entry?.downSql?.trim(), "DROP TABLE users;");
          assert.equal(entry?.file, "001_users.sql");

          const pending = await m.changelog("002");
          assert.equal(pending?.status, "pending");
          assert.equal(pending?.appliedAt, null);
          assert.equal(pending?.description, null);
          assert.equal(await m.changelog("999"), null);
        } finally {
          await m.close();
        }
        rmSync(join(dir, "001_users.sql"));
        m = await createMigrator({ url: db.url, dir });
        try {
          const gone = await m.changelog("001");
          assert.equal(gone?.file, null);
          assert.equal(gone?.sql, null);
          assert.equal(gone?.description, null);
          assert.equal(gone?.downSql?.trim(), "DROP TABLE users;", "the stored down SQL");
          assert.equal(gone?.name, "users");
        } finally {
          await m.close();
        }
      }),
    );
  });
}
