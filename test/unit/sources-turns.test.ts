/**
 * Issue 8: listing a long history leaves the event loop turns while it reads, so that the
 * tracking rows are fetched (connection opened, query sent, rows received) during the reads.
 */
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { FileCache } from "../../src/sources/file-cache.js";
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

describe("a source without a stat cache (the CLI's)", () => {
  test("reads every file at every listing, whole, with the same facts as the cached one", () => {
    const dir = join(folder.path, "nostat");
    mkdirSync(dir);
    const small = join(dir, "small.sql");
    const big = join(dir, "big.sql");
    writeFileSync(small, "-- migrate:up\nCREATE TABLE s (id INT);\n");
    // Larger than the reused 64 KiB buffer: read in several reads, the buffer grown.
    writeFileSync(big, `-- tidemark:depends 1\n${"SELECT 1;\n".repeat(20_000)}`);
    const once = new FileCache(false);
    const kept = new FileCache();
    for (const file of [small, big, small]) {
      const facts = once.facts(file);
      const cached = kept.facts(file);
      assert.deepEqual(
        { checksum: facts.checksum, mayDirect: facts.mayDirect },
        { checksum: cached.checksum, mayDirect: cached.mayDirect },
      );
      assert.equal(facts.checksum, checksum(readFileSync(file, "utf8")));
    }
    assert.equal(once.facts(big).mayDirect, true);
    assert.equal(once.reads, 4, "no file is recognised by its stat");
  });

  test("lists as the cached source does, and sees an edit at the next listing", async () => {
    const dir = join(folder.path, "nostat-list");
    mkdirSync(dir);
    const file = join(dir, "001_a.sql");
    writeFileSync(file, "-- migrate:up\nCREATE TABLE a (id INT);\n");
    const source = new DirectorySource(dir, { statCache: false });
    const first = await source.list();
    assert.deepEqual(first, await new DirectorySource(dir).list());
    writeFileSync(file, "-- migrate:up\nCREATE TABLE b (id INT);\n");
    const second = await source.list();
    assert.notEqual(second[0]!.checksum, first[0]!.checksum);
  });
});
