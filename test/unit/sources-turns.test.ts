/**
 * Issue 8: listing a long history leaves the event loop turns while it reads, so that the
 * tracking rows are fetched (connection opened, query sent, rows received) during the reads.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { tempDir } from "../helpers/databases.js";

const folder = tempDir();
after(() => folder.remove());

describe("DirectorySource.list over many files", () => {
  test("gives the event loop turns before and while it reads the files", async () => {
    const dir = join(folder.path, "migrations");
    mkdirSync(dir);
    for (let i = 1; i <= 4000; i++) {
      const v = String(i).padStart(6, "0");
      writeFileSync(join(dir, `${v}_t${i}.sql`), `-- migrate:up\nCREATE TABLE t${i} (id INT);\n`);
    }
    let turns = 0;
    let listing = true;
    const spin = () => {
      if (!listing) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    const list = await new DirectorySource(dir).list();
    listing = false;
    assert.equal(list.length, 4000);
    assert.equal(list[3999]!.version, "004000");
    // One turn before the reads, then one every few ms of reading (4000 files take far longer).
    assert.ok(turns >= 2, `${turns} turns`);
  });
});
