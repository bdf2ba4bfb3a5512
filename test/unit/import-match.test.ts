/** How another tool's record of a migration is matched to a file (pure). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { MigrationInfo } from "../../src/core/migration.js";
import { dateOf, type ForeignMigration } from "../../src/fleet/import/importer.js";
import { FileMatcher, versionKey } from "../../src/fleet/import/match.js";

function info(file: string, version: string | null, name: string): MigrationInfo {
  return {
    id: version ?? `R__${name}`,
    version,
    name,
    kind: version === null ? "repeatable" : "versioned",
    file,
    downFile: null,
    checksum: "x",
    dependsOn: null,
    transaction: "auto",
    reversible: true,
    format: "sql",
  } as MigrationInfo;
}

const FILES = [
  info("0001_initial.sql", "0001", "initial"),
  info("2025/20250102030405_add_users.up.sql", "20250102030405", "add_users"),
  info("V1_1__trips.sql", "1_1", "trips"),
  info("R__views.sql", null, "views"),
  info("0007_ae1027a6acf3_guests.sql", "0007", "ae1027a6acf3_guests"),
];

const by = (key: string, kind: "version" | "name"): ForeignMigration => ({
  key,
  by: kind,
  appliedAt: null,
  appliedBy: null,
  executionMs: null,
});

describe("FileMatcher", () => {
  const matcher = new FileMatcher(FILES);
  const file = (key: string, kind: "version" | "name") => matcher.find(by(key, kind))?.file ?? null;

  test("versions compare as tidemark compares them", () => {
    assert.equal(versionKey("01.10_0"), "1.10");
    assert.equal(file("1", "version"), "0001_initial.sql");
    assert.equal(file("1.1", "version"), "V1_1__trips.sql");
    assert.equal(file("20250102030405", "version"), "2025/20250102030405_add_users.up.sql");
    assert.equal(file("2", "version"), null);
  });

  test("names in the forms the tools record", () => {
    assert.equal(file("0001_initial", "name"), "0001_initial.sql", "django, node-pg-migrate");
    assert.equal(file("0001_initial.js", "name"), "0001_initial.sql", "knex keeps the extension");
    assert.equal(file("20250102030405_add_users", "name"), "2025/20250102030405_add_users.up.sql");
    assert.equal(
      file("20250102030405_other_name", "name"),
      "2025/20250102030405_add_users.up.sql",
      "by the version it starts with",
    );
    assert.equal(file("R__views", "name"), "R__views.sql", "a Flyway repeatable by its script");
    assert.equal(file("trips", "name"), "V1_1__trips.sql", "a sqitch change by its name");
    assert.equal(
      file("ae1027a6acf3", "name"),
      "0007_ae1027a6acf3_guests.sql",
      "an Alembic revision",
    );
    assert.equal(file("nothing_like_it", "name"), null);
  });

  test("a name that fits two files is refused", () => {
    const twice = new FileMatcher([
      info("0001_users.sql", "0001", "users"),
      info("0002_users.sql", "0002", "users"),
    ]);
    assert.throws(
      () => twice.find(by("users", "name")),
      /fits several files: 0001_users\.sql, 0002_users\.sql/,
    );
  });
});

describe("dateOf", () => {
  test("Date, SQLite UTC text, ISO text, epoch milliseconds, nothing", () => {
    assert.equal(
      dateOf(new Date("2024-05-01T10:00:00Z"))?.toISOString(),
      "2024-05-01T10:00:00.000Z",
    );
    assert.equal(dateOf("2024-05-01 10:00:00")?.toISOString(), "2024-05-01T10:00:00.000Z");
    assert.equal(dateOf("2024-05-01T10:00:00+02:00")?.toISOString(), "2024-05-01T08:00:00.000Z");
    assert.equal(dateOf(1714557600000)?.toISOString(), "2024-05-01T10:00:00.000Z");
    assert.equal(dateOf(null), null);
    assert.equal(dateOf("not a date"), null);
  });
});
