import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  compareVersions,
  isVersionToken,
  splitVersionAndName,
  versionKey,
} from "../../src/core/version.js";

describe("splitVersionAndName", () => {
  it("takes the leading digit tokens as the version", () => {
    assert.deepEqual(splitVersionAndName("20250101120000_create_users"), {
      version: "20250101120000",
      name: "create_users",
    });
    assert.deepEqual(splitVersionAndName("20250101_000000_1.0.0_initial_schema"), {
      version: "20250101_000000_1.0.0",
      name: "initial_schema",
    });
    assert.deepEqual(splitVersionAndName("000001_init"), { version: "000001", name: "init" });
  });

  it("stops at the first token that is not digits and dots", () => {
    assert.deepEqual(splitVersionAndName("001_add_2fa_2"), { version: "001", name: "add_2fa_2" });
    assert.deepEqual(splitVersionAndName("001"), { version: "001", name: "" });
  });

  it("returns null when there is no version", () => {
    assert.equal(splitVersionAndName("create_users"), null);
    assert.equal(splitVersionAndName("v1_init"), null);
    assert.equal(splitVersionAndName(""), null);
  });

  it("recognises version tokens", () => {
    assert.equal(isVersionToken("1.0.0"), true);
    assert.equal(isVersionToken("0000"), true);
    assert.equal(isVersionToken("1."), false);
    assert.equal(isVersionToken("1a"), false);
  });
});

describe("compareVersions", () => {
  it("compares versions longer than 20 digits exactly", () => {
    const a = "123456789012345678901234567890";
    const b = "123456789012345678901234567891";
    assert.ok(compareVersions(a, b) < 0);
    assert.ok(compareVersions(b, a) > 0);
    assert.equal(compareVersions(a, a), 0);
    assert.notEqual(versionKey(a), versionKey(b));
    assert.equal(versionKey(b), b);
  });

  it("compares numerically, token by token", () => {
    assert.ok(compareVersions("1.10", "1.9") > 0);
    assert.ok(compareVersions("2", "10") < 0);
    assert.ok(compareVersions("20250101_000000_1.0.0", "20250101_000000_1.0.1") < 0);
    assert.ok(compareVersions("20250101_000001", "20250101_000000_9") > 0);
  });

  it("treats 1.0 and 1 (and leading zeros) as the same version", () => {
    assert.equal(compareVersions("1.0", "1"), 0);
    assert.equal(compareVersions("001", "1"), 0);
    assert.equal(versionKey("1.0"), versionKey("1"));
    assert.equal(versionKey("1_1"), versionKey("1.1"));
    assert.ok(compareVersions("1.0.1", "1") > 0);
  });

  it("keeps an all-zeros version as a version before every other", () => {
    assert.equal(compareVersions("0000", "0"), 0);
    assert.ok(compareVersions("0000", "0001") < 0);
    assert.ok(compareVersions("0000", "0.1") < 0);
    assert.ok(compareVersions("1", "0000") > 0);
  });

  it("sorts a list in version order", () => {
    const sorted = ["10", "1.10", "0000", "2", "1.9", "1.2.3"].sort(compareVersions);
    assert.deepEqual(sorted, ["0000", "1.2.3", "1.9", "1.10", "2", "10"]);
  });
});
