/**
 * `list({ known })`: a file unchanged since it was applied is hashed, not parsed, and its
 * descriptor says what parsing it would say wherever that is used (SPEC §2, issue 8).
 * And a long-lived source sees every change of the folder between two listings.
 */
import * as assert from "node:assert/strict";
import { rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import { TidemarkError } from "../../src/core/errors.js";
import type { MigrationInfo } from "../../src/core/migration.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { folderMaker } from "../helpers/folders.js";

const tree = folderMaker("tidemark-known-");

/** Every migration of the list as the tracking rows would know it after `up`. */
const allKnown = (list: readonly MigrationInfo[]) => new Map(list.map((m) => [m.id, m.checksum]));

// Every format and directive, each versioned migration with a down (as an applied row with
// its down stored would be).
const CORPUS = {
  "001_plain.sql": "-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n",
  "002_alt.sql": "-- Up Migration\ncreate table b (id int);\n-- Down Migration\ndrop table b;\n",
  "003_pair.up.sql": "create table c (id int);\n",
  "003_pair.down.sql": "-- tidemark:no-transaction\ndrop table c;\n",
  "004_prefs.sql": "create table d (id int);\r\n",
  "004_prefs_rollback.sql": "drop table d;\n",
  "V5__flyway.sql": "create table e (id int);\n",
  "U5__flyway.sql": "drop table e;\n",
  "006_dep.sql":
    "-- migrate:up\n-- tidemark:depends 001\ncreate table f (id int);\n-- migrate:down\ndrop table f;\n",
  "007_dbmate.sql": "-- migrate:up transaction:false\nvacuum;\n-- migrate:down\nselect 1;\n",
  "sub/008_deep.sql": "-- migrate:up\ncreate table h (id int);  \n-- migrate:down\ndrop table h;\n",
  "R__views.sql": "create view v as select 1;\n",
};

describe("DirectorySource.list({ known })", () => {
  it("describes an applied, unchanged folder exactly as parsing it does", async () => {
    const dir = tree(CORPUS);
    const parsed = await new DirectorySource(dir).list();
    const known = allKnown(parsed);
    assert.deepEqual(await new DirectorySource(dir).list({ known }), parsed);
    assert.deepEqual(
      await new DirectorySource(dir).list({ known: Promise.resolve(known) }),
      parsed,
    );
    assert.deepEqual(
      parsed.map((m) => [m.id, m.transaction, m.dependsOn]),
      [
        ["001", "auto", null],
        ["002", "auto", null],
        ["003", "never", null],
        ["004", "auto", null],
        ["5", "auto", null],
        ["006", "auto", ["001"]],
        ["007", "never", null],
        ["008", "auto", null],
        ["R__views", "auto", null],
      ],
    );
  });

  it("does not parse a file whose checksum matches its row", async () => {
    // SQL before the up marker is refused by today's parser; the row says the file was
    // applied as it is, so it is hashed and taken as it was.
    const text =
      "select 0;\n-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n";
    const dir = tree({
      "001_a.sql": text,
      "002_b.sql": "-- migrate:up\nselect 2;\n-- migrate:down\n",
    });
    const err = await new DirectorySource(dir).list().catch((e: unknown) => e);
    assert.ok(err instanceof TidemarkError && err.code === "E_PARSE", String(err));
    const list = await new DirectorySource(dir).list({ known: new Map([["001", checksum(text)]]) });
    assert.deepEqual(
      list.map((m) => [m.file, m.checksum, m.reversible, m.transaction, m.dependsOn]),
      [
        ["001_a.sql", checksum(text), true, "auto", null],
        ["002_b.sql", checksum("-- migrate:up\nselect 2;\n-- migrate:down\n"), true, "auto", null],
      ],
    );
  });

  it("parses a file whose checksum differs from its row", async () => {
    const text = "select 0;\n-- migrate:up\ncreate table a (id int);\n";
    const dir = tree({ "001_a.sql": text });
    const known = new Map([["001", checksum("something else")]]);
    const err = await new DirectorySource(dir).list({ known }).catch((e: unknown) => e);
    assert.ok(err instanceof TidemarkError && err.code === "E_PARSE", String(err));
    assert.match(err.message, /001_a\.sql:1: SQL before the up marker/);
  });

  it("loads an unparsed descriptor with the down its text has", async () => {
    const dir = tree({
      "001_a.sql": "-- migrate:up\ncreate table a (id int);\n-- migrate:down\ndrop table a;\n",
      "002_b.sql": "create table b (id int);\n",
    });
    const source = new DirectorySource(dir);
    const parsed = await source.list();
    const [a, b] = await source.list({ known: allKnown(parsed) });
    const loadedA = await source.load(a!);
    assert.deepEqual(loadedA.down, {
      kind: "sql",
      sql: "drop table a;",
      file: "001_a.sql",
      line: 4,
    });
    // Without a down anywhere, load() says so whatever the descriptor says.
    assert.equal((await source.load(b!)).down, null);
  });
});

describe("DirectorySource: a second listing", () => {
  it("sees a file edited, added or deleted since the first", async () => {
    const dir = tree({ "001_a.sql": "select 1;\n", "002_b.sql": "select 2;\n" });
    const source = new DirectorySource(dir);
    const first = await source.list();
    assert.equal(first[0]!.checksum, checksum("select 1;\n"));
    // Same size, and the modification time put back: the ctime still tells.
    const { atime, mtime } = statSync(join(dir, "001_a.sql"));
    writeFileSync(join(dir, "001_a.sql"), "select 9;\n");
    utimesSync(join(dir, "001_a.sql"), atime, mtime);
    rmSync(join(dir, "002_b.sql"));
    writeFileSync(join(dir, "003_c.sql"), "select 3;\n");
    const second = await source.list();
    assert.deepEqual(
      second.map((m) => [m.file, m.checksum]),
      [
        ["001_a.sql", checksum("select 9;\n")],
        ["003_c.sql", checksum("select 3;\n")],
      ],
    );
  });
});
