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

test("up({ lint }) lints from the run's own look at the folder and stops before anything runs", async () => {
  const folder = tempDir();
  try {
    const dir = join(folder.path, "migrations");
    writeFiles(dir, {
      "001_a.sql": "-- migrate:up\nCREATE TABLE a (id INTEGER);\n-- migrate:down\nDROP TABLE a;\n",
      "002_b.sql": "-- migrate:up\nCREATE TABLE b (id INTEGER);\n-- migrate:down\nDROP TABLE b;\n",
    });
    const inner = new DirectorySource(dir);
    let lists = 0;
    const source = {
      list: (options?: ListOptions) => {
        lists++;
        return inner.list(options);
      },
      load: (info: MigrationInfo) => inner.load(info),
    };
    const url = `sqlite:${join(folder.path, "t.db")}`;
    const migrator = await createMigrator({ url, source });
    try {
      const seen: number[] = [];
      const stop = new Error("stopped by the lint hook");
      await assert.rejects(
        migrator.up({
          lint: (report) => {
            seen.push(report.migrations);
            throw stop;
          },
        }),
        (err) => err === stop,
      );
      assert.deepEqual(seen, [2], "the hook saw the two pending migrations");
      assert.equal(lists, 1, "one look at the folder for the lint and the (stopped) run");
      assert.deepEqual((await migrator.status()).applied, [], "nothing was applied");
      assert.deepEqual((await migrator.plan("up")).steps.length, 2);

      lists = 0;
      seen.length = 0;
      const report = await migrator.up({ lint: (r) => void seen.push(r.migrations) });
      assert.deepEqual(seen, [2]);
      assert.deepEqual(
        report.steps.map((s) => s.version),
        ["001", "002"],
      );
      // The run plans again under the lock: the folder is read twice, never three times.
      assert.equal(lists, 2);

      lists = 0;
      seen.length = 0;
      const noop = await migrator.up({ lint: (r) => void seen.push(r.migrations) });
      assert.equal(noop.steps.length, 0);
      assert.deepEqual(seen, [], "nothing to apply: nothing linted");
      assert.equal(lists, 1, "a no-op up looks at the folder once");
    } finally {
      await migrator.close();
    }
    const tables = (await import("better-sqlite3")).default(join(folder.path, "t.db"));
    try {
      const names = tables
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b')")
        .all();
      assert.equal(names.length, 2);
    } finally {
      tables.close();
    }
  } finally {
    folder.remove();
  }
});
