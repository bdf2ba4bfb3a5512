/**
 * Password redaction (src/dialects/url.ts, redact-text.ts): every password a person can type ×
 * every engine's URL form. No database.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hasCode } from "../../src/core/errors.js";
import { parseMysqlUrl } from "../../src/dialects/mysql/mysql-driver.js";
import { connectError } from "../../src/dialects/postgres/pg-errors.js";
import {
  assertReadableCredentials,
  readUrl,
  redactText,
  redactUrl,
  redactUrlsIn,
  urlSecrets,
} from "../../src/dialects/url.js";
import { decoded, fragments, PASSWORDS } from "../helpers/passwords.js";

/** The URL forms of each engine: [url, what redactUrl must show]. */
function forms(password: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const scheme of ["postgres", "postgresql", "mysql", "mariadb"]) {
    const base = `${scheme}://deploy:${password}@`;
    const shown = `${scheme}://deploy:***@`;
    for (const rest of [
      "db.example.com:5432/app",
      "db.example.com/app",
      "db.example.com:5432/app?sslmode=require&application_name=me@laptop",
      "db.example.com",
      "db.example.com:5432",
      "[::1]:5432/app?sslmode=require",
    ]) {
      out.push([base + rest, shown + rest]);
    }
    out.push([
      `${scheme}://db.example.com:5432/app?user=deploy&password=${password}`,
      `${scheme}://db.example.com:5432/app?user=deploy&password=***`,
    ]);
  }
  return out;
}

describe("redactUrl: every password × every URL form", () => {
  for (const password of PASSWORDS) {
    test(`hides ${JSON.stringify(password)} and keeps user, host, port and database`, () => {
      for (const [url, expected] of forms(password)) {
        const shown = redactUrl(url);
        assert.equal(shown, expected, url);
        for (const fragment of fragments(password)) {
          assert.ok(!shown.includes(fragment), `${url} → ${shown} shows ${fragment}`);
        }
        assert.ok(
          urlSecrets(url).includes(decoded(password)),
          `urlSecrets(${url}) finds the password`,
        );
      }
    });
  }
});

describe("redactText: a known password in free text, however it is spelt", () => {
  for (const password of PASSWORDS) {
    test(`scrubs ${JSON.stringify(password)} as typed, decoded and encoded`, () => {
      const plain = decoded(password);
      const spellings = [
        password,
        plain,
        encodeURIComponent(plain),
        encodeURIComponent(plain).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
        new URL(`postgres://u:${encodeURIComponent(plain)}@h/db`).password,
        JSON.stringify(plain).slice(1, -1),
      ];
      const text = spellings.map((s, i) => `(${i}) ${s} .`).join("\n");
      const secrets = urlSecrets(`postgres://deploy:${password}@db.example.com/app`);
      const scrubbed = redactText(text, secrets);
      for (const fragment of fragments(password)) {
        assert.ok(!scrubbed.includes(fragment), `${scrubbed} shows ${fragment}`);
      }
      assert.equal(scrubbed.match(/\*\*\*/g)?.length, spellings.length, scrubbed);
    });
  }

  test("leaves text without the secret alone, and skips secrets under four characters", () => {
    assert.equal(
      redactText("relation nope does not exist", ["s3cret"]),
      "relation nope does not exist",
    );
    assert.equal(redactText("the pw is abc", ["abc"]), "the pw is abc");
  });
});

describe("how the userinfo is found (the rule in url.ts)", () => {
  test("an @ in a query value is not taken for the end of the userinfo", () => {
    assert.equal(
      redactUrl("postgres://u:pw@host:5432/db?options=a@b"),
      "postgres://u:***@host:5432/db?options=a@b",
    );
    assert.equal(
      redactUrl("postgres://db.internal/db?options=a@b"),
      "postgres://db.internal/db?options=a@b",
    );
    assert.deepEqual(readUrl("postgres://localhost/db?application_name=me@laptop"), {
      kind: "authority",
      scheme: "postgres",
      user: null,
      password: null,
      rest: "localhost/db?application_name=me@laptop",
      otherPasswords: [],
    });
  });

  test("when the host before such an @ could be a piece of a password, more is hidden", () => {
    // `db` could be the tail of a password "p@db/x?k=v"; a dotted name, an IP, localhost
    // or a port cannot be mistaken.
    assert.equal(redactUrl("postgres://u:pw@db/x?k=v@h"), "postgres://u:***@h");
    assert.equal(redactUrl("postgres://u:pw@db:5432/x?k=v@h"), "postgres://u:***@db:5432/x?k=v@h");
  });

  test("the password a passed-over @ would mean is hidden too", () => {
    assert.equal(redactUrl("postgres://deploy:1?q=1@db"), "postgres://deploy:***@db");
    assert.ok(urlSecrets("postgres://deploy:1?q=1@db").includes("1?q=1"));
  });

  test("a Unix-socket URL keeps an @ of its query, and a password= value holds anything", () => {
    for (const url of [
      "postgres:///db?host=/tmp&application_name=me@laptop",
      "postgres://u@/db?host=/var/run/postgresql&options=a@b",
    ]) {
      assert.equal(redactUrl(url), url);
    }
    assert.equal(
      redactUrl("postgresql:///mydb?host=/tmp&user=x&password=a@b/c?d#e"),
      "postgresql:///mydb?host=/tmp&user=x&password=***",
    );
  });

  test("a user name with @ (user@server) stays readable", () => {
    assert.equal(
      redactUrl("postgres://admin@server:Tr0ub4dor@3xK9@host/db"),
      "postgres://admin@server:***@host/db",
    );
  });

  test("a URL with no host after its credentials shows only scheme and host, or only scheme", () => {
    assert.equal(redactUrl("postgres://u:s3cret@host:notaport/db"), "postgres://***@host");
    assert.equal(redactUrl("postgres://deploy:kX9/2bQ+zA==127.0.0.1/db"), "postgres://***");
    assert.equal(redactUrl("deploy:s3cret@host"), "deploy:***@host");
    assert.ok(urlSecrets("postgres://u:s3cret@host:notaport/db").includes("s3cret"));
  });

  test("file URLs, URLs without credentials and password= parameters", () => {
    for (const url of [
      "sqlite:./my@file.db",
      "sqlite::memory:",
      "pglite:memory",
      "postgres:///db?host=/tmp",
      "postgres://[::1]:5432/db",
      "postgres://h1:5432,h2:5433/db",
    ]) {
      assert.equal(redactUrl(url), url);
    }
    assert.equal(
      redactUrl("postgres://h/db?sslpassword=abc&password=x&y&sslmode=require"),
      "postgres://h/db?sslpassword=***&password=***&sslmode=require",
    );
  });

  test("redactUrlsIn redacts every URL in a text", () => {
    assert.equal(
      redactUrlsIn('not valid JSON near "url": "mysql://root:Tr0ub4dor@3xK9@h/db", }'),
      'not valid JSON near "url": "mysql://root:***@h/db", }',
    );
  });
});

describe("assertReadableCredentials", () => {
  const check = (url: string) => () =>
    assertReadableCredentials(url, "PostgreSQL", "postgres://user:password@host:5432/database");

  test("refuses / ? # in the credentials, without showing them, and says to percent-encode", () => {
    for (const password of ["kX9/2bQ+zA==", "Qz7/Pw?x#K@9v:Lm", "#hash", "?q=1"]) {
      assert.throws(check(`postgres://deploy:${password}@127.0.0.1:1/nodb`), (err) => {
        assert.ok(hasCode(err, "E_CONFIG"));
        assert.match(
          err.message,
          /^Invalid PostgreSQL URL postgres:\/\/deploy:\*\*\*@127\.0\.0\.1:1\/nodb/,
        );
        assert.match(err.hint ?? "", /percent-encoded.*\/ → %2F/);
        return true;
      });
    }
  });

  test("accepts what a URL parser reads rightly: @ : space % + = and unicode, encoded or not", () => {
    for (const password of [
      "Tr0ub4dor@3xK9",
      "a:b:c",
      "pa ss",
      "50%off",
      "pässwörd✓",
      "p%2Fw",
      "x@y@z",
    ]) {
      assert.doesNotThrow(check(`postgres://deploy:${password}@127.0.0.1:1/nodb`));
    }
    assert.doesNotThrow(check("postgres://u:pw@db.example.com/db?options=a@b"));
    assert.doesNotThrow(check("postgres://u:pw@/db?host=/var/run/postgresql&options=a@b"));
    assert.doesNotThrow(check("sqlite:./x.db"));
  });
});

describe("a URL the driver cannot read", () => {
  test("pg's Invalid URL becomes E_CONFIG with the redacted URL and a percent-encode hint", () => {
    let driverError: unknown;
    try {
      new URL("postgres://u:s3cret@h:99999/db");
    } catch (err) {
      driverError = err;
    }
    const err = connectError(driverError, redactUrl("postgres://u:s3cret@h:99999/db"), ["s3cret"]);
    assert.equal(err.code, "E_CONFIG");
    assert.equal(err.message, "Invalid PostgreSQL URL postgres://u:***@h:99999/db");
    assert.match(err.hint ?? "", /percent-encoded \(@ → %40, \/ → %2F/);
    const malformed = connectError(new URIError("URI malformed"), "postgres://u:***@h/db", []);
    assert.equal(malformed.code, "E_CONFIG");
  });

  test("MySQL URLs: unreadable credentials are refused, a stray % is kept as written", () => {
    assert.throws(
      () => parseMysqlUrl("mysql://deploy:Qz7/Pw?x#K@9v:Lm@127.0.0.1:1/nodb"),
      (err) =>
        hasCode(err, "E_CONFIG") && !err.message.includes("Qz7") && /%2F/.test(err.hint ?? ""),
    );
    assert.equal(parseMysqlUrl("mysql://deploy:50%off@h/db").password, "50%off");
    assert.equal(parseMysqlUrl("mysql://deploy:Tr0ub4dor@3xK9@h/db").password, "Tr0ub4dor@3xK9");
    assert.equal(parseMysqlUrl("mariadb://deploy:pa ss@h/db").password, "pa ss");
  });
});

describe("urlSecrets", () => {
  test("leaves out a password that equals a part the URL shows anyway", () => {
    assert.deepEqual(urlSecrets("postgres://postgres:postgres@localhost:5432/postgres"), []);
    assert.deepEqual(urlSecrets("mysql://app:app@db/app"), []);
    assert.deepEqual(urlSecrets("postgres://app:s3cret@db/app"), ["s3cret"]);
  });
});
