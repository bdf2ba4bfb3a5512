import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { classifyFile } from "../../src/sources/file-names.js";
import { pairFiles } from "../../src/sources/migration-files.js";

function named(file: string) {
  const f = classifyFile(file);
  assert.ok(f, `${file} should be a migration file`);
  return { role: f.role, kind: f.kind, format: f.format, version: f.version, name: f.name };
}

describe("classifyFile", () => {
  it("reads native SQL names", () => {
    assert.deepEqual(named("20250101120000_create_users.sql"), {
      role: "up",
      kind: "versioned",
      format: "sql",
      version: "20250101120000",
      name: "create_users",
    });
    assert.deepEqual(
      named("20250101_000000_1.0.0_initial_schema.sql").version,
      "20250101_000000_1.0.0",
    );
  });

  it("reads paired and rollback names, pairing each down with its up", () => {
    assert.deepEqual(named("000001_init.up.sql"), { ...named("000001_init.down.sql"), role: "up" });
    assert.equal(named("000001_init.down.sql").role, "down");
    assert.equal(
      classifyFile("000001_init.up.sql")!.pairKey,
      classifyFile("000001_init.down.sql")!.pairKey,
    );
    const up = classifyFile("20241227_101500_add_prefs.sql")!;
    const down = classifyFile("20241227_101500_add_prefs_rollback.sql")!;
    assert.equal(down.role, "down");
    assert.equal(down.name, "add_prefs");
    assert.equal(up.pairKey, down.pairKey);
  });

  it("reads a migration named just 'rollback' as an up file", () => {
    assert.deepEqual(named("005_rollback.sql"), {
      role: "up",
      kind: "versioned",
      format: "sql",
      version: "005",
      name: "rollback",
    });
  });

  it("reads Flyway names, with _ inside the version meaning .", () => {
    assert.deepEqual(named("V1_1__add_idx.sql"), {
      role: "up",
      kind: "versioned",
      format: "sql",
      version: "1.1",
      name: "add_idx",
    });
    assert.equal(named("U1_1__add_idx.sql").role, "down");
    assert.equal(
      classifyFile("V1_1__add_idx.sql")!.pairKey,
      classifyFile("U1.1__other.sql")!.pairKey,
    );
    assert.equal(named("V2.0.1__x_y.sql").version, "2.0.1");
    assert.deepEqual(named("R__refresh_views.sql"), {
      role: "up",
      kind: "repeatable",
      format: "sql",
      version: null,
      name: "refresh_views",
    });
  });

  it("reads code migration names", () => {
    for (const ext of ["ts", "js", "mjs"]) {
      assert.deepEqual(named(`003_add_feature.${ext}`), {
        role: "up",
        kind: "versioned",
        format: "code",
        version: "003",
        name: "add_feature",
      });
    }
  });

  it("ignores files that are not migrations", () => {
    for (const file of [
      ".env",
      ".1_hidden.sql",
      "README.md",
      "types.d.ts",
      "notes.txt",
      "1_a.sql.bak",
    ]) {
      assert.equal(classifyFile(file), null, file);
    }
  });

  it("throws E_PARSE naming a migration file without a version", () => {
    for (const file of ["create_users.sql", "V1_x.sql", "R_x.sql", "setup.ts"]) {
      assert.throws(() => classifyFile(file), { code: "E_PARSE", file });
    }
  });
});

describe("pairFiles", () => {
  const files = ["001_a.up.sql", "001_a.down.sql", "002_b.sql", "002_b_rollback.sql", "003_c.sql"];
  const pairs = (list: readonly string[]) =>
    pairFiles(list.map((f) => classifyFile(f)!)).map((m) => `${m.up.file}+${m.down?.file ?? ""}`);

  it("pairs the same whether the files come sorted (as a listing gives them) or not", () => {
    const sorted = [...files].sort();
    const expected = ["001_a.up.sql+001_a.down.sql", "002_b.sql+002_b_rollback.sql", "003_c.sql+"];
    assert.deepEqual(pairs(sorted), expected);
    assert.deepEqual(pairs([...sorted].reverse()), expected);
    assert.deepEqual(pairs(files), expected);
  });

  it("names the same two files of a duplicate in either order", () => {
    const message = (list: readonly string[]) => {
      try {
        pairs(list);
      } catch (err) {
        return (err as Error).message;
      }
      return "no error";
    };
    const clash = ["V1__a.sql", "V1__b.sql", "U1__a.sql", "U1__b.sql"];
    assert.equal(message([...clash].sort()), message([...clash].sort().reverse()));
    assert.match(message(clash), /U1__b\.sql has the same version \(1\) as U1__a\.sql/);
  });
});
