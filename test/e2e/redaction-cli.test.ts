/**
 * The built CLI never prints a password: every password of the table × every output path
 * (status, up, up --json, validate, history, down --yes, a --verbose failure, a protected
 * environment's confirmation, init --url) × every engine's URL form, against an unreachable
 * port so that each run is quick. stdout, stderr and the written config file are checked.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { type CliResult, runCli, writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";
import { fragments, PASSWORDS } from "../helpers/passwords.js";

const root = tempDir("tidemark-redact-");
after(() => root.remove());

const URL_FORMS = [
  (pw: string) => `postgres://deploy:${pw}@127.0.0.1:1/nodb`,
  (pw: string) => `postgresql://deploy:${pw}@127.0.0.1:1/nodb?sslmode=disable`,
  (pw: string) => `mysql://deploy:${pw}@127.0.0.1:1/nodb`,
  (pw: string) => `mariadb://deploy:${pw}@127.0.0.1:1/nodb?ssl=false`,
];

interface Run {
  readonly path: string;
  readonly url: string;
  readonly result: CliResult;
  /** The config file the run wrote, for init. */
  readonly written?: string;
}

let folders = 0;
function folder(files: Record<string, string> = {}): string {
  const dir = join(root.path, String(folders++));
  writeFiles(join(dir, "m"), { "001_a.sql": "-- migrate:up\nSELECT 1;\n-- migrate:down\n" });
  writeFiles(dir, files);
  return dir;
}

/** The output paths: each runs the CLI once with `url` and says what it wrote. */
const PATHS: Record<string, (url: string) => Promise<Omit<Run, "path" | "url">>> = {
  status: async (url) => ({
    result: await runCli(["status", "--dir", "m", "--url", url], { cwd: folder() }),
  }),
  up: async (url) => ({
    result: await runCli(["up", "--dir", "m"], { cwd: folder(), env: { DATABASE_URL: url } }),
  }),
  "up --json": async (url) => ({
    result: await runCli(["up", "--json", "--dir", "m", "--url", url], { cwd: folder() }),
  }),
  validate: async (url) => ({
    result: await runCli(["validate", "--dir", "m", "--url", url], { cwd: folder() }),
  }),
  history: async (url) => ({
    result: await runCli(["history", "--json", "--dir", "m", "--url", url], { cwd: folder() }),
  }),
  "down --yes": async (url) => ({
    result: await runCli(["down", "--yes", "--dir", "m", "--url", url], { cwd: folder() }),
  }),
  "--verbose": async (url) => ({
    result: await runCli(["up", "--verbose", "--dir", "m", "--url", url], { cwd: folder() }),
  }),
  protected: async (url) => {
    const config = { dir: "./m", environments: { prod: { url, protected: true } } };
    const cwd = folder({ "tidemark.config.json": JSON.stringify(config) });
    return { result: await runCli(["up", "--env", "prod"], { cwd }) };
  },
  "init --url": async (url) => {
    const cwd = folder();
    const result = await runCli(["init", "--url", url], { cwd });
    return { result, written: readFileSync(join(cwd, "tidemark.config.json"), "utf8") };
  },
};

/** Runs `jobs` with at most `limit` at a time. */
async function pool<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe("the built CLI never prints a password", () => {
  test("passwords × output paths × engine URL forms", { timeout: 240_000 }, async () => {
    const names = Object.keys(PATHS);
    const jobs: (() => Promise<Run & { password: string }>)[] = [];
    PASSWORDS.forEach((password, i) => {
      names.forEach((path, j) => {
        // Every path meets every engine's URL form, across the table (a Latin square).
        const url = URL_FORMS[(i + j) % URL_FORMS.length]!(password);
        jobs.push(async () => ({ path, url, password, ...(await PATHS[path]!(url)) }));
      });
    });
    const runs = await pool(jobs, 6);
    for (const { path, url, password, result, written } of runs) {
      const text = `${result.stdout}\n${result.stderr}\n${written ?? ""}`;
      for (const fragment of fragments(password)) {
        assert.ok(!text.includes(fragment), `${path} with ${url} shows "${fragment}":\n${text}`);
      }
      if (path === "init --url") {
        assert.equal(result.code, 0, text);
        assert.equal(JSON.parse(written!).url, "$" + "{DATABASE_URL}");
        assert.match(result.stdout, /password was not written.*DATABASE_URL/);
      } else {
        assert.notEqual(result.code, 0, text);
        assert.match(
          result.stderr,
          /Cannot connect to \w+:\/\/deploy:\*\*\*@127\.0\.0\.1:1\/nodb|Invalid (PostgreSQL|MySQL) URL \w+:\/\/deploy:\*\*\*@127\.0\.0\.1:1\/nodb|protected environment "prod" \(\w+:\/\/deploy:\*\*\*@127\.0\.0\.1:1\/nodb/,
          `${path} with ${url}:\n${text}`,
        );
      }
    }
  });

  test("the pre-submit check: Qz7/Pw?x#K@9v:Lm on PostgreSQL and MySQL URLs", async () => {
    const password = "Qz7/Pw?x#K@9v:Lm";
    const runs = await Promise.all(
      ["postgres", "mysql"].flatMap((scheme) =>
        [
          ["status", "--dir", "m"],
          ["up", "--json", "--dir", "m"],
        ].map((args) =>
          runCli([...args, "--url", `${scheme}://deploy:${password}@127.0.0.1:1/nodb`], {
            cwd: folder(),
          }),
        ),
      ),
    );
    for (const r of runs) {
      const text = r.stdout + r.stderr;
      for (const fragment of ["Qz7", "Pw?x", "K@9v"]) assert.ok(!text.includes(fragment), text);
      assert.match(text, /percent-encoded/);
    }
  });
});
