/**
 * MySQL / MariaDB introspection (issue 11): a schema holding every object kind is read into one
 * snapshot, holds what `mariadb-dump --no-data --routines --triggers --events` shows, reads
 * equal on two databases made by the same DDL, leaves the tracking tables out, and survives
 * render → apply → introspect.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { renderMysqlSchema } from "../../src/schema/render-sql-mysql.js";
import type { SchemaSnapshot } from "../../src/schema/snapshot.js";
import { engineSkip } from "../helpers/databases.js";
import {
  introspectUrl,
  objectNames,
  runScript,
  withEmptyDatabase,
  withSchema,
} from "../helpers/introspect.js";

const DDL = `
CREATE TABLE parent (
  id INT NOT NULL AUTO_INCREMENT,
  code VARCHAR(40) NOT NULL COLLATE utf8mb4_bin,
  label VARCHAR(100) DEFAULT 'it''s',
  qty INT DEFAULT 5 COMMENT 'how many',
  price DECIMAL(10,2) NULL DEFAULT NULL,
  created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  doubled INT AS (qty * 2) STORED,
  plus_one INT AS (qty + 1) VIRTUAL,
  body TEXT,
  pt POINT NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY (code),
  CONSTRAINT qty_positive CHECK (qty > 0),
  CHECK (qty < 1000),
  FULLTEXT KEY (body),
  SPATIAL INDEX pt_idx (pt),
  KEY label_prefix (label(10), qty DESC)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='the parents';
CREATE TABLE child (
  id INT PRIMARY KEY,
  parent_id INT,
  other_id INT,
  note VARCHAR(10) CHECK (note <> ''),
  CONSTRAINT child_parent FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,
  FOREIGN KEY (other_id) REFERENCES parent (id)
) ENGINE=InnoDB DEFAULT CHARSET=latin1;
CREATE VIEW parent_codes AS SELECT id, code FROM parent WHERE qty > 1;
CREATE VIEW parent_codes_2 AS SELECT code FROM parent_codes WITH CHECK OPTION;
DELIMITER ;;
CREATE FUNCTION add_one(x INT) RETURNS INT DETERMINISTIC COMMENT 'adds' RETURN x + 1;;
CREATE PROCEDURE touch(IN p INT) BEGIN UPDATE parent SET qty = qty + 1 WHERE id = p; END;;
CREATE TRIGGER parent_bi BEFORE INSERT ON parent FOR EACH ROW BEGIN SET NEW.label = UPPER(NEW.label); END;;
CREATE EVENT nightly ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 00:00:00' DO DELETE FROM child WHERE id < 0;;
DELIMITER ;
`;

/** The objects and named keys `mariadb-dump` shows, as `kind name`. */
function dumped(url: string): { objects: string[]; keys: string[] } {
  const u = new URL(url);
  const dump = execFileSync(
    "mariadb-dump",
    [
      "--no-data",
      "--routines",
      "--triggers",
      "--events",
      "-h",
      u.hostname,
      "-P",
      u.port || "3306",
    ].concat(["-u", decodeURIComponent(u.username), u.pathname.slice(1)]),
    { encoding: "utf8", env: { ...process.env, MYSQL_PWD: decodeURIComponent(u.password) } },
  );
  const objects = new Set<string>();
  const keys = new Set<string>();
  const add = (set: Set<string>, re: RegExp, kind: (m: RegExpMatchArray) => string) => {
    for (const m of dump.matchAll(re)) set.add(`${kind(m)} ${m[2] ?? m[1]}`);
  };
  const views = new Set([...dump.matchAll(/VIEW `([^`]+)`/g)].map((m) => m[1]!));
  add(objects, /^CREATE TABLE `([^`]+)`/gm, (m) => (views.has(m[1]!) ? "view" : "table"));
  add(objects, /VIEW `([^`]+)`/g, () => "view");
  add(objects, /^CREATE .*?(FUNCTION|PROCEDURE) `([^`]+)`/gm, (m) => m[1]!.toLowerCase());
  add(objects, /EVENT `([^`]+)` ON SCHEDULE/g, () => "event");
  add(objects, /TRIGGER `?(\w+)`? (?:BEFORE|AFTER)/g, () => "trigger");
  add(keys, /^ {2}(?:UNIQUE |FULLTEXT |SPATIAL )?KEY `([^`]+)`/gm, () => "key");
  add(keys, /CONSTRAINT `([^`]+)`/g, () => "constraint");
  return { objects: [...objects].sort(), keys: [...keys].sort() };
}

/** The snapshot's named keys: indexes and unique keys (`key`), named CHECKs and foreign keys. */
function snapshotKeys(s: SchemaSnapshot): string[] {
  return s.tables
    .flatMap((t) => [
      ...t.indexes.map((i) => `key ${i.name}`),
      ...t.constraints.flatMap((c) =>
        c.kind === "unique"
          ? [`key ${c.name}`]
          : (c.kind === "check" && c.columns[0] !== c.name) || c.kind === "foreign key"
            ? [`constraint ${c.name}`]
            : [],
      ),
    ])
    .sort();
}

describe("MySQL/MariaDB introspection", async () => {
  const skip = await engineSkip("mysql");

  test("reads every object kind", { skip }, async () => {
    await withSchema("mysql", DDL, async (db) => {
      const s = await introspectUrl(db.url);
      assert.equal(s.engine, "mysql");
      const parent = s.tables.find((t) => t.name === "parent")!;
      const col = (name: string) => parent.columns.find((c) => c.name === name)!;
      assert.equal(parent.engine, "InnoDB");
      assert.deepEqual(parent.options, { charset: "utf8mb4", collation: "utf8mb4_general_ci" });
      assert.equal(parent.comment, "the parents");
      assert.equal(col("id").identity, "auto_increment");
      assert.equal(col("code").collation, "utf8mb4_bin");
      assert.equal(col("body").collation, undefined, "the table's own collation is not repeated");
      assert.equal(col("label").default, "'it''s'");
      assert.equal(col("qty").default, "5");
      assert.equal(col("qty").comment, "how many");
      assert.equal(col("price").default, undefined);
      assert.equal(col("created").default, "current_timestamp()");
      assert.equal(col("created").onUpdate, "current_timestamp()");
      assert.equal(col("doubled").generated?.stored, true);
      assert.equal(col("plus_one").generated?.stored, false);
      assert.match(col("plus_one").generated!.expression, /`qty` \+ 1/);
      const kinds = parent.constraints.map((c) => [c.kind, c.name, c.generatedName === true]);
      assert.deepEqual(kinds, [
        ["check", "CONSTRAINT_1", true],
        ["primary key", "PRIMARY", true],
        ["unique", "code", true],
        ["check", "qty_positive", false],
      ]);
      assert.deepEqual(
        parent.indexes.map((i) => [i.name, i.method, i.columns, i.generatedName === true]),
        [
          ["body", "fulltext", ["`body`"], true],
          ["label_prefix", "btree", ["`label`(10)", "`qty` DESC"], false],
          ["pt_idx", "spatial", ["`pt`"], false],
        ],
      );
      const child = s.tables.find((t) => t.name === "child")!;
      assert.deepEqual(child.options, { charset: "latin1", collation: "latin1_swedish_ci" });
      const fks = child.constraints.filter((c) => c.kind === "foreign key");
      assert.deepEqual(
        fks.map((c) => [c.name, c.generatedName === true, c.columns, c.references]),
        [
          [
            "child_ibfk_1",
            true,
            ["other_id"],
            { table: "parent", columns: ["id"], onUpdate: "RESTRICT", onDelete: "RESTRICT" },
          ],
          [
            "child_parent",
            false,
            ["parent_id"],
            { table: "parent", columns: ["id"], onUpdate: "SET NULL", onDelete: "CASCADE" },
          ],
        ],
      );
      assert.deepEqual(
        child.constraints.find((c) => c.kind === "check"),
        {
          name: "note",
          generatedName: true,
          kind: "check",
          columns: ["note"],
          expression: "CHECK (`note` <> '')",
        },
      );
      assert.deepEqual(
        s.views.map((v) => [v.name, v.definition, v.columns]),
        [
          [
            "parent_codes",
            "select `parent`.`id` AS `id`,`parent`.`code` AS `code` from `parent` where `parent`.`qty` > 1",
            ["id", "code"],
          ],
          [
            "parent_codes_2",
            "select `parent_codes`.`code` AS `code` from `parent_codes` WITH CASCADED CHECK OPTION",
            ["code"],
          ],
        ],
      );
      assert.deepEqual(
        s.routines.map((r) => [r.name, r.kind, r.arguments, r.returns, r.body, r.comment]),
        [
          ["add_one", "function", "`x` int(11)", "int(11)", "RETURN x + 1", "adds"],
          [
            "touch",
            "procedure",
            "IN `p` int(11)",
            undefined,
            "BEGIN UPDATE parent SET qty = qty + 1 WHERE id = p; END",
            undefined,
          ],
        ],
      );
      assert.match(
        s.routines[0]!.definition!,
        /^CREATE FUNCTION `add_one`\(x INT\) RETURNS int\(11\)/,
      );
      assert.deepEqual(
        s.triggers.map((t) => [t.name, t.table, t.timing, t.events, t.definition]),
        [
          [
            "parent.parent_bi",
            "parent",
            "BEFORE",
            ["INSERT"],
            "CREATE TRIGGER parent_bi BEFORE INSERT ON parent FOR EACH ROW BEGIN SET NEW.label = UPPER(NEW.label); END",
          ],
        ],
      );
      assert.equal(s.events.length, 1);
      assert.match(
        s.events[0]!.definition,
        /^CREATE EVENT `nightly` ON SCHEDULE EVERY 1 DAY .* DO DELETE FROM child WHERE id < 0$/,
      );
      assert.ok(!JSON.stringify(s).includes("DEFINER"));
    });
  });

  test("holds exactly what mariadb-dump shows, the tracking tables left out", {
    skip,
  }, async () => {
    await withSchema("mysql", DDL, async (db) => {
      const s = await introspectUrl(db.url);
      const dump = dumped(db.url);
      assert.ok(dump.objects.includes("table tidemark_migrations_log"));
      const tracking = /^table tidemark_migrations/;
      assert.deepEqual(
        objectNames(s).filter((n) => !n.startsWith("index ")),
        dump.objects.filter((n) => !tracking.test(n)),
      );
      assert.deepEqual(snapshotKeys(s), dump.keys);
      assert.ok(!JSON.stringify(s).includes("tidemark_migrations"));
    });
  });

  test("two databases made by the same DDL read equal, and a rendered schema recreates it", {
    skip,
  }, async () => {
    await withSchema("mysql", DDL, async (a) => {
      const first = await introspectUrl(a.url);
      await withSchema("mysql", DDL, async (b) => {
        assert.deepEqual({ ...(await introspectUrl(b.url)) }, first);
      });
      await withEmptyDatabase("mysql", async (copy) => {
        await runScript(copy.url, renderMysqlSchema(first));
        assert.deepEqual(await introspectUrl(copy.url), first);
      });
    });
  });
});
