/** A run reads each migration it applies or rolls back once: the preflight's load is the one the executor runs. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { ListOptions, MigrationInfo } from "../../src/core/migration.js";
import { createMigrator, DirectorySource } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

test("up and down load each step's file once", async () => {
  const folder = tempDir();
  try {
    const dir = join(folder.path, "migrations");
    const files: Record<string, string> = {};
    for (const v of ["001", "002", "003"])
      files[`${v}_t.sql`] =
        `-- migrate:up\nCREATE TABLE t${v} (id INTEGER);\n-- migrate:down\nDROP TABLE t${v};\n`;
    writeFiles(dir, files);
    const inner = new DirectorySource(dir);
    const loads: string[] = [];
    const source = {
      list: (options?: ListOptions) => inner.list(options),
      load: (info: MigrationInfo) => {
        loads.push(info.id);
        return inner.load(info);
      },
    };
    const migrator = await createMigrator({ url: `sqlite:${join(folder.path, "t.db")}`, source });
    try {
      await migrator.up();
      assert.deepEqual(loads, ["001", "002", "003"]);
      loads.length = 0;
      await migrator.down({ to: "zero" });
      // A down runs the stored down SQL; it reads the file only to tell whether it still matches.
      assert.deepEqual(loads, ["003", "002", "001"]);
    } finally {
      await migrator.close();
    }
  } finally {
    folder.remove();
  }
});
