/**
 * SQLite introspection (issue 11): a schema holding every object kind SQLite has is read into
 * one snapshot, matches what `sqlite3 .schema` shows, reads equal on two databases made by the
 * same DDL, leaves the tracking tables out, and survives render → apply → introspect.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { sqlitePath } from "../../src/dialects/sqlite/sqlite-dialect.js";
import { renderSqliteSchema } from "../../src/schema/render-sql-sqlite.js";
import {
  introspectUrl,
  objectNames,
  runScript,
  withEmptyDatabase,
  withSchema,
} from "../helpers/introspect.js";

const DDL = `
CREATE TABLE parent (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  code TEXT NOT NULL COLLATE NOCASE UNIQUE,
  created TEXT DEFAULT (datetime('now')),
  qty INT DEFAULT 5 CONSTRAINT qty_positive CHECK (qty > 0),
  label TEXT DEFAULT 'a, b',
  doubled INT GENERATED ALWAYS AS (qty * 2) STORED,
  plus_one INT AS (qty + 1),
  CHECK (qty < 1000)
) STRICT;
CREATE TABLE child (
  name TEXT,
  parent_id INT,
  "order" INT,
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (name, parent_id),
  UNIQUE ("order")
) WITHOUT ROWID;
CREATE TABLE loose (a INT REFERENCES parent ON UPDATE SET NULL, b TEXT);
CREATE INDEX child_lower ON child (lower(name), parent_id DESC) WHERE parent_id > 1;
CREATE UNIQUE INDEX loose_b ON loose (b);
CREATE VIEW parent_codes AS SELECT id, code FROM parent;
CREATE VIEW parent_codes_2 AS SELECT code FROM parent_codes WHERE id > 1;
CREATE TRIGGER parent_touch AFTER UPDATE OF qty ON parent BEGIN UPDATE parent SET label = 'x' WHERE id = NEW.id; END;
`;

/** The objects `sqlite3 .schema` prints, as `kind name`, SQLite's own tables left out. */
function dumpedNames(url: string): string[] {
  const dump = execFileSync("sqlite3", [sqlitePath(url), ".schema"], { encoding: "utf8" });
  const names: string[] = [];
  for (const m of dump.matchAll(
    /^CREATE (TABLE|UNIQUE INDEX|INDEX|VIEW|TRIGGER) (?:IF NOT EXISTS )?("(?:[^"]|"")+"|\w+)/gm,
  )) {
    const name = m[2]!.replace(/^"|"$/g, "");
    if (!name.startsWith("sqlite_"))
      names.push(`${m[1]!.replace("UNIQUE ", "").toLowerCase()} ${name}`);
  }
  return names.sort();
}

describe("SQLite introspection", () => {
  test("reads every object kind", async () => {
    await withSchema("sqlite", DDL, async (db) => {
      const s = await introspectUrl(db.url);
      assert.equal(s.engine, "sqlite");
      assert.deepEqual(
        s.tables.map((t) => t.name),
        ["child", "loose", "parent"],
      );
      const parent = s.tables.find((t) => t.name === "parent")!;
      const col = (name: string) => parent.columns.find((c) => c.name === name)!;
      assert.deepEqual(
        parent.columns.map((c) => c.name),
        ["id", "code", "created", "qty", "label", "doubled", "plus_one"],
      );
      assert.equal(col("id").identity, "auto_increment");
      assert.deepEqual(
        {
          type: col("code").type,
          nullable: col("code").nullable,
          collation: col("code").collation,
        },
        { type: "TEXT", nullable: false, collation: "NOCASE" },
      );
      assert.equal(col("created").default, "datetime('now')");
      assert.equal(col("label").default, "'a, b'");
      assert.deepEqual(col("doubled").generated, { expression: "qty * 2", stored: true });
      assert.deepEqual(col("plus_one").generated, { expression: "qty + 1", stored: false });
      assert.deepEqual(parent.options, { strict: "true" });
      assert.deepEqual(parent.constraints, [
        {
          name: "parent_check1",
          generatedName: true,
          kind: "check",
          columns: [],
          expression: "CHECK (qty < 1000)",
        },
        { name: "parent_code_key", generatedName: true, kind: "unique", columns: ["code"] },
        { name: "parent_pkey", generatedName: true, kind: "primary key", columns: ["id"] },
        { name: "qty_positive", kind: "check", columns: [], expression: "CHECK (qty > 0)" },
      ]);
      const child = s.tables.find((t) => t.name === "child")!;
      assert.deepEqual(child.options, { withoutRowid: "true" });
      assert.deepEqual(child.constraints, [
        { name: "child_order_key", generatedName: true, kind: "unique", columns: ["order"] },
        {
          name: "child_parent",
          kind: "foreign key",
          columns: ["parent_id"],
          references: {
            table: "parent",
            columns: ["id"],
            onUpdate: "NO ACTION",
            onDelete: "CASCADE",
          },
          deferrable: true,
          initiallyDeferred: true,
        },
        {
          name: "child_pkey",
          generatedName: true,
          kind: "primary key",
          columns: ["name", "parent_id"],
        },
      ]);
      assert.deepEqual(child.indexes, [
        {
          name: "child_lower",
          method: "btree",
          unique: false,
          columns: ["lower(name)", "parent_id DESC"],
          where: "parent_id > 1",
          definition:
            "CREATE INDEX child_lower ON child (lower(name), parent_id DESC) WHERE parent_id > 1",
        },
      ]);
      const loose = s.tables.find((t) => t.name === "loose")!;
      assert.deepEqual(loose.constraints[0]?.references, {
        table: "parent",
        columns: [],
        onUpdate: "SET NULL",
        onDelete: "NO ACTION",
      });
      assert.equal(loose.indexes[0]?.unique, true);
      assert.deepEqual(
        s.views.map((v) => [v.name, v.definition]),
        [
          ["parent_codes", "CREATE VIEW parent_codes AS SELECT id, code FROM parent"],
          [
            "parent_codes_2",
            "CREATE VIEW parent_codes_2 AS SELECT code FROM parent_codes WHERE id > 1",
          ],
        ],
      );
      assert.deepEqual(
        s.triggers.map((t) => [t.name, t.table, t.timing, t.events]),
        [["parent.parent_touch", "parent", "AFTER", ["UPDATE"]]],
      );
      assert.deepEqual(
        [s.routines, s.sequences, s.enums, s.domains, s.extensions, s.events, s.schemas],
        [[], [], [], [], [], [], []],
      );
    });
  });

  test("holds exactly the objects sqlite3 .schema shows, the tracking tables left out", async () => {
    await withSchema("sqlite", DDL, async (db) => {
      const s = await introspectUrl(db.url);
      const dumped = dumpedNames(db.url).filter((n) => !n.startsWith("table tidemark_migrations"));
      assert.ok(dumpedNames(db.url).includes("table tidemark_migrations_log"));
      assert.deepEqual(objectNames(s), dumped);
      assert.ok(!JSON.stringify(s).includes("tidemark_migrations"));
    });
  });

  test("two databases made by the same DDL read equal, and a rendered schema recreates it", async () => {
    await withSchema("sqlite", DDL, async (a) => {
      await withSchema("sqlite", DDL, async (b) => {
        const first = await introspectUrl(a.url);
        assert.deepEqual(await introspectUrl(b.url), first);
      });
      const snapshot = await introspectUrl(a.url);
      await withEmptyDatabase("sqlite", async (copy) => {
        await runScript(copy.url, renderSqliteSchema(snapshot));
        assert.deepEqual(await introspectUrl(copy.url), snapshot);
      });
    });
  });
});
