/** The compatibility verdict, app-version ranges and database-version specs: pure, no database. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { matchesAppRange } from "../../src/ops/app-range.js";
import { compatibilityVerdict, matchesDatabase } from "../../src/ops/compatibility.js";

describe("app version ranges", () => {
  const cases: [string, string, boolean][] = [
    ["1.2.3", "1.2.3", true],
    ["1.2.3", "1.2.4", false],
    ["1.x", "1.9.0", true],
    ["1.x", "2.0.0", false],
    ["1.2.*", "1.2.7", true],
    ["1.2.*", "1.3.0", false],
    ["1", "1.4.2", true],
    ["*", "7.0.0", true],
    [">=1.2 <2", "1.2.0", true],
    [">=1.2 <2", "1.1.9", false],
    [">=1.2 <2", "2.0.0", false],
    [">= 1.2 < 2", "1.5.0", true],
    [">1.2", "1.2.9", false],
    [">1.2", "1.3.0", true],
    ["<=1.2", "1.2.9", true],
    ["<=1.2", "1.3.0", false],
    ["^1.1.0", "1.1.0", true],
    ["^1.1.0", "1.9.9", true],
    ["^1.1.0", "1.0.9", false],
    ["^1.1.0", "2.0.0", false],
    ["^0.2.3", "0.2.9", true],
    ["^0.2.3", "0.3.0", false],
    ["^0.0.3", "0.0.4", false],
    ["~1.2.3", "1.2.9", true],
    ["~1.2.3", "1.3.0", false],
    ["1.0.0 - 1.3.0", "1.3.0", true],
    ["1.0.0 - 1.3.0", "1.3.1", false],
    ["1.0 - 1.3", "1.3.5", true],
    ["1.0.0 - 1.3.0", "0.9.9", false],
    ["1.x || >=3", "3.1.0", true],
    ["1.x || >=3", "2.1.0", false],
    ["^1.2.0", "1.2.0-rc.1", false],
    [">=1.2.0-rc.1", "1.2.0-rc.2", true],
    ["1.x", "v1.4.0", true],
  ];
  for (const [range, version, expected] of cases) {
    test(`${version} ${expected ? "is" : "is not"} in ${range}`, () => {
      assert.equal(matchesAppRange(range, version), expected);
    });
  }

  test("an unreadable range is E_CONFIG naming it; an unreadable version E_USAGE", () => {
    assert.throws(() => matchesAppRange(">=banana", "1.0.0"), {
      code: "E_CONFIG",
      message: /">=banana"/,
    });
    assert.throws(() => matchesAppRange("1.x", "latest"), { code: "E_USAGE" });
  });
});

describe("database version specs", () => {
  const cases: [string, string | null, boolean][] = [
    ["*", null, true],
    ["*", "20250101120000", true],
    ["20250101120000", "20250101120000", true],
    ["20250101", "20250101120000", true],
    ["20250101", "20250102000000", false],
    [">=20250101", "20250215120000", true],
    [">=20250101", "20241231235959", false],
    ["<20250301", "20250215120000", true],
    ["<20250301", "20250301000000", false],
    ["20250101..20250301", "20250301093000", true],
    ["20250101..20250301", "20250302000000", false],
    [">=002 <005", "004", true],
    [">=002 <005", "005", false],
    ["12", "12", true],
    [">5", "12", true],
    [">=20250101", null, false],
  ];
  for (const [spec, version, expected] of cases) {
    test(`${version} ${expected ? "is" : "is not"} in ${spec}`, () => {
      assert.equal(matchesDatabase(spec, version), expected);
    });
  }

  test("an unreadable spec is E_CONFIG", () => {
    assert.throws(() => matchesDatabase(">=next", "001"), { code: "E_CONFIG" });
  });
});

describe("the verdict", () => {
  const matrix = { "1.0.x": "001", "1.x": [">=002", "001"], "^2.0.0": "003..004" };

  test("compatible through any entry that names the app version", () => {
    const r = compatibilityVerdict(matrix, "1.0.3", "002");
    assert.equal(r.compatible, true);
    assert.match(r.reason, /entry "1\.x"/);
    assert.deepEqual(
      r.matrix.map((row) => [row.app, row.appMatches, row.databaseMatches]),
      [
        ["1.0.x", true, false],
        ["1.x", true, true],
        ["^2.0.0", false, false],
      ],
    );
  });

  test("not compatible: the versions it needs, and the database's", () => {
    const r = compatibilityVerdict(matrix, "2.1.0", "002");
    assert.equal(r.compatible, false);
    assert.equal(r.reason, "App 2.1.0 needs database 003..004; the database is at version 002.");
  });

  test("an app version no entry names is not compatible", () => {
    const r = compatibilityVerdict(matrix, "3.0.0", "004");
    assert.equal(r.compatible, false);
    assert.match(r.reason, /No compatibility entry names app version 3\.0\.0/);
  });

  test("without an app version: the matrix and no verdict; an empty database", () => {
    const r = compatibilityVerdict(matrix, null, null);
    assert.equal(r.compatible, null);
    assert.equal(r.databaseVersion, null);
    assert.equal(r.matrix.length, 3);
    assert.equal(compatibilityVerdict({}, "1.0.0", "001").compatible, false);
  });
});
