/**
 * The right database, every time (SPEC §1), through the built CLI: the URL's order, empty
 * variables, `.env`, `--verbose`, and `validate` without a database. Each test has a folder
 * of its own and checks the databases' tracking rows, not only what was printed.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, type TestDatabase, tempDir } from "../helpers/databases.js";

const migration = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;
const TWO = { "001_one.sql": migration("one"), "002_two.sql": migration("two") };

let dir: { path: string; remove(): void };
const cwd = () => dir.path;
const cli = (args: readonly string[], env?: Record<string, string>) =>
  runCli(args, { cwd: cwd(), env });
const config = (value: unknown) =>
  writeFileSync(join(cwd(), "tidemark.config.json"), JSON.stringify(value));

beforeEach(() => {
  dir = tempDir("tidemark-config-cli-");
  writeFiles(join(cwd(), "migrations"), TWO);
});
afterEach(() => dir.remove());

/** `version:status` of every tracking row of the SQLite file `name`; [] when it does not exist. */
function rows(name: string): string[] {
  if (!existsSync(join(cwd(), name))) return [];
  const db = new Database(join(cwd(), name), { readonly: true });
  try {
    return (
      db.prepare("SELECT version, status FROM tidemark_migrations ORDER BY version").all() as {
        version: string;
        status: string;
      }[]
    ).map((r) => `${r.version}:${r.status}`);
  } finally {
    db.close();
  }
}

describe("--env beats the variables", () => {
  test("down --env dev --yes with DATABASE_URL exported rolls back only the dev database", async () => {
    config({ environments: { dev: { url: "sqlite:./dev.db" } } });
    const other = { DATABASE_URL: "sqlite:./other.db" };
    assert.equal((await cli(["up"], other)).code, 0);
    assert.equal((await cli(["up", "--env", "dev"], other)).code, 0);
    assert.deepEqual(rows("dev.db"), ["001:applied", "002:applied"]);
    assert.deepEqual(rows("other.db"), ["001:applied", "002:applied"]);

    const r = await cli(["down", "--env", "dev", "--yes"], other);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /sqlite:\.\/dev\.db/);
    assert.deepEqual(rows("dev.db"), ["001:applied", "002:rolled_back"]);
    assert.deepEqual(rows("other.db"), ["001:applied", "002:applied"], "untouched");
  });

  test("a protected environment's prompt shows the URL that will be used", async () => {
    config({ environments: { prod: { url: "sqlite:./prod.db", protected: true } } });
    const r = await cli(["up", "--env", "prod"], { DATABASE_URL: "sqlite:./other.db" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /protected environment "prod" \(sqlite:\.\/prod\.db\)/);
    assert.doesNotMatch(r.stderr, /other\.db/);
    assert.deepEqual(rows("prod.db"), []);
    assert.deepEqual(rows("other.db"), []);
  });

  test("an environment without a url is an error, and nothing runs anywhere", async () => {
    config({ environments: { prod: { protected: true } } });
    const r = await cli(["up", "--env", "prod", "--yes"], { DATABASE_URL: "sqlite:./other.db" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /environment "prod" has no url/);
    assert.deepEqual(rows("other.db"), []);
    assert.equal(existsSync(join(cwd(), "tidemark.db")), false);
  });
});

describe("set but empty is an error, never ./tidemark.db", () => {
  for (const [label, args, env, message] of [
    ["DATABASE_URL=", ["up"], { DATABASE_URL: "" }, /DATABASE_URL is set but empty/],
    ["TIDEMARK_URL=", ["up"], { TIDEMARK_URL: "" }, /TIDEMARK_URL is set but empty/],
    ["--url ''", ["up", "--url", ""], {}, /--url is empty/],
  ] as const) {
    test(`${label}: exit 1, the variable named, no database created`, async () => {
      const r = await cli(args, env);
      assert.equal(r.code, 1);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
      assert.equal(existsSync(join(cwd(), "tidemark.db")), false);
    });
  }

  test("a variable of the config's url that is set but empty", async () => {
    config({ url: `sqlite:./\${DB_NAME}.db` });
    const r = await runCli(["up"], { cwd: cwd(), env: { DB_NAME: "" } });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /"url" uses \$\{DB_NAME\}, and DB_NAME is set but empty/);
    assert.equal(existsSync(join(cwd(), "tidemark.db")), false);
    assert.equal(existsSync(join(cwd(), ".db")), false);
  });
});

describe(".env and --verbose", () => {
  test(".env in the working folder is read; the process environment wins", async () => {
    writeFileSync(join(cwd(), ".env"), "# local\nDATABASE_URL=sqlite:./dotenv.db\n");
    let r = await cli(["up", "--to", "001", "--verbose"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /database: sqlite:\.\/dotenv\.db \(from DATABASE_URL in \.env\)/);
    assert.deepEqual(rows("dotenv.db"), ["001:applied"]);

    r = await cli(["up"], { DATABASE_URL: "sqlite:./process.db" });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(rows("process.db"), ["001:applied", "002:applied"]);
    assert.deepEqual(rows("dotenv.db"), ["001:applied"], "untouched");
  });

  test("a malformed .env is an error naming the file and line", async () => {
    writeFileSync(join(cwd(), ".env"), "A=1\nDATABASE_URL postgres://u:Sup3rSecret@h/db\n");
    const r = await cli(["status"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /\.env:2: not a KEY=value line/);
    assert.doesNotMatch(r.stderr, /Sup3rSecret/);
  });

  test("--verbose names the source with the password hidden", async () => {
    config({ environments: { dev: { url: "sqlite:./dev.db" } } });
    let r = await cli(["up", "--verbose", "--env", "dev"], { DATABASE_URL: "sqlite:./x.db" });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^database: sqlite:\.\/dev\.db \(from --env dev\)$/m);
    assert.doesNotMatch(r.stdout, /database:/, "on stderr only");

    r = await cli([
      "status",
      "--json",
      "--verbose",
      "--url",
      "postgres://app:Sup3rSecret@127.0.0.1:1/app",
    ]);
    assert.match(r.stderr, /database: postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/app \(from --url\)/);
    assert.doesNotMatch(r.stderr + r.stdout, /Sup3rSecret/);
  });
});

describe("validate without a database", () => {
  const BROKEN = {
    "001_one.sql": migration("one"),
    "003_bad.sql":
      "-- migrate:up\nCREATE TABLE two (id int);\nSELEC 1;\n-- migrate:down\nDROP TABLE two;\n",
  };

  test("--dialect postgres parses offline: exit 1 naming file:line, nothing created", async () => {
    writeFiles(join(cwd(), "migrations"), BROKEN);
    const r = await cli(["validate", "--dialect", "postgres"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /invalid_sql: 003_bad\.sql:3:1: syntax error at or near "SELEC"/);
    assert.match(
      r.stderr,
      /SQL checked as PostgreSQL .*checksums and failed rows were not checked/,
    );
    assert.equal(existsSync(join(cwd(), "tidemark.db")), false);
  });

  test("--dialect does not need the config's URL: its variable may be unset (a CI lint job)", async () => {
    writeFiles(join(cwd(), "migrations"), BROKEN);
    config({ url: ["$", "{DATABASE_URL}"].join("") });
    const r = await cli(["validate", "--dialect", "postgres"]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /invalid_sql: 003_bad\.sql:3:1: syntax error at or near "SELEC"/);
    assert.doesNotMatch(r.stderr, /DATABASE_URL/);
  });

  test("--dialect on valid files: exit 0, with JSON saying no database was used", async () => {
    const r = await cli(["validate", "--dialect", "mysql", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(
      [doc.valid, doc.migrations, doc.dialect, doc.database],
      [true, 2, "mysql", false],
    );
    assert.equal(existsSync(join(cwd(), "tidemark.db")), false);
  });

  test("a config url that cannot be reached: an error that says how to check offline", async () => {
    writeFiles(join(cwd(), "migrations"), BROKEN);
    config({ url: "postgres://app:Sup3rSecret@127.0.0.1:1/app?connect_timeout=2" });
    let r = await cli(["validate"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /validate --dialect postgres/);
    assert.doesNotMatch(r.stderr, /Sup3rSecret/);
    r = await cli(["validate", "--dialect", "postgres"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /003_bad\.sql:3:1/);
    assert.doesNotMatch(r.stderr, /127\.0\.0\.1/, "no connection attempted");
  });

  test("no URL and no ./tidemark.db: checked offline as SQLite, and nothing created", async () => {
    const r = await cli(["validate"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 migrations are valid/);
    assert.match(r.stderr, /SQL checked as SQLite \(no database given/);
    assert.equal(existsSync(join(cwd(), "tidemark.db")), false);
  });
});

describe("PostgreSQL", async () => {
  const skip = await engineSkip("postgres");
  let db: TestDatabase;
  before(async () => {
    if (!skip) db = await freshDatabase("postgres");
  });
  after(async () => {
    if (!skip) await db.drop();
  });

  test("--env naming a PostgreSQL database beats a DATABASE_URL naming a SQLite file", {
    skip,
  }, async () => {
    config({ environments: { dev: { url: db.url } } });
    const r = await cli(["up", "--env", "dev"], { DATABASE_URL: "sqlite:./other.db" });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(existsSync(join(cwd(), "other.db")), false);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows: applied } = await client.query(
        "SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version",
      );
      assert.deepEqual(
        applied.map((row) => row.version),
        ["001", "002"],
      );
    } finally {
      await client.end();
    }
  });

  test("validate with a URL connects: the parser's error and the checksum check", {
    skip,
  }, async () => {
    const r = await cli(["validate", "--url", db.url]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /not checked/);
    writeFileSync(
      join(cwd(), "migrations", "001_one.sql"),
      migration("one").replace("INTEGER", "BIGINT"),
    );
    writeFileSync(join(cwd(), "migrations", "003_bad.sql"), "-- migrate:up\nSELEC 1;\n");
    const doc = JSON.parse((await cli(["validate", "--url", db.url, "--json"])).stdout);
    assert.equal(doc.database, true);
    assert.deepEqual(
      doc.problems.map((p: { kind: string; version: string }) => `${p.kind}:${p.version}`).sort(),
      ["checksum_mismatch:001", "invalid_sql:003"],
    );
  });
});
