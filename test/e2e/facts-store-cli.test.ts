/**
 * The CLI's store of what it learnt of a folder's files (FactsStore), through the built CLI on
 * every engine: a second run takes unchanged files from the store, and an applied file edited
 * afterwards (same size, its mtime put back) is still found edited by `status`, `check` and
 * `up`. Files must be a second old to be recorded, so the test waits past that.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import { runCli, writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { dialectQuery } from "../helpers/sql.js";

const sql = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INT);\n-- migrate:down\nDROP TABLE ${table};\n`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cacheDir = mkdtempSync(join(tmpdir(), "tidemark-facts-cli-"));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

for (const engine of ALL_ENGINES) {
  describe(`the facts store on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("an applied file edited after it was recorded is found edited", { skip }, async () => {
      await withDbAndFolder(engine, async (db, dir, cwd) => {
        const env = { TIDEMARK_CACHE_DIR: join(cacheDir, engine) };
        const cli = (args: readonly string[]) => runCli([...args, "--url", db.url], { cwd, env });
        writeFiles(dir, { "001_one.sql": sql("one"), "002_two.sql": sql("two") });
        const ref = join(cwd, "ref");
        execFileSync("touch", ["-r", join(dir, "001_one.sql"), ref]);
        await pause(1100);
        const up = await cli(["up"]);
        assert.equal(up.code, 0, up.stderr);
        const stores = readdirSync(join(cacheDir, engine, "folders"));
        assert.equal(stores.length, 1, "one store for the folder");
        assert.equal((await cli(["check"])).code, 0);

        // Same size, mtime put back to the nanosecond: only the ctime differs.
        writeFileSync(join(dir, "001_one.sql"), sql("eno"));
        execFileSync("touch", ["-r", ref, join(dir, "001_one.sql")]);
        await pause(1100);
        const status = await cli(["status", "--json"]);
        const doc = JSON.parse(status.stdout) as { problems: { kind: string; version: string }[] };
        assert.deepEqual(
          doc.problems.map((p) => [p.kind, p.version]),
          [["checksum_mismatch", "001"]],
        );
        assert.equal((await cli(["check"])).code, 1);
        // The tracking rows keep the checksum of what was applied.
        const rows = await dialectQuery(
          db.url,
          "SELECT version, checksum FROM tidemark_migrations WHERE status = 'applied' ORDER BY version",
        );
        assert.deepEqual(
          rows.map((r) => [String(r.version), r.checksum]),
          [
            ["001", checksum(sql("one"))],
            ["002", checksum(sql("two"))],
          ],
        );
        // Put back as it was applied: nothing to say again.
        writeFileSync(join(dir, "001_one.sql"), sql("one"));
        assert.equal((await cli(["check"])).code, 0);
      });
    });
  });
}

describe("the facts store, switched off", () => {
  test("TIDEMARK_NO_CACHE=1 writes no store", async () => {
    await withDbAndFolder("sqlite", async (db, dir, cwd) => {
      const store = join(cacheDir, "off");
      writeFiles(dir, { "001_one.sql": sql("one") });
      await pause(1100);
      const env = { TIDEMARK_CACHE_DIR: store, TIDEMARK_NO_CACHE: "1" };
      const up = await runCli(["up", "--url", db.url], { cwd, env });
      assert.equal(up.code, 0, up.stderr);
      assert.equal(existsSync(store), false);
    });
  });
});
