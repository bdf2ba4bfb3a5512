/**
 * The files `init`, `new` and `merge` write (src/core/scaffold.ts): names, versions, contents
 * that the directory source reads back, and never an overwrite.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { TidemarkError } from "../../src/core/errors.js";
import type { MigrationInfo } from "../../src/core/migration.js";
import {
  isSequenceNumbered,
  type NewFormat,
  nextSequence,
  timestampVersion,
  writeInit,
  writeNewMigration,
} from "../../src/core/scaffold.js";
import { createMigrator } from "../../src/index.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

const NOW = new Date("2026-03-04T05:06:07.890Z");
const STAMP = "20260304050607";

let dir: { path: string; remove(): void };
const mig = () => join(dir.path, "migrations");

beforeEach(() => {
  dir = tempDir("tidemark-scaffold-");
});
afterEach(() => dir.remove());

/** A descriptor with only the version mattering (a repeatable one when null). */
function info(version: string | null, name = "m"): MigrationInfo {
  return {
    id: version ?? `R__${name}`,
    version,
    name,
    kind: version === null ? "repeatable" : "versioned",
    file: `${version ?? "R_"}_${name}.sql`,
    downFile: null,
    checksum: "0".repeat(64),
    dependsOn: null,
    transaction: "auto",
    reversible: true,
    format: "sql",
  };
}
const infos = (...versions: (string | null)[]) => versions.map((v) => info(v));

const sqlMigration = (table: string, depends?: string) =>
  `-- migrate:up\n${depends ? `-- tidemark:depends ${depends}\n` : ""}CREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;

/** The heads of the graph of the migrations in `folder`, as the library reports them. */
async function headsOf(folder: string): Promise<(string | null)[]> {
  const migrator = await createMigrator({ url: "sqlite::memory:", dir: folder });
  try {
    return (await migrator.heads()).map((h) => h.version);
  } finally {
    await migrator.close();
  }
}

/** Every file in the migrations folder. */
const filesIn = (path: string) => readdirSync(path).sort();

describe("timestampVersion", () => {
  test("is the UTC time to the second, 14 digits", () => {
    assert.equal(timestampVersion(NOW), STAMP);
    assert.equal(
      timestampVersion(new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 999))),
      "20251231235959",
    );
    assert.equal(timestampVersion(new Date(Date.UTC(2030, 0, 1))), "20300101000000");
  });
});

describe("nextSequence", () => {
  test("no migrations, or none with a whole-number version: 000001", () => {
    assert.equal(nextSequence([]), "000001");
    assert.equal(nextSequence(infos(null, "1.1", "20250101_000000_1.0.0")), "000001");
  });

  test("one after the highest, keeping its width", () => {
    assert.equal(nextSequence(infos("001", "002", "003")), "004");
    assert.equal(nextSequence(infos("010", "002")), "011");
    assert.equal(nextSequence(infos("009")), "010");
    assert.equal(nextSequence(infos("0099")), "0100");
    assert.equal(nextSequence(infos("999")), "1000");
    assert.equal(nextSequence(infos("1.1", null, "005")), "006");
  });

  test("long versions are exact, never rounded", () => {
    assert.equal(nextSequence(infos("20260304050607")), "20260304050608");
    assert.equal(nextSequence(infos("12345678901234567890")), "12345678901234567891");
    assert.equal(nextSequence(infos("99999999999999999999")), "100000000000000000000");
    assert.equal(nextSequence(infos("20250101000000", "003")), "20250101000001");
  });
});

describe("isSequenceNumbered", () => {
  test("follows the newest versioned migration", () => {
    assert.equal(isSequenceNumbered([]), false, "an empty folder: timestamps");
    assert.equal(isSequenceNumbered(infos("001", "002")), true);
    assert.equal(isSequenceNumbered(infos("1", null)), true);
    assert.equal(isSequenceNumbered(infos("0001", "0042")), true);
    assert.equal(isSequenceNumbered(infos("9999999999999")), true, "13 digits");
    assert.equal(isSequenceNumbered(infos("001", "20250101120000")), false, "a timestamp");
    assert.equal(isSequenceNumbered(infos("20250101120000", "003")), false, "the newest counts");
    assert.equal(isSequenceNumbered(infos("001", "20250101_000000_1.0.0")), false);
    assert.equal(isSequenceNumbered(infos("1.1")), false);
  });

  test("seq: auto numbers a numbered folder and stamps the others", () => {
    let [file] = writeNewMigration(mig(), "m", infos("001", "002"), { seq: "auto", now: NOW });
    assert.equal(resolve(file!), join(mig(), "003_m.sql"));
    [file] = writeNewMigration(mig(), "n", infos("01", "02", "03"), { seq: "auto", now: NOW });
    assert.equal(resolve(file!), join(mig(), "04_n.sql"));
    [file] = writeNewMigration(mig(), "o", infos("20250101000000"), { seq: "auto", now: NOW });
    assert.equal(resolve(file!), join(mig(), `${STAMP}_o.sql`));
  });
});

describe("writeNewMigration", () => {
  const expected: Record<NewFormat, string[]> = {
    sql: [`${STAMP}_create_users.sql`],
    ts: [`${STAMP}_create_users.ts`],
    paired: [`${STAMP}_create_users.down.sql`, `${STAMP}_create_users.up.sql`],
  };
  for (const format of ["sql", "ts", "paired"] as const) {
    test(`${format}: named with the UTC timestamp, read back by the directory source`, async () => {
      const written = writeNewMigration(mig(), "Create Users", [], { format, now: NOW });
      assert.deepEqual(
        written.map((w) => resolve(w)).sort(),
        expected[format].map((f) => join(mig(), f)).sort(),
        "returns the paths written",
      );
      assert.deepEqual(filesIn(mig()), expected[format]);
      const [m, ...rest] = await new DirectorySource(mig()).list();
      assert.equal(rest.length, 0);
      assert.equal(m!.version, STAMP);
      assert.equal(m!.name, "create_users");
      assert.equal(m!.format, format === "ts" ? "code" : "sql");
      assert.equal(m!.reversible, true, "an empty down is a down");
      assert.equal(m!.dependsOn, null);
      assert.equal(m!.downFile, format === "paired" ? `${STAMP}_create_users.down.sql` : null);
    });

    test(`${format}: a merge migration depends on the heads it names`, async () => {
      writeFiles(mig(), {
        "001_base.sql": sqlMigration("base"),
        "002_left.sql": sqlMigration("l", "001"),
        "003_right.sql": sqlMigration("r", "001"),
      });
      assert.deepEqual(await headsOf(mig()), ["002", "003"]);
      const [file] = writeNewMigration(
        mig(),
        "merge_heads",
        await new DirectorySource(mig()).list(),
        {
          format,
          seq: true,
          dependsOn: ["002", "003"],
        },
      );
      assert.match(file!, /004_merge_heads\.(sql|ts|up\.sql|down\.sql)$/);
      const list = await new DirectorySource(mig()).list();
      const merge = list.find((m) => m.version === "004")!;
      assert.deepEqual(merge.dependsOn, ["002", "003"]);
      assert.deepEqual(await headsOf(mig()), ["004"], "one head after the merge");
      if (format !== "ts") {
        const text = readFileSync(join(mig(), list.find((m) => m.version === "004")!.file), "utf8");
        assert.match(text, /^(-- migrate:up\n)?-- tidemark:depends 002 003\n/);
      }
    });
  }

  test("--seq numbers after the existing versions", () => {
    const written = writeNewMigration(mig(), "next", infos("001", "002"), { seq: true });
    assert.equal(resolve(written[0]!), join(mig(), "003_next.sql"));
    const first = writeNewMigration(join(dir.path, "empty"), "first", [], { seq: true });
    assert.equal(resolve(first[0]!), join(dir.path, "empty", "000001_first.sql"));
  });

  test("a timestamp not after the newest version moves past it, so it never collides", async () => {
    let [file] = writeNewMigration(mig(), "one", [], { now: NOW });
    assert.equal(resolve(file!), join(mig(), `${STAMP}_one.sql`));
    [file] = writeNewMigration(mig(), "two", await new DirectorySource(mig()).list(), { now: NOW });
    assert.equal(resolve(file!), join(mig(), "20260304050608_two.sql"), "same second");
    const versions = (await new DirectorySource(mig()).list()).map((m) => m.version);
    assert.deepEqual(versions, [STAMP, "20260304050608"], "both read back, in order");
    const other = join(dir.path, "other");
    [file] = writeNewMigration(other, "three", infos("20990101000000"), { now: NOW });
    assert.equal(resolve(file!), join(other, "20990101000001_three.sql"), "a clock behind");
    [file] = writeNewMigration(other, "four", infos("20250101000000", "007"), { now: NOW });
    assert.equal(resolve(file!), join(other, `${STAMP}_four.sql`), "older versions: the stamp");
  });

  test("never overwrites a file: a version taken meanwhile moves to the next one", () => {
    writeNewMigration(mig(), "create_users", [], { now: NOW });
    const path = join(mig(), `${STAMP}_create_users.sql`);
    writeFileSync(path, "-- migrate:up\nCREATE TABLE kept (id INTEGER);\n");
    // The same stale list (empty), as a second process started at the same moment holds it.
    const [file] = writeNewMigration(mig(), "create_users", [], { now: NOW });
    assert.equal(resolve(file!), join(mig(), "20260304050608_create_users.sql"));
    assert.equal(readFileSync(path, "utf8"), "-- migrate:up\nCREATE TABLE kept (id INTEGER);\n");
    const [other] = writeNewMigration(mig(), "other_name", infos("001"), { seq: true });
    assert.equal(resolve(other!), join(mig(), "002_other_name.sql"));
    const [next] = writeNewMigration(mig(), "third", infos("001"), { seq: true });
    assert.equal(resolve(next!), join(mig(), "003_third.sql"), "002 is taken by another name");
    assert.deepEqual(filesIn(mig()), [
      "002_other_name.sql",
      "003_third.sql",
      `${STAMP}_create_users.sql`,
      "20260304050608_create_users.sql",
    ]);
  });

  test("paired: a lone half of the version is kept, and the pair takes the next version", () => {
    writeFiles(mig(), { [`${STAMP}_pair.down.sql`]: "DROP TABLE x;\n" });
    const written = writeNewMigration(mig(), "pair", [], { format: "paired", now: NOW });
    assert.deepEqual(
      written.map((w) => resolve(w)).sort(),
      ["20260304050608_pair.down.sql", "20260304050608_pair.up.sql"].map((f) => join(mig(), f)),
    );
    assert.equal(readFileSync(join(mig(), `${STAMP}_pair.down.sql`), "utf8"), "DROP TABLE x;\n");
  });

  test("a version another process is writing (its claim) is skipped; a stale claim is cleared", () => {
    writeFiles(mig(), { ".tidemark-new-1.claim": "4242\n" });
    let [file] = writeNewMigration(mig(), "busy", [], { seq: true });
    assert.equal(resolve(file!), join(mig(), "000002_busy.sql"));
    assert.deepEqual(filesIn(mig()), [".tidemark-new-1.claim", "000002_busy.sql"]);
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(mig(), ".tidemark-new-1.claim"), old, old);
    [file] = writeNewMigration(mig(), "free", [], { seq: true });
    assert.equal(resolve(file!), join(mig(), "000001_free.sql"));
    assert.deepEqual(filesIn(mig()), ["000001_free.sql", "000002_busy.sql"], "no claim left");
  });

  test("a name with nothing usable is refused before anything is written", () => {
    for (const name of ["", "   ", "!!!", "---"]) {
      assert.throws(
        () => writeNewMigration(mig(), name, [], { now: NOW }),
        (err: unknown) =>
          err instanceof TidemarkError &&
          err.code === "E_USAGE" &&
          /not a usable/.test(err.message),
      );
    }
    assert.ok(!existsSync(mig()), "no folder created");
    const [file] = writeNewMigration(mig(), "  Add e-mail to Users! ", [], { now: NOW });
    assert.equal(resolve(file!), join(mig(), `${STAMP}_add_e_mail_to_users.sql`));
  });
});

describe("writeInit", () => {
  test("writes the config file and one example, once; the example applies and rolls back", async () => {
    const written = writeInit(dir.path, "sqlite:./app.db", NOW);
    const example = `${STAMP}_create_example_items.sql`;
    assert.deepEqual(written, ["tidemark.config.json", join("migrations", example)]);
    assert.deepEqual(JSON.parse(readFileSync(join(dir.path, "tidemark.config.json"), "utf8")), {
      url: "sqlite:./app.db",
      dir: "./migrations",
    });
    assert.deepEqual(filesIn(mig()), [example]);

    const later = new Date(NOW.getTime() + 65_000);
    assert.deepEqual(
      writeInit(dir.path, "sqlite:./other.db", later),
      [],
      "a second init writes nothing",
    );
    assert.deepEqual(filesIn(mig()), [example], "no second example");
    assert.match(readFileSync(join(dir.path, "tidemark.config.json"), "utf8"), /app\.db/);

    const dbFile = join(dir.path, "app.db");
    const migrator = await createMigrator({ url: `sqlite:${dbFile}`, dir: mig() });
    try {
      const report = await migrator.up();
      assert.deepEqual(
        report.steps.map((s) => [s.version, s.status]),
        [[STAMP, "applied"]],
      );
      const db = new Database(dbFile, { readonly: true });
      try {
        const cols = db.prepare("SELECT name FROM pragma_table_info('example_items')").all();
        assert.deepEqual(cols, [{ name: "id" }, { name: "name" }]);
      } finally {
        db.close();
      }
      const down = await migrator.down();
      assert.equal(down.steps[0]?.status, "rolled_back");
      const db2 = new Database(dbFile, { readonly: true });
      try {
        const left = db2
          .prepare("SELECT name FROM sqlite_master WHERE name = 'example_items'")
          .all();
        assert.deepEqual(left, []);
      } finally {
        db2.close();
      }
    } finally {
      await migrator.close();
    }
  });

  test("a folder that already holds migrations gets no example", () => {
    writeFiles(mig(), { "001_mine.sql": sqlMigration("mine"), ".gitkeep": "" });
    assert.deepEqual(writeInit(dir.path, "sqlite:./a.db", NOW), ["tidemark.config.json"]);
    assert.deepEqual(filesIn(mig()), [".gitkeep", "001_mine.sql"]);
  });

  test("an empty folder (or one with only dotfiles) gets the example", () => {
    writeFiles(mig(), { ".gitkeep": "" });
    writeFiles(dir.path, { "tidemark.config.json": '{"url":"sqlite:./keep.db"}' });
    const written = writeInit(dir.path, "sqlite:./a.db", NOW);
    assert.deepEqual(written, [join("migrations", `${STAMP}_create_example_items.sql`)]);
    assert.equal(
      readFileSync(join(dir.path, "tidemark.config.json"), "utf8"),
      '{"url":"sqlite:./keep.db"}',
      "an existing config file is kept",
    );
  });

  test("another folder is written to the config", () => {
    const written = writeInit(dir.path, "sqlite:./a.db", NOW, join("db", "migrations"));
    assert.deepEqual(written, [
      "tidemark.config.json",
      join("db", "migrations", `${STAMP}_create_example_items.sql`),
    ]);
    assert.equal(
      JSON.parse(readFileSync(join(dir.path, "tidemark.config.json"), "utf8")).dir,
      "./db/migrations",
    );
  });
});
