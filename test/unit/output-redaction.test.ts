/**
 * The CLI's last guard (src/cli/render.ts) and `init` (src/core/scaffold.ts): no password in
 * any line, JSON document, error, stack trace or config file. No database.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { errorJson, Output, renderError } from "../../src/cli/render.js";
import { TidemarkError } from "../../src/core/errors.js";
import { configFileUrl, writeInit } from "../../src/core/scaffold.js";
import { urlSecrets } from "../../src/dialects/url.js";
import { tempDir } from "../helpers/databases.js";

const URL_WITH_PASSWORD = "postgres://deploy:Qz7/Pw?x#K@9v:Lm@db.example.com:5432/app";
const FRAGMENTS = ["Qz7", "Pw?x", "K@9v", "Qz7%2FPw"];

function output(verbose = false): Output {
  const out = new Output({ json: false, quiet: false, verbose, color: false });
  out.hideSecrets(urlSecrets(URL_WITH_PASSWORD));
  return out;
}

function assertClean(text: string): void {
  for (const fragment of FRAGMENTS)
    assert.ok(!text.includes(fragment), `${text} shows ${fragment}`);
}

/** What `fn` writes to stdout and stderr. */
function captured(fn: () => void): string {
  const writes: string[] = [];
  const [out, err] = [process.stdout.write, process.stderr.write];
  const capture = (chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return writes.join("");
}

describe("the output's guard", () => {
  test("lines, notes and JSON documents never hold the password, in any spelling", () => {
    const out = output();
    const text = captured(() => {
      out.line(`raw Qz7/Pw?x#K@9v:Lm here`);
      out.note(`encoded ${encodeURIComponent("Qz7/Pw?x#K@9v:Lm")} here`);
      out.json({ url: "Qz7/Pw?x#K@9v:Lm" });
    });
    assertClean(text);
    assert.equal(text.match(/\*\*\*/g)?.length, 3, text);
  });

  test("--verbose cause stacks are scrubbed, and URLs in messages redacted", () => {
    const driverError = new TypeError(`Invalid URL ${URL_WITH_PASSWORD}`);
    const err = new TidemarkError("E_CONNECT", `Cannot connect: ${URL_WITH_PASSWORD}`, {
      cause: driverError,
      hint: "Write it as postgres://user:password@host:5432/database.",
    });
    const lines = renderError(err, output(true));
    assertClean(lines.join("\n"));
    assert.match(
      lines[0]!,
      /Cannot connect: postgres:\/\/deploy:\*\*\*@db\.example\.com:5432\/app/,
    );
    assert.ok(lines.includes("hint: Write it as postgres://user:password@host:5432/database."));
    assert.ok(lines.some((l) => l.startsWith("caused by: TypeError: Invalid URL")));
    const plain = renderError(new Error(`boom ${URL_WITH_PASSWORD}`), output(true));
    assertClean(plain.join("\n"));
  });

  test("errorJson redacts URLs in messages of any error", () => {
    assertClean(JSON.stringify(errorJson(new TidemarkError("E_CONFIG", URL_WITH_PASSWORD))));
    assertClean(JSON.stringify(errorJson(new Error(URL_WITH_PASSWORD))));
  });
});

describe("init never writes a password", () => {
  test("a URL with a password becomes a DATABASE_URL reference; one without stays as written", () => {
    assert.equal(configFileUrl(URL_WITH_PASSWORD), "$" + "{DATABASE_URL}");
    assert.equal(
      configFileUrl("mysql://root@127.0.0.1:3306/test"),
      "mysql://root@127.0.0.1:3306/test",
    );
    assert.equal(configFileUrl("postgres://h/db?password=s3cret"), "$" + "{DATABASE_URL}");
    assert.equal(configFileUrl("sqlite:./app.db"), "sqlite:./app.db");
  });

  test("writeInit writes the reference into tidemark.config.json", () => {
    const dir = tempDir("tidemark-init-");
    try {
      writeInit(dir.path, URL_WITH_PASSWORD, new Date("2026-01-02T03:04:05Z"));
      const text = readFileSync(join(dir.path, "tidemark.config.json"), "utf8");
      assertClean(text);
      assert.equal(JSON.parse(text).url, "$" + "{DATABASE_URL}");
    } finally {
      dir.remove();
    }
  });
});
