import * as assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import type { MigrationInfo, SqlBody } from "../../src/core/migration.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { folderMaker } from "../helpers/folders.js";

/** A loaded body without the lint directives DirectorySource adds (tested in lint-context). */
function withoutLint(body: unknown): unknown {
  if (body === null || typeof body !== "object") return body;
  const { lint: _, ...rest } = body as Record<string, unknown>;
  return rest;
}

const folder = folderMaker("tidemark-sources-");

async function listOf(files: Record<string, string>): Promise<readonly MigrationInfo[]> {
  return new DirectorySource(folder(files)).list();
}

async function only(files: Record<string, string>): Promise<MigrationInfo> {
  const list = await listOf(files);
  assert.equal(list.length, 1);
  return list[0]!;
}

const UP_DOWN = "-- migrate:up\ncreate table t (id int);\n\n-- migrate:down\ndrop table t;\n";

describe("DirectorySource: formats", () => {
  it("reads a native SQL file with dbmate markers", async () => {
    const dir = folder({ "20250101120000_create_users.sql": UP_DOWN });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    assert.deepEqual(info, {
      id: "20250101120000",
      version: "20250101120000",
      name: "create_users",
      kind: "versioned",
      file: "20250101120000_create_users.sql",
      downFile: null,
      checksum: checksum(UP_DOWN),
      dependsOn: null,
      transaction: "auto",
      reversible: true,
      format: "sql",
    });
    const loaded = await source.load(info!);
    const file = "20250101120000_create_users.sql";
    assert.deepEqual(withoutLint(loaded.up), {
      kind: "sql",
      sql: "create table t (id int);",
      file,
      line: 2,
    });
    assert.deepEqual(withoutLint(loaded.down), {
      kind: "sql",
      sql: "drop table t;",
      file,
      line: 5,
    });
  });

  it("reads alternate markers and a multi-token version", async () => {
    const text = "-- Up Migration\ncreate table s (id int);\n-- Down Migration\ndrop table s;\n";
    const info = await only({ "20250101_000000_1.0.0_initial_schema.sql": text });
    assert.equal(info.version, "20250101_000000_1.0.0");
    assert.equal(info.name, "initial_schema");
    assert.equal(info.reversible, true);
  });

  it("pairs X.up.sql with X.down.sql", async () => {
    const dir = folder({
      "000001_init.up.sql": "create table a (id int);\n",
      "000001_init.down.sql": "drop table a;\n",
    });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    assert.equal(info!.version, "000001");
    assert.equal(info!.name, "init");
    assert.equal(info!.file, "000001_init.up.sql");
    assert.equal(info!.downFile, "000001_init.down.sql");
    assert.equal(info!.checksum, checksum("create table a (id int);\n"));
    const loaded = await source.load(info!);
    assert.deepEqual(withoutLint(loaded.up), {
      kind: "sql",
      sql: "create table a (id int);",
      file: "000001_init.up.sql",
      line: 1,
    });
    assert.deepEqual(withoutLint(loaded.down), {
      kind: "sql",
      sql: "drop table a;",
      file: "000001_init.down.sql",
      line: 1,
    });
  });

  it("treats an empty .down.sql as a down that does nothing", async () => {
    const dir = folder({ "2_x.up.sql": "select 1;\n", "2_x.down.sql": "" });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    assert.equal(info!.reversible, true);
    assert.deepEqual(withoutLint((await source.load(info!)).down), {
      kind: "sql",
      sql: "",
      file: "2_x.down.sql",
      line: 1,
    });
  });

  it("pairs X.sql with X_rollback.sql", async () => {
    const dir = folder({
      "20241227_101500_add_prefs.sql": "alter table u add prefs text;\n",
      "20241227_101500_add_prefs_rollback.sql": "alter table u drop prefs;\n",
    });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    assert.equal(info!.version, "20241227_101500");
    assert.equal(info!.name, "add_prefs");
    assert.equal(info!.downFile, "20241227_101500_add_prefs_rollback.sql");
    assert.equal(((await source.load(info!)).down as SqlBody).sql, "alter table u drop prefs;");
  });

  it("reads Flyway versioned, undo and repeatable files", async () => {
    const dir = folder({
      "V1_1__add_idx.sql": "create index i on t (id);\n",
      "U1_1__add_idx.sql": "drop index i;\n",
      "V2__no_undo.sql": "select 2;\n",
      "R__refresh_views.sql": "create or replace view v as select 1;\n",
    });
    const source = new DirectorySource(dir);
    const [v11, v2, r] = await source.list();
    assert.deepEqual(
      [v11!.id, v11!.version, v11!.name, v11!.downFile],
      ["1.1", "1.1", "add_idx", "U1_1__add_idx.sql"],
    );
    assert.equal(v11!.reversible, true);
    assert.equal(v2!.reversible, false);
    assert.deepEqual(
      [r!.id, r!.version, r!.name, r!.kind, r!.reversible],
      ["R__refresh_views", null, "refresh_views", "repeatable", false],
    );
    assert.equal(((await source.load(v11!)).down as SqlBody).sql, "drop index i;");
    assert.equal((await source.load(r!)).down, null);
  });

  it("makes a marker-less file without a pair irreversible", async () => {
    const dir = folder({ "0000_init.sql": "create table z (id int);\n" });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    assert.equal(info!.version, "0000");
    assert.equal(info!.reversible, false);
    assert.equal((await source.load(info!)).down, null);
  });

  it("ignores dotfiles, markdown, .d.ts, other extensions and subfolders", async () => {
    const dir = folder({
      ".hidden.sql": "x",
      "README.md": "x",
      "types.d.ts": "x",
      "notes.txt": "x",
      "1_a.sql": "select 1;\n",
    });
    mkdirSync(join(dir, "2_sub.sql"));
    const list = await new DirectorySource(dir).list();
    assert.deepEqual(
      list.map((m) => m.file),
      ["1_a.sql"],
    );
  });

  it("returns an empty list for an empty folder", async () => {
    assert.deepEqual(await listOf({}), []);
  });

  it("keeps no SQL text in the listed descriptors", async () => {
    const info = await only({ "1_a.sql": "-- migrate:up\ncreate table secret_table (id int);\n" });
    assert.doesNotMatch(JSON.stringify(info), /secret_table/);
  });
});

describe("DirectorySource: directives", () => {
  it("reads no-transaction and dbmate's transaction:false", async () => {
    const list = await listOf({
      "1_a.sql": "-- tidemark:no-transaction\ncreate index concurrently i on t (id);\n",
      "2_b.sql": "-- migrate:up transaction:false\nvacuum;\n-- migrate:down\n",
      "3_c.sql": "select 3;\n",
      "4_d.up.sql": "select 4;\n",
      "4_d.down.sql": "-- tidemark:no-transaction\ndrop index concurrently i;\n",
    });
    assert.deepEqual(
      list.map((m) => m.transaction),
      ["never", "never", "auto", "never"],
    );
  });

  it("stores depends as the existing migrations' version strings", async () => {
    const list = await listOf({
      "1.0_a.sql": "select 1;\n",
      "2_b.sql": "select 2;\n",
      "3_c.sql": "-- migrate:up\n-- tidemark:depends 1 2\nselect 3;\n-- migrate:down\n",
    });
    assert.deepEqual(
      list.map((m) => m.dependsOn),
      [null, null, ["1.0", "2"]],
    );
  });

  it("makes a migration with tidemark:irreversible irreversible despite its down", async () => {
    const dir = folder({
      "1_a.sql": "-- tidemark:irreversible\n-- migrate:up\nselect 1;\n-- migrate:down\nselect 2;\n",
    });
    const source = new DirectorySource(dir);
    const [info] = await source.list();
    assert.equal(info!.reversible, false);
    assert.equal((await source.load(info!)).down, null);
  });
});

describe("DirectorySource: ordering", () => {
  it("orders a mixed folder: versions numerically, then repeatables by name", async () => {
    const list = await listOf({
      "R__b_views.sql": "select 1;\n",
      "R__a_funcs.sql": "select 1;\n",
      "10_ten.sql": "select 1;\n",
      "2_two.sql": "select 1;\n",
      "1.10_one_ten.sql": "select 1;\n",
      "1.9_one_nine.sql": "select 1;\n",
      "0000_zero.sql": "select 1;\n",
      "V3__three.sql": "select 1;\n",
      "4_four.up.sql": "select 1;\n",
      "4_four.down.sql": "select 1;\n",
      "5_five.mjs": "export async function up() {}\n",
    });
    assert.deepEqual(
      list.map((m) => m.id),
      ["0000", "1.9", "1.10", "2", "3", "4", "5", "10", "R__a_funcs", "R__b_views"],
    );
  });

  it("keeps versions longer than 20 digits apart and in order", async () => {
    const list = await listOf({
      "123456789012345678901234567891_b.sql": "select 2;\n",
      "123456789012345678901234567890_a.sql": "select 1;\n",
    });
    assert.deepEqual(
      list.map((m) => m.version),
      ["123456789012345678901234567890", "123456789012345678901234567891"],
    );
  });
});
