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
  // Every combination of the five sources: the first present in this order wins.
  const SOURCES = [
    { name: "--url", url: "sqlite:./flag.db", from: "--url" },
    { name: "--env", url: "sqlite:./from-staging.db", from: "--env staging" },
    { name: "TIDEMARK_URL", url: "sqlite:./tidemark-url.db", from: "TIDEMARK_URL" },
    { name: "DATABASE_URL", url: "sqlite:./database-url.db", from: "DATABASE_URL" },
    { name: "config", url: "sqlite:./from-config.db", from: "url in tidemark.config.json" },
  ] as const;
  const combinations = Array.from({ length: 1 << SOURCES.length }, (_, mask) =>
    SOURCES.filter((_, i) => mask & (1 << i)),
  );

  for (const present of combinations) {
    const names = present.map((p) => p.name);
    const winner = present[0];
    const label = names.length > 0 ? names.join(" + ") : "nothing";
    test(`${label} → ${winner?.name ?? "default"}`, async () => {
      const has = (name: string) => names.includes(name as (typeof names)[number]);
      writeConfig({
        ...(has("config") && { url: "sqlite:./from-config.db" }),
        environments: { staging: { url: "sqlite:./from-staging.db" } },
      });
      const c = await resolveConfig(
        {
          ...(has("--url") && { url: "sqlite:./flag.db" }),
          ...(has("--env") && { env: "staging" }),
        },
        {
          ...(has("TIDEMARK_URL") && { TIDEMARK_URL: "sqlite:./tidemark-url.db" }),
          ...(has("DATABASE_URL") && { DATABASE_URL: "sqlite:./database-url.db" }),
        },
        cwd(),
      );
      assert.equal(c.url, winner?.url ?? "sqlite:./tidemark.db");
      assert.equal(c.urlSource, winner?.name ?? "default");
      assert.equal(c.urlFrom, winner?.from ?? "the default");
      assert.equal(c.environmentName, has("--env") ? "staging" : null);
    });
  }

  test("--env beats an exported DATABASE_URL, and the environment's settings go with its url", async () => {
    writeConfig({ environments: { dev: { url: "sqlite:./dev.db", protected: true } } });
    const c = await resolveConfig({ env: "dev" }, { DATABASE_URL: "sqlite:./other.db" }, cwd());
    assert.equal(c.url, "sqlite:./dev.db");
    assert.equal(c.environment?.protected, true);
  });

  test("--url with --env: the flag's URL, the environment's settings", async () => {
    writeConfig({ environments: { prod: { url: "sqlite:./p.db", protected: true } } });
    const c = await resolveConfig({ url: "sqlite:./x.db", env: "prod" }, {}, cwd());
    assert.equal(c.url, "sqlite:./x.db");
    assert.equal(c.environmentName, "prod");
    assert.equal(c.environment?.protected, true);
  });

  test("TIDEMARK_ENV ranks with --env: its url beats the variables; --env beats it", async () => {
    writeConfig(FULL);
    const vars = {
      TIDEMARK_ENV: "prod",
      TIDEMARK_URL: "sqlite:./t.db",
      DATABASE_URL: "sqlite:./d.db",
    };
    const c = await resolveConfig({}, vars, cwd());
    assert.equal(c.environmentName, "prod");
    assert.equal(c.url, "sqlite:./p.db");
    assert.equal(c.urlSource, "TIDEMARK_ENV");
    assert.equal(c.urlFrom, "TIDEMARK_ENV=prod");
    const flagged = await resolveConfig({ env: "staging" }, vars, cwd());
    assert.equal(flagged.environmentName, "staging");
    assert.equal(flagged.url, "sqlite:./from-staging.db");
    const overridden = await resolveConfig({ url: "sqlite:./flag.db" }, vars, cwd());
    assert.equal(overridden.url, "sqlite:./flag.db");
  });

  test("a named environment without a url is an error, not a fall-through to DATABASE_URL", async () => {
    const path = writeConfig({
      url: "sqlite:./top.db",
      environments: { dev: { protected: true } },
    });
    await rejectsConfig(
      resolveConfig({ env: "dev" }, { DATABASE_URL: "sqlite:./other.db" }, cwd()),
      /environment "dev" has no url/,
      (err) => {
        assert.equal(err.file, path);
        assert.match(err.hint ?? "", /environments\.dev\.url.*\$\{DATABASE_URL\}/);
      },
    );
    await rejectsConfig(resolveConfig({}, { TIDEMARK_ENV: "dev" }, cwd()), /"dev" has no url/);
    const flagged = await resolveConfig({ env: "dev", url: "sqlite:./x.db" }, {}, cwd());
    assert.equal(flagged.url, "sqlite:./x.db", "--url supplies what the environment lacks");
  });

  test("an environment may take its url from a variable explicitly", async () => {
    writeConfig({ environments: { prod: { url: ref("DATABASE_URL"), protected: true } } });
    const c = await resolveConfig({ env: "prod" }, { DATABASE_URL: "sqlite:./d.db" }, cwd());
    assert.equal(c.url, "sqlite:./d.db");
    assert.equal(c.urlSource, "--env");
  });
});

describe("resolveConfig: a source that is set but empty is an error (SPEC §1)", () => {
  for (const [name, flags, vars, message] of [
    ["--url ''", { url: "" }, {}, /^--url is empty$/],
    ["--env ''", { env: "" }, {}, /^--env is empty$/],
    [
      "TIDEMARK_URL=",
      {},
      { TIDEMARK_URL: "", DATABASE_URL: "sqlite:./d.db" },
      /^TIDEMARK_URL is set but empty$/,
    ],
    ["DATABASE_URL=", {}, { DATABASE_URL: "" }, /^DATABASE_URL is set but empty$/],
    ["TIDEMARK_ENV=", {}, { TIDEMARK_ENV: "" }, /^TIDEMARK_ENV is set but empty$/],
  ] as const) {
    test(`${name} → E_CONFIG naming it, never the default`, async () => {
      writeConfig({ url: "sqlite:./top.db" });
      await rejectsConfig(resolveConfig(flags, vars, cwd()), message);
    });
  }

  test("an empty variable that a higher source makes unneeded is no error", async () => {
    writeConfig({ environments: { dev: { url: "sqlite:./dev.db" } } });
    const vars = { TIDEMARK_URL: "", DATABASE_URL: "" };
    assert.equal((await resolveConfig({ url: "sqlite:./x.db" }, vars, cwd())).url, "sqlite:./x.db");
    assert.equal((await resolveConfig({ env: "dev" }, vars, cwd())).url, "sqlite:./dev.db");
  });

  test("a variable that is set but empty in the url used is an error naming it and the key", async () => {
    const path = writeConfig({
      url: `postgres://app:${ref("DB_PASSWORD")}@db/app`,
      environments: { prod: { url: ref("PROD_URL") } },
    });
    await rejectsConfig(
      resolveConfig({}, { DB_PASSWORD: "" }, cwd()),
      /"url" uses \$\{DB_PASSWORD\}, and DB_PASSWORD is set but empty/,
      (err) => assert.equal(err.file, path),
    );
    await rejectsConfig(
      resolveConfig({ env: "prod" }, { PROD_URL: "" }, cwd()),
      /"environments\.prod\.url" uses \$\{PROD_URL\}, and PROD_URL is set but empty/,
    );
  });

  test("a url written empty in the file is an error", async () => {
    writeConfig({ url: "" });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /"url" is empty/);
  });
});

describe("resolveConfig: .env in the working folder (SPEC §1)", () => {
  const writeDotenv = (text: string) => writeFileSync(join(cwd(), ".env"), text);

  test("its variables are read, and named as coming from it", async () => {
    writeDotenv("# local settings\nexport DATABASE_URL=sqlite:./dotenv.db\n\nOTHER='x'\n");
    const c = await resolveConfig({}, {}, cwd());
    assert.equal(c.url, "sqlite:./dotenv.db");
    assert.equal(c.urlSource, "DATABASE_URL");
    assert.equal(c.urlFrom, "DATABASE_URL in .env");
    assert.equal(c.dotenvPath, join(cwd(), ".env"));
  });

  test("the process environment wins over it, even with an empty value", async () => {
    writeDotenv("DATABASE_URL=sqlite:./dotenv.db\nTIDEMARK_URL=sqlite:./t-dotenv.db\n");
    const c = await resolveConfig({}, { TIDEMARK_URL: "sqlite:./process.db" }, cwd());
    assert.equal(c.url, "sqlite:./process.db");
    assert.equal(c.urlFrom, "TIDEMARK_URL");
    await rejectsConfig(
      resolveConfig({}, { TIDEMARK_URL: "" }, cwd()),
      /^TIDEMARK_URL is set but empty$/,
    );
  });

  test("an empty value in it is an error naming the file", async () => {
    writeDotenv("DATABASE_URL=\n");
    await rejectsConfig(resolveConfig({}, {}, cwd()), /^DATABASE_URL in \.env is set but empty$/);
  });

  test("it fills the config file's variables and picks TIDEMARK_ENV", async () => {
    writeConfig({ environments: { prod: { url: `sqlite:./${ref("DB_NAME")}.db` } } });
    writeDotenv('TIDEMARK_ENV=prod\nDB_NAME="quoted"\n');
    const c = await resolveConfig({}, {}, cwd());
    assert.equal(c.url, "sqlite:./quoted.db");
    assert.equal(c.urlFrom, "TIDEMARK_ENV=prod in .env");
  });

  test("a line that is not KEY=value is an error naming the file and line, not its text", async () => {
    writeDotenv("A=1\nDATABASE_URL postgres://u:pa55word@h/db\n");
    await rejectsConfig(resolveConfig({}, {}, cwd()), /not a KEY=value line/, (err) => {
      assert.equal(err.file, join(cwd(), ".env"));
      assert.equal(err.line, 2);
      assert.doesNotMatch(`${err.message} ${err.hint}`, /pa55word/);
    });
  });

  test("a quoted value may span lines; one never closed is an error", async () => {
    writeDotenv('KEY="a\nb"\nDATABASE_URL=sqlite:./x.db\n');
    assert.equal((await resolveConfig({}, {}, cwd())).url, "sqlite:./x.db");
    writeDotenv('KEY="a\nDATABASE_URL=sqlite:./x.db\n');
    await rejectsConfig(resolveConfig({}, {}, cwd()), /opened with " is never closed/, (err) =>
      assert.equal(err.line, 1),
    );
  });

  test("a .env that cannot be read is an error naming it", async () => {
    mkdirSync(join(cwd(), ".env"));
    await rejectsConfig(resolveConfig({}, {}, cwd()), /cannot read \.env/, (err) =>
      assert.equal(err.file, join(cwd(), ".env")),
    );
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
    writeConfig({ lint: { "drop-table": "off" } });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /unknown key "lint\.drop-table"/);
    writeConfig({ lint: { rules: { "drop-table": "loud" } } });
    await rejectsConfig(
      resolveConfig({}, {}, cwd()),
      /"lint\.rules\.drop-table" must be "off", "warning" or "error"/,
    );
    writeConfig({ compatibility: { "2.0.0": 3 } });
    await rejectsConfig(resolveConfig({}, {}, cwd()), /"compatibility\.2\.0\.0" must be a version/);
    writeConfig({
      lint: { rules: { "drop-table": "off" } },
      compatibility: { "2.0.0": ["1", "2"] },
    });
    const c = await resolveConfig({}, {}, cwd());
    assert.deepEqual(c.file?.lint, { rules: { "drop-table": "off" } });
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
