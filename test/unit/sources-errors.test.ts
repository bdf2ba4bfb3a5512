import * as assert from "node:assert/strict";
import { symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { folderMaker } from "../helpers/folders.js";

const folder = folderMaker("tidemark-sources-");

/** Lists the folder and returns the TidemarkError it must throw. */
async function listError(files: Record<string, string>): Promise<TidemarkError> {
  try {
    await new DirectorySource(folder(files)).list();
  } catch (err) {
    assert.ok(err instanceof TidemarkError, `expected a TidemarkError, got ${String(err)}`);
    return err;
  }
  assert.fail("list() did not throw");
}

describe("DirectorySource: bad folders", () => {
  it("reports a missing folder with what to do", async () => {
    const dir = join(tmpdir(), "tidemark-does-not-exist-7f3a");
    await assert.rejects(new DirectorySource(dir).list(), {
      code: "E_IO",
      message: `Migrations folder ${dir} does not exist`,
      hint: "run `tidemark init`, or pass --dir",
    });
  });

  it("names a file whose name has no version, listing the accepted forms", async () => {
    const err = await listError({ "1_ok.sql": "select 1;\n", "create_users.sql": "select 1;\n" });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "create_users.sql");
    assert.match(err.message, /create_users\.sql has no version/);
    // Starts with the file, so that the one line printed names it once (render.ts `located`).
    assert.ok(err.message.startsWith("create_users.sql "), err.message);
    assert.match(err.hint!, /V1_1__add_idx\.sql/);
    assert.match(err.hint!, /\.up\.sql/);
  });

  it("names a code file whose name has no version", async () => {
    const err = await listError({ "helpers.ts": "export const x = 1;\n" });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "helpers.ts");
  });

  it("reports a .down.sql without its .up.sql", async () => {
    const err = await listError({ "1_a.sql": "select 1;\n", "1_a.down.sql": "select 2;\n" });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "1_a.down.sql");
    assert.match(err.message, /without its up file 1_a\.up\.sql/);
  });

  it("reports a _rollback.sql without its up file", async () => {
    const err = await listError({ "1_a_rollback.sql": "select 2;\n" });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "1_a_rollback.sql");
    assert.match(err.message, /1_a\.sql/);
  });

  it("reports a Flyway U file without its V file", async () => {
    const err = await listError({ "V1__a.sql": "select 1;\n", "U2__a.sql": "select 2;\n" });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "U2__a.sql");
  });

  it("reports two files with one version, naming both", async () => {
    const err = await listError({ "1.0_a.sql": "select 1;\n", "1_b.sql": "select 2;\n" });
    assert.equal(err.code, "E_DUPLICATE");
    assert.equal(err.file, "1_b.sql");
    // Starts with the file, so the CLI does not print it twice ("1_b.sql: … 1_b.sql").
    assert.equal(err.message, "1_b.sql has the same version (1) as 1.0_a.sql");
  });

  it("reports one zero-padded version twice, in one folder or two, naming both files", async () => {
    const same = await listError({ "001_a.sql": "select 1;\n", "001_b.sql": "select 2;\n" });
    assert.equal(same.code, "E_DUPLICATE");
    assert.equal(same.message, "001_b.sql has the same version (001) as 001_a.sql");
    const apart = await listError({
      "002_c.sql": "select 3;\n",
      "2025/002_d.sql": "select 4;\n",
    });
    assert.equal(apart.code, "E_DUPLICATE");
    assert.match(apart.message, /002_c\.sql/);
    assert.match(apart.message, /2025\/002_d\.sql/);
    // Subfolders listed by path put versions out of order: a repeat after that is still seen.
    const later = await listError({
      "2025/001_a.sql": "select 1;\n",
      "2025/003_b.sql": "select 2;\n",
      "2026/002_c.sql": "select 3;\n",
      "2026/003_d.sql": "select 4;\n",
    });
    assert.equal(later.code, "E_DUPLICATE");
    assert.equal(later.message, "2026/003_d.sql has the same version (003) as 2025/003_b.sql");
    // One version written with and without its leading zeros, and one as SQL and as code.
    const padded = await listError({ "001_a.sql": "select 1;\n", "1_b.sql": "select 2;\n" });
    assert.equal(padded.code, "E_DUPLICATE");
    const code = await listError({
      "003_a.sql": "select 1;\n",
      "003_a.ts": "export const up = '';\n",
    });
    assert.equal(code.code, "E_DUPLICATE");
  });

  it("reports a Flyway file and a native file with one version", async () => {
    const err = await listError({ "V1_1__a.sql": "select 1;\n", "1.1_b.sql": "select 2;\n" });
    assert.equal(err.code, "E_DUPLICATE");
    assert.match(err.message, /V1_1__a\.sql/);
    assert.match(err.message, /1\.1_b\.sql/);
  });

  it("reports a depends on a version that does not exist, with file and line", async () => {
    const err = await listError({
      "1_a.sql": "select 1;\n",
      "2_b.sql": "-- migrate:up\n-- tidemark:depends 1 7\nselect 2;\n",
    });
    assert.equal(err.code, "E_DEPENDENCY");
    assert.equal(err.file, "2_b.sql");
    assert.equal(err.line, 2);
    assert.match(err.message, /version 7/);
  });

  it("passes on parse errors with the file and line", async () => {
    const err = await listError({ "1_a.sql": "select 1;\n-- migrate:down\nselect 2;\n" });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "1_a.sql");
    assert.equal(err.line, 2);
    assert.match(err.message, /up section missing/);
  });

  it("refuses a down section together with a separate down file", async () => {
    const err = await listError({
      "1_a.up.sql": "-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n",
      "1_a.down.sql": "select 3;\n",
    });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "1_a.up.sql");
    assert.equal(err.line, 3);
  });

  it("refuses a down section in a repeatable migration", async () => {
    const err = await listError({
      "R__v.sql": "-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n",
    });
    assert.equal(err.code, "E_PARSE");
    assert.equal(err.file, "R__v.sql");
    assert.equal(err.line, 3);
  });

  it("names a file that cannot be read once, without its absolute path", async () => {
    const dir = folder({ "1_a.sql": "select 1;\n" });
    symlinkSync(join(dir, "gone.sql"), join(dir, "2_b.sql"));
    await assert.rejects(new DirectorySource(dir).list(), {
      code: "E_IO",
      file: "2_b.sql",
      message: "2_b.sql could not be read: ENOENT: no such file or directory",
    });
  });

  it("refuses to load a file that changed since it was listed", async () => {
    const dir = folder({ "1_a.sql": "select 1;\n" });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    writeFileSync(join(dir, "1_a.sql"), "select 2;\n");
    await assert.rejects(source.load(info!), { code: "E_CHECKSUM", file: "1_a.sql" });
  });
});
