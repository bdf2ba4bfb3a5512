/**
 * resolveConfig(): where the URL, folder and table come from (SPEC §1, §11), and the errors a
 * bad config file gets. No database; each test has a folder of its own.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { resolveConfig } from "../../src/config/resolve-config.js";
import { TidemarkError } from "../../src/core/errors.js";
import { tempDir } from "../helpers/databases.js";

/** `${NAME}` as written in a config file. */
const ref = (name: string) => `\${${name}}`;

let dir: { path: string; remove(): void };
const cwd = () => dir.path;

beforeEach(() => {
  dir = tempDir("tidemark-config-");
});
afterEach(() => dir.remove());

function writeConfig(value: unknown, name = "tidemark.config.json", folder = cwd()): string {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return path;
}

/** Asserts that `promise` rejects with an E_CONFIG TidemarkError whose message matches. */
async function rejectsConfig(
  promise: Promise<unknown>,
  message: RegExp,
  more: (err: TidemarkError) => void = () => {},
): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TidemarkError, `a TidemarkError, not ${String(err)}`);
    assert.equal(err.code, "E_CONFIG");
    assert.match(err.message, message);
    more(err);
    return true;
  });
}

const FULL = {
  url: "sqlite:./from-config.db",
  environments: { staging: { url: "sqlite:./from-staging.db" }, prod: { url: "sqlite:./p.db" } },
};

describe("resolveConfig: URL precedence (SPEC §1)", () => {
  const all = {
    TIDEMARK_URL: "sqlite:./tidemark-url.db",
    DATABASE_URL: "sqlite:./database-url.db",
  };

  test("--url wins over everything", async () => {
    writeConfig(FULL);
    const c = await resolveConfig({ url: "sqlite:./flag.db", env: "staging" }, all, cwd());
    assert.equal(c.url, "sqlite:./flag.db");
    assert.equal(c.urlSource, "--url");
  });

  test("TIDEMARK_URL wins over DATABASE_URL and the config file", async () => {
    writeConfig(FULL);
    const c = await resolveConfig({ env: "staging" }, all, cwd());
    assert.equal(c.url, "sqlite:./tidemark-url.db");
    assert.equal(c.urlSource, "TIDEMARK_URL");
  });

  test("DATABASE_URL wins over the config file", async () => {
    writeConfig(FULL);
    const c = await resolveConfig({ env: "staging" }, { DATABASE_URL: all.DATABASE_URL }, cwd());
    assert.equal(c.url, "sqlite:./database-url.db");
    assert.equal(c.urlSource, "DATABASE_URL");
  });

  test("the selected environment's url wins over the file's url", async () => {
    writeConfig(FULL);
    const c = await resolveConfig({ env: "staging" }, {}, cwd());
    assert.equal(c.url, "sqlite:./from-staging.db");
    assert.equal(c.urlSource, "config (staging)");
    assert.equal(c.environmentName, "staging");
    assert.deepEqual(c.environment, { url: "sqlite:./from-staging.db" });
  });

  test("an environment without a url falls back to the file's url", async () => {
    writeConfig({ url: "sqlite:./top.db", environments: { dev: { protected: false } } });
    const c = await resolveConfig({ env: "dev" }, {}, cwd());
    assert.equal(c.url, "sqlite:./top.db");
    assert.equal(c.urlSource, "config");
  });

  test("the file's url without --env", async () => {
    const path = writeConfig(FULL);
    const c = await resolveConfig({}, {}, cwd());
    assert.equal(c.url, "sqlite:./from-config.db");
    assert.equal(c.urlSource, "config");
    assert.equal(c.configPath, path);
    assert.equal(c.environmentName, null);
    assert.equal(c.environment, null);
  });

  test("the embedded default without flags, variables or file", async () => {
    const c = await resolveConfig({}, {}, cwd());
    assert.equal(c.url, "sqlite:./tidemark.db");
    assert.equal(c.urlSource, "default");
    assert.equal(c.configPath, null);
    assert.equal(c.file, null);
    assert.equal(c.dir, join(cwd(), "migrations"));
    assert.equal(c.table, "tidemark_migrations");
  });

  test("an empty variable does not count", async () => {
    writeConfig({ url: "sqlite:./top.db" });
    const c = await resolveConfig({}, { TIDEMARK_URL: "", DATABASE_URL: "" }, cwd());
    assert.equal(c.urlSource, "config");
  });

  test("TIDEMARK_ENV selects the environment when --env is not given", async () => {
    writeConfig(FULL);
    const c = await resolveConfig({}, { TIDEMARK_ENV: "prod" }, cwd());
    assert.equal(c.environmentName, "prod");
    assert.equal(c.url, "sqlite:./p.db");
    const flagged = await resolveConfig({ env: "staging" }, { TIDEMARK_ENV: "prod" }, cwd());
    assert.equal(flagged.environmentName, "staging");
  });
});

describe("resolveConfig: folder and table", () => {
  test("dir in the file is relative to the file's folder, --dir to the current folder", async () => {
    const path = writeConfig(
      { dir: "db/migrations", table: "schema_log" },
      "custom.json",
      join(cwd(), "conf"),
    );
    const c = await resolveConfig({ config: "conf/custom.json" }, {}, cwd());
    assert.equal(c.configPath, path);
    assert.equal(c.dir, join(cwd(), "conf", "db", "migrations"));
    assert.equal(c.table, "schema_log");
    const flagged = await resolveConfig(
      { config: "conf/custom.json", dir: "elsewhere", table: "t2" },
      {},
      cwd(),
    );
    assert.equal(flagged.dir, join(cwd(), "elsewhere"));
    assert.equal(flagged.table, "t2");
  });

  test("the file is found in the current folder only under its known names", async () => {
    writeConfig({ table: "found" }, "tidemark.config.json");
    writeConfig({ table: "ignored" }, "other.json");
    const c = await resolveConfig({}, {}, cwd());
    assert.equal(c.table, "found");
    assert.equal(c.dir, join(cwd(), "migrations"));
  });
});

describe("resolveConfig: variable interpolation", () => {
  test("replaces variables in every string the run uses", async () => {
    writeConfig({
      url: `postgres://${ref("DB_USER")}:${ref("DB_PASS")}@localhost/app`,
      dir: `${ref("MIG_DIR")}/all`,
      table: `t_${ref("SUFFIX")}`,
    });
    const c = await resolveConfig(
      {},
      { DB_USER: "me", DB_PASS: "s3cret", MIG_DIR: "db", SUFFIX: "x" },
      cwd(),
    );
    assert.equal(c.url, "postgres://me:s3cret@localhost/app");
    assert.equal(c.dir, join(cwd(), "db", "all"));
    assert.equal(c.table, "t_x");
    assert.equal(c.file?.url, "postgres://me:s3cret@localhost/app");
  });

  test("an unset variable is an E_CONFIG error naming it, the key and the file", async () => {
    const path = writeConfig({ url: `sqlite:./${ref("DB_NAME")}.db` });
    await rejectsConfig(
      resolveConfig({}, {}, cwd()),
      /"url" uses \$\{DB_NAME\}, which is not set/,
      (err) => {
        assert.equal(err.file, path);
        assert.match(err.hint ?? "", /Set DB_NAME/);
      },
    );
  });

  test("an unset variable in the selected environment is an error", async () => {
    writeConfig({ environments: { prod: { url: ref("PROD_URL") } } });
    await rejectsConfig(
      resolveConfig({ env: "prod" }, {}, cwd()),
      /environments\.prod\.url.*\$\{PROD_URL\}/,
    );
  });

  test("a variable only an unselected environment or an overridden url uses need not be set", async () => {
    writeConfig({
      url: `sqlite:./${ref("LOCAL_DB")}.db`,
      environments: { dev: { url: "sqlite:./dev.db" }, prod: { url: ref("PROD_URL") } },
    });
    const dev = await resolveConfig({ env: "dev" }, {}, cwd());
    assert.equal(dev.url, "sqlite:./dev.db");
    const flagged = await resolveConfig({ url: "sqlite:./x.db" }, {}, cwd());
    assert.equal(flagged.url, "sqlite:./x.db");
    assert.equal(flagged.file?.environments?.prod?.url, ref("PROD_URL"), "left as written");
  });
});

describe("resolveConfig: errors in the file", () => {
  test("an unknown top-level key is an error naming it", async () => {
    const path = writeConfig({ url: "sqlite:./a.db", ulr: "sqlite:./b.db" });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /unknown key "ulr"/, (err) => {
      assert.equal(err.file, path);
      assert.match(err.hint ?? "", /Known keys: url, dir, table/);
    });
  });

  test("an unknown key inside an environment is an error naming it", async () => {
    writeConfig({ environments: { prod: { url: "sqlite:./p.db", protect: true } } });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /unknown key "environments\.prod\.protect"/);
  });

  test("a wrong type names the key, the type wanted and the type found", async () => {
    writeConfig({ dir: 5 });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /"dir" must be a string, not a number/);
    writeConfig({ environments: { prod: { protected: "yes" } } });
    await rejectsConfig(
      resolveConfig({}, {}, cwd()),
      /"environments\.prod\.protected" must be a boolean, not a string/,
    );
    writeConfig({ environments: { prod: "sqlite:./p.db" } });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /"environments\.prod" must be an object/);
  });

  test("an array is not an object", async () => {
    writeConfig({ environments: [] });
    await rejectsConfig(
      resolveConfig({}, {}, cwd()),
      /"environments" must be an object, not an array/,
    );
    writeConfig([]);
    await rejectsConfig(resolveConfig({}, {}, cwd()), /must hold a JSON object/);
  });

  test("lint levels and compatibility versions are checked", async () => {
    writeConfig({ lint: { "drop-table": "loud" } });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /"lint\.drop-table" must be true, false/);
    writeConfig({ compatibility: { "2.0.0": 3 } });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /"compatibility\.2\.0\.0" must be a version/);
    writeConfig({ lint: { "drop-table": "off" }, compatibility: { "2.0.0": ["1", "2"] } });
    const c = await resolveConfig({}, {}, cwd());
    assert.deepEqual(c.file?.lint, { "drop-table": "off" });
    assert.deepEqual(c.file?.compatibility, { "2.0.0": ["1", "2"] });
  });

  test("JSON that does not parse is an error with the file and line", async () => {
    const path = writeConfig('{\n  "url": "sqlite:./a.db",\n  oops\n}\n');
    await rejectsConfig(resolveConfig({}, {}, cwd()), /not valid JSON/, (err) => {
      assert.equal(err.file, path);
      assert.equal(err.line, 3);
    });
  });

  test("an unknown --env lists the known environments", async () => {
    writeConfig(FULL);
    await rejectsConfig(
      resolveConfig({ env: "qa" }, {}, cwd()),
      /Unknown environment "qa"/,
      (err) => assert.equal(err.hint, "Known environments: staging, prod."),
    );
  });

  test("--env without any config file says where to define it", async () => {
    await rejectsConfig(
      resolveConfig({ env: "qa" }, {}, cwd()),
      /Unknown environment "qa"/,
      (err) => assert.match(err.hint ?? "", /environments/),
    );
  });

  test("--config pointing to a missing file is an error naming it", async () => {
    await rejectsConfig(
      resolveConfig({ config: "nope/tidemark.json" }, {}, cwd()),
      /Config file nope\/tidemark\.json does not exist/,
    );
  });
});

describe("resolveConfig: code config files", () => {
  test("a .mjs file exporting default", async () => {
    const path = writeConfig(
      `export default {\n  url: "sqlite:./from-mjs.db",\n  dir: "./sql",\n  environments: { prod: { url: process.env.NOT_READ ?? "sqlite:./p.db", protected: true } },\n};\n`,
      "tidemark.config.mjs",
    );
    const c = await resolveConfig({}, {}, cwd());
    assert.equal(c.configPath, path);
    assert.equal(c.url, "sqlite:./from-mjs.db");
    assert.equal(c.dir, join(cwd(), "sql"));
    const prod = await resolveConfig({ env: "prod" }, {}, cwd());
    assert.equal(prod.url, "sqlite:./p.db");
    assert.equal(prod.environment?.protected, true);
  });

  test("a .mjs file is checked like a JSON file", async () => {
    writeConfig(`export default { urll: "x" };\n`, "tidemark.config.mjs");
    await rejectsConfig(resolveConfig({}, {}, cwd()), /unknown key "urll"/);
  });

  test("a .mjs file that throws is an E_CONFIG error naming the file", async () => {
    const path = writeConfig(`throw new Error("boom");\n`, "broken.mjs");
    await rejectsConfig(resolveConfig({ config: "broken.mjs" }, {}, cwd()), /boom/, (err) =>
      assert.equal(err.file, path),
    );
  });
});
