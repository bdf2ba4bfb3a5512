/** Hashing a file's bytes, the directive pre-scan, and files recognised by their stat. */
import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checksum, checksumBytes } from "../../src/core/checksum.js";
import { FileCache, mayHoldDirective } from "../../src/sources/file-cache.js";
import { matchDirective, matchMarker } from "../../src/sources/sql-directives.js";
import { folderMaker } from "../helpers/folders.js";

const folder = folderMaker("tidemark-cache-");

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
}

describe("checksumBytes", () => {
  it("agrees with checksum() of the decoded text on every input", () => {
    // Everything the normalisation looks at, multi-byte characters, and bytes that are not
    // UTF-8 (decoded as U+FFFD, so they must not be hashed as they are).
    const pieces = [
      "a",
      ";",
      " ",
      "\t",
      "\v",
      "\f",
      "\r",
      "\n",
      "\n\n",
      "\u2028",
      "\u2029",
      "\uFEFF",
      "é",
      "€",
      "😀",
      [0xff],
      [0xe2, 0x80],
      [0xc3],
      [0xef, 0xbb, 0xbf],
    ].map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p)));
    const next = random(7);
    for (let i = 0; i < 20_000; i++) {
      const length = next() % 14;
      const bytes = Buffer.concat(Array.from({ length }, () => pieces[next() % pieces.length]!));
      assert.equal(checksumBytes(bytes), checksum(bytes.toString("utf8")), bytes.toString("hex"));
    }
  });

  it("hashes a typical file as checksum() does", () => {
    const text = "-- migrate:up\ncreate table t (id int);\n-- migrate:down\ndrop table t;\n\n";
    assert.equal(checksumBytes(Buffer.from(text)), checksum(text));
    assert.equal(checksumBytes(Buffer.alloc(0)), checksum(""));
  });
});

describe("mayHoldDirective", () => {
  it("is true for every line the parser takes as a directive or a transaction option", () => {
    const lines = [
      "-- tidemark:no-transaction",
      "--tidemark:depends 1",
      "--   tidemark:irreversible",
      "-- tidemark:disable rule",
      "-- tidemark:disable-next rule",
      "-- migrate:up transaction:false",
      "--migrate:up transaction:false",
    ];
    for (const line of lines) {
      const parsed =
        matchDirective(line, 1, "x.sql") ?? matchMarker(line, 1, "x.sql")?.noTransaction ?? null;
      assert.ok(parsed, `the parser reads ${line}`);
      const text = `select 1;\n${line}\nselect 2;\n`;
      assert.equal(mayHoldDirective(Buffer.from(text)), true, line);
    }
  });

  it("is false for SQL without either word before a colon", () => {
    const sql = "-- migrate:up\nselect 1::int, 'a:b';\n-- transaction log\n-- migrate:down\n";
    assert.equal(mayHoldDirective(Buffer.from(sql)), false);
    assert.equal(mayHoldDirective(Buffer.from(":tidemark")), false);
    assert.equal(mayHoldDirective(Buffer.from("")), false);
  });
});

describe("FileCache", () => {
  it("reads a file once while its stat stays, and again when it changes", () => {
    const dir = folder();
    const file = join(dir, "001_a.sql");
    writeFileSync(file, "select 1;\n");
    const cache = new FileCache();
    assert.equal(cache.facts(file).checksum, checksum("select 1;\n"));
    cache.sweep();
    assert.equal(cache.facts(file).checksum, checksum("select 1;\n"));
    cache.sweep();
    assert.equal(cache.reads, 1);
    writeFileSync(file, "select 22;\n");
    assert.equal(cache.facts(file).checksum, checksum("select 22;\n"));
    assert.equal(cache.reads, 2);
  });

  it("forgets the files a listing did not ask about", () => {
    const dir = folder();
    const file = join(dir, "001_a.sql");
    writeFileSync(file, "select 1;\n");
    const cache = new FileCache();
    cache.facts(file);
    cache.sweep();
    cache.sweep();
    cache.facts(file);
    assert.equal(cache.reads, 2);
  });

  it("reads a file larger than its buffer whole", () => {
    const dir = folder();
    const file = join(dir, "001_big.sql");
    const text = `${"insert into t values (1);\n".repeat(20_000)}`;
    writeFileSync(file, text);
    assert.equal(new FileCache().facts(file).checksum, checksum(text));
  });

  it("reads every size whole without the stat too (one read a file, as the CLI lists)", () => {
    const dir = folder();
    const cache = new FileCache(false);
    // Around the 64 KiB buffer and its growth: a read that fills it must not be taken as the end.
    for (const size of [0, 1, 65_535, 65_536, 65_537, 131_072, 131_073, 200_000]) {
      const file = join(dir, `${size}_f.sql`);
      const text = "x".repeat(Math.max(0, size - 1)) + (size > 0 ? "\n" : "");
      writeFileSync(file, text);
      assert.equal(cache.facts(file).checksum, checksum(text), `${size} bytes`);
    }
    assert.equal(cache.reads, 8);
  });
});
