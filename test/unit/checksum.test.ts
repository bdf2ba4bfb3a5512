import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checksum, normalizeText } from "../../src/core/checksum.js";

const SQL = "create table users (\n  id integer primary key\n);\n";

describe("checksum", () => {
  it("is a SHA-256 hex digest", () => {
    assert.match(checksum(SQL), /^[0-9a-f]{64}$/);
  });

  it("ignores CRLF and CR line endings", () => {
    assert.equal(checksum(SQL.replaceAll("\n", "\r\n")), checksum(SQL));
    assert.equal(checksum(SQL.replaceAll("\n", "\r")), checksum(SQL));
  });

  it("ignores trailing spaces and tabs on any line", () => {
    assert.equal(
      checksum("create table users ( \t\n  id integer primary key  \n);\t\n"),
      checksum(SQL),
    );
  });

  it("ignores trailing blank lines and a byte-order mark", () => {
    assert.equal(checksum(`${SQL}\n\n  \n`), checksum(SQL));
    assert.equal(checksum(`\uFEFF${SQL}`), checksum(SQL));
  });

  it("changes when the SQL really changes", () => {
    assert.notEqual(checksum(SQL.replace("integer", "bigint")), checksum(SQL));
    assert.notEqual(
      checksum(SQL.replace("  id", "id")),
      checksum(SQL),
      "leading white space counts",
    );
    assert.notEqual(checksum(`\n${SQL}`), checksum(SQL), "a leading blank line counts");
  });

  it("normalises to LF-joined lines without trailing white space", () => {
    assert.equal(normalizeText("a  \r\nb\t\r\n\r\n"), "a\nb");
  });

  it("takes its fast path only where the full rewrite would change nothing", () => {
    // The rules spelled out once, slowly: the fast path must agree on every text.
    const reference = (text: string) =>
      text
        .replace(/^\uFEFF/, "")
        .replace(/\r\n?/g, "\n")
        .replace(/[ \t\f\v]+$/gm, "")
        .replace(/\n+$/, "");
    const alphabet = ["a", ";", " ", "\t", "\v", "\f", "\r", "\n", "\u2028", "\uFEFF"];
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let i = 0; i < 5000; i++) {
      const length = next() % 12;
      const text = Array.from({ length }, () => alphabet[next() % alphabet.length]).join("");
      assert.equal(normalizeText(text), reference(text), JSON.stringify(text));
    }
  });
});
