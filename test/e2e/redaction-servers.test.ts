/**
 * A password with `@ / ? # :` in it against the real servers: percent-encoded, the URL works
 * (`up` creates the table as that user); wrong, or refused, the error shows neither password.
 * Each test creates its own role / user and drops it.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { describe, test } from "node:test";
import mysql from "mysql2/promise";
import pg from "pg";
import { type CliResult, runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, MYSQL_URL, PG_URL, tempDir } from "../helpers/databases.js";
import { fragments } from "../helpers/passwords.js";

const PASSWORD = "Qz7/Pw?x#K@9v:Lm";
const WRONG = "Wr0ng/P@ss?#:x";
const MIGRATION = {
  "001_redact_ok.sql":
    "-- migrate:up\nCREATE TABLE redact_ok (id int);\n-- migrate:down\nDROP TABLE redact_ok;\n",
};

/** `url` (a test database's) with this user and password, percent-encoded. */
function asUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = encodeURIComponent(password);
  return u.toString();
}

function assertNoPassword(r: CliResult): void {
  const text = r.stdout + r.stderr;
  for (const fragment of [...fragments(PASSWORD), ...fragments(WRONG)]) {
    assert.ok(!text.includes(fragment), `shows "${fragment}":\n${text}`);
  }
}

async function withCli<T>(fn: (cli: (args: string[]) => Promise<CliResult>) => Promise<T>) {
  const folder = tempDir();
  writeFiles(join(folder.path, "m"), MIGRATION);
  try {
    return await fn((args) => runCli([...args, "--dir", "m"], { cwd: folder.path }));
  } finally {
    folder.remove();
  }
}

describe("a password with @ / ? # : on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");

  test("percent-encoded it connects and migrates; a refused login shows no password", {
    skip,
  }, async () => {
    const db = await freshDatabase("postgres");
    const role = `tm_redact_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD ${admin.escapeLiteral(PASSWORD)}`);
      await admin.query(`ALTER DATABASE "${new URL(db.url).pathname.slice(1)}" OWNER TO ${role}`);
      await withCli(async (cli) => {
        const up = await cli(["up", "--url", asUser(db.url, role, PASSWORD)]);
        assert.equal(up.code, 0, up.stderr);
        assert.match(up.stdout, new RegExp(`Migrating postgres://${role}:\\*\\*\\*@`));
        assertNoPassword(up);
        const check = new pg.Client({ connectionString: db.url });
        await check.connect();
        const owner = await check.query(
          "SELECT tableowner FROM pg_tables WHERE tablename = 'redact_ok'",
        );
        await check.end();
        assert.deepEqual(owner.rows, [{ tableowner: role }], "created by the role of the URL");
        // This server trusts 127.0.0.1 (any password is accepted), so a login is refused the way
        // it can be here: a role that may not log in, with the wrong password.
        await admin.query(`ALTER ROLE ${role} NOLOGIN`);
        const refused = await cli(["status", "--url", asUser(db.url, role, WRONG)]);
        assert.equal(refused.code, 1);
        assert.match(
          refused.stderr,
          /Cannot connect to postgres:\/\/tm_redact_\w+:\*\*\*@.*not permitted to log in/,
        );
        assertNoPassword(refused);
      });
    } finally {
      await db.drop();
      await admin.query(`DROP ROLE IF EXISTS ${role}`).catch(() => {});
      await admin.end();
    }
  });
});

describe("a password with @ / ? # : on MariaDB", async () => {
  const skip = await engineSkip("mysql");

  test("percent-encoded it connects and migrates; a wrong one fails without showing either", {
    skip,
  }, async () => {
    const db = await freshDatabase("mysql");
    const user = `tm_redact_${randomBytes(4).toString("hex")}`;
    const admin = await mysql.createConnection(MYSQL_URL);
    try {
      await admin.query("CREATE USER ?@'%' IDENTIFIED BY ?", [user, PASSWORD]);
      await admin.query(`GRANT ALL ON \`${new URL(db.url).pathname.slice(1)}\`.* TO ?@'%'`, [user]);
      await withCli(async (cli) => {
        const up = await cli(["up", "--url", asUser(db.url, user, PASSWORD)]);
        assert.equal(up.code, 0, up.stderr);
        assertNoPassword(up);
        const [rows] = await admin.query(
          "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ? AND table_name = 'redact_ok'",
          [new URL(db.url).pathname.slice(1)],
        );
        assert.equal((rows as unknown[]).length, 1, "the table exists");
        const wrong = await cli(["up", "--json", "--url", asUser(db.url, user, WRONG)]);
        assert.equal(wrong.code, 1);
        assert.match(wrong.stderr, /Access denied for user/);
        assert.match(wrong.stderr, /percent-encoded/);
        assertNoPassword(wrong);
      });
    } finally {
      await db.drop();
      await admin.query("DROP USER IF EXISTS ?@'%'", [user]).catch(() => {});
      await admin.end();
    }
  });
});
