import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  compareVersions,
  isVersionToken,
  sortByVersion,
  splitVersionAndName,
  versionKey,
} from "../../src/core/version.js";

/** The comparison as SPEC §2 defines it, written plainly: the reference the fast paths must agree with. */
function referenceCompare(a: string, b: string): number {
  const tokens = (v: string) => {
    const parts = v.split(/[._]/).map((t) => BigInt(t === "" ? "0" : t).toString());
    while (parts.length > 0 && parts[parts.length - 1] === "0") parts.pop();
    return parts;
  };
  const ta = tokens(a);
  const tb = tokens(b);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = BigInt(ta[i]!);
    const y = BigInt(tb[i]!);
    if (x !== y) return x < y ? -1 : 1;
  }
  return Math.sign(ta.length - tb.length);
}

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
}

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

  it("splits every stem as the split-on-underscore definition does", () => {
    const reference = (stem: string) => {
      const parts = stem.split("_");
      let i = 0;
      while (i < parts.length && /^[0-9]+(?:\.[0-9]+)*$/.test(parts[i]!)) i++;
      return i === 0
        ? null
        : { version: parts.slice(0, i).join("_"), name: parts.slice(i).join("_") };
    };
    const next = random(5);
    const alphabet = ["0", "1", "9", ".", "_", "a", "x", "__", "\n", "-"];
    for (let i = 0; i < 20_000; i++) {
      const stem = Array.from(
        { length: next() % 9 },
        () => alphabet[next() % alphabet.length],
      ).join("");
      assert.deepEqual(splitVersionAndName(stem), reference(stem), JSON.stringify(stem));
    }
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

  it("gives a one-token version the key of the token without its leading zeros", () => {
    assert.equal(versionKey("000042"), "42");
    assert.equal(versionKey("20250101120000"), "20250101120000");
    assert.equal(versionKey("0000"), versionKey("0"));
    assert.equal(versionKey("0000"), versionKey("0.0"));
    assert.equal(versionKey("0010"), versionKey("10.0"));
    assert.notEqual(versionKey("0010"), versionKey("1"));
    assert.notEqual(versionKey("0"), versionKey("0.1"));
    // Keys are equal exactly when the versions compare equal, whatever their form.
    const forms = "0 00 000 1 01 001 10 010 1.0 0.1 1_0 0_0 100".split(" ");
    for (const a of forms) {
      for (const b of forms) {
        assert.equal(versionKey(a) === versionKey(b), compareVersions(a, b) === 0, `${a} ${b}`);
      }
    }
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

  it("agrees with the plain token-by-token comparison on thousands of versions", () => {
    // Same-length digit strings take a fast path; mixed forms, dots, underscores, leading and
    // trailing zeros take the token path: both must order as the definition does.
    const next = random(11);
    const digits = (n: number) => Array.from({ length: n }, () => String(next() % 10)).join("");
    const version = () => {
      const form = next() % 4;
      if (form === 0) return digits(6);
      if (form === 1) return digits(1 + (next() % 3));
      if (form === 2) return `${digits(2)}.${digits(1)}${next() % 2 ? ".0" : ""}`;
      return `${digits(8)}_${digits(2)}`;
    };
    for (let i = 0; i < 20_000; i++) {
      const a = version();
      const b = version();
      assert.equal(Math.sign(compareVersions(a, b)), referenceCompare(a, b), `${a} vs ${b}`);
      assert.equal(versionKey(a) === versionKey(b), referenceCompare(a, b) === 0, `${a} vs ${b}`);
    }
  });
});

describe("sortByVersion", () => {
  const byV = (x: { v: string }) => x.v;

  it("sorts in place, stable, and returns the array it was given", () => {
    const items = [{ v: "10" }, { v: "2" }, { v: "1.0", tag: "a" }, { v: "1", tag: "b" }];
    const sorted = sortByVersion(items, byV);
    assert.deepEqual(
      sorted.map((x) => x.v),
      ["1.0", "1", "2", "10"],
    );
    assert.equal(sorted, items);
  });

  it("keeps a list already in order as it is, and sorts one that is not", () => {
    const next = random(3);
    const versions = Array.from({ length: 2000 }, (_, i) => String(i * 3).padStart(6, "0"));
    const inOrder = versions.map((v) => ({ v }));
    const same = [...inOrder];
    assert.equal(sortByVersion(same, byV), same);
    assert.deepEqual(same, inOrder);
    const shuffled = [...inOrder].sort(() => (next() % 3) - 1);
    assert.deepEqual(sortByVersion(shuffled, byV).map(byV), versions);
  });
});
