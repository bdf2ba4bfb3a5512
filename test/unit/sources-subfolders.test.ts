/** Migrations in subfolders (SPEC §2, Flyway `locations` style: the tree is one set). */
import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { folderMaker } from "../helpers/folders.js";

/** A loaded body without the lint directives DirectorySource adds (tested in lint-context). */
function withoutLint(body: unknown): unknown {
  if (body === null || typeof body !== "object") return body;
  const { lint: _, ...rest } = body as Record<string, unknown>;
  return rest;
}

const tree = folderMaker("tidemark-tree-");

const UP_DOWN = (t: string) =>
  `-- migrate:up\ncreate table ${t} (id int);\n-- migrate:down\ndrop table ${t};\n`;

async function rejection(p: Promise<unknown>): Promise<TidemarkError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof TidemarkError, String(err));
    return err;
  }
  assert.fail("expected a TidemarkError");
}

describe("DirectorySource: subfolders", () => {
  it("finds migrations at any depth, named by their path from the folder", async () => {
    const source = new DirectorySource(
      tree({
        "2025/001_a.sql": UP_DOWN("a"),
        "2025/q2/002_b.sql": UP_DOWN("b"),
        "003_c.sql": UP_DOWN("c"),
      }),
    );
    const list = await source.list();
    assert.deepEqual(
      list.map((m) => [m.version, m.name, m.file]),
      [
        ["001", "a", "2025/001_a.sql"],
        ["002", "b", "2025/q2/002_b.sql"],
        ["003", "c", "003_c.sql"],
      ],
    );
    const loaded = await source.load(list[1]!);
    assert.deepEqual(withoutLint(loaded.up), {
      kind: "sql",
      sql: "create table b (id int);",
      file: "2025/q2/002_b.sql",
      line: 2,
    });
    assert.equal(loaded.down?.kind === "sql" && loaded.down.sql, "drop table b;");
  });

  it("skips hidden folders and node_modules", async () => {
    const list = await new DirectorySource(
      tree({
        ".git/001_x.sql": UP_DOWN("x"),
        "node_modules/pkg/002_y.sql": UP_DOWN("y"),
        "sub/.cache/003_z.sql": UP_DOWN("z"),
        "sub/004_w.sql": UP_DOWN("w"),
      }),
    ).list();
    assert.deepEqual(
      list.map((m) => m.file),
      ["sub/004_w.sql"],
    );
  });

  it("refuses one version in two subfolders, naming both paths", async () => {
    const err = await rejection(
      new DirectorySource(
        tree({ "2025/001_a.sql": "select 1;\n", "2026/001_b.sql": "select 2;\n" }),
      ).list(),
    );
    assert.equal(err.code, "E_DUPLICATE");
    assert.match(err.message, /2025\/001_a\.sql/);
    assert.match(err.message, /2026\/001_b\.sql/);
  });

  it("pairs up and down files, and rollback files, within one folder", async () => {
    const list = await new DirectorySource(
      tree({
        "a/001_p.up.sql": "create table p (id int);\n",
        "a/001_p.down.sql": "drop table p;\n",
        "b/002_r.sql": "create table r (id int);\n",
        "b/002_r_rollback.sql": "drop table r;\n",
      }),
    ).list();
    assert.deepEqual(
      list.map((m) => [m.file, m.downFile, m.reversible]),
      [
        ["a/001_p.up.sql", "a/001_p.down.sql", true],
        ["b/002_r.sql", "b/002_r_rollback.sql", true],
      ],
    );
  });

  it("does not pair a down file with an up file of another folder", async () => {
    const err = await rejection(
      new DirectorySource(
        tree({ "a/001_p.up.sql": "select 1;\n", "b/001_p.down.sql": "select 2;\n" }),
      ).list(),
    );
    assert.equal(err.code, "E_PARSE");
    assert.match(err.message, /b\/001_p\.down\.sql is a down file without its up file/);
  });

  it("names the subfolder of a file whose name has no version", async () => {
    const err = await rejection(
      new DirectorySource(tree({ "2025/init.sql": "select 1;\n" })).list(),
    );
    assert.equal(err.code, "E_PARSE");
    assert.match(err.message, /2025\/init\.sql has no version/);
  });
});
