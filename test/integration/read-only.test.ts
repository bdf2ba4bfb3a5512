/** `createMigrator({ readOnly: true })`: a missing SQLite file is reported, never created; writes are refused. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { createMigrator, TidemarkError } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

let dir: { path: string; remove(): void };
const migrations = () => join(dir.path, "migrations");
const file = () => join(dir.path, "app.db");

beforeEach(() => {
  dir = tempDir();
  writeFiles(migrations(), {
    "001_a.sql": "-- migrate:up\nCREATE TABLE a (id INTEGER);\n-- migrate:down\nDROP TABLE a;\n",
  });
});
afterEach(() => dir.remove());

const isCode = (code: string, message: RegExp) => (err: unknown) =>
  err instanceof TidemarkError && err.code === code && message.test(err.message);

describe("read-only migrator on SQLite", () => {
  test("status on a missing file throws E_CONNECT 'No such database' and creates nothing", async () => {
    const m = await createMigrator({ url: `sqlite:${file()}`, dir: migrations(), readOnly: true });
    try {
      await assert.rejects(m.status(), isCode("E_CONNECT", /^No such database: /));
      await assert.rejects(m.history(), isCode("E_CONNECT", /^No such database: /));
    } finally {
      await m.close();
    }
    assert.equal(existsSync(file()), false);
  });

  test("on an existing file it reads, and refuses to apply", async () => {
    const writer = await createMigrator({ url: `sqlite:${file()}`, dir: migrations() });
    await writer.status();
    await writer.close();
    assert.equal(existsSync(file()), true, "a read-write migrator still creates the file");
    const m = await createMigrator({ url: `sqlite:${file()}`, dir: migrations(), readOnly: true });
    try {
      assert.deepEqual(
        (await m.status()).pending.map((p) => p.version),
        ["001"],
      );
      await assert.rejects(m.up(), isCode("E_USAGE", /read-only/));
      assert.equal((await m.status()).applied.length, 0);
    } finally {
      await m.close();
    }
  });
});
