/**
 * Backups and the outside tools: a pg_dump older than the server is refused naming both
 * versions; a backup before a run whose pg_dump fails applies nothing; the password reaches
 * pg_dump and pg_restore (PGPASSWORD), mariadb-dump and mariadb (MYSQL_PWD) through their
 * environment, never their command line, and no output shows it.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { TidemarkError } from "../../src/index.js";
import { withBackupSetup } from "../helpers/backup-setup.js";
import { runCli } from "../helpers/cli.js";
import { engineSkip, MYSQL_URL, PG_URL } from "../helpers/databases.js";
import { fakeTool, spied, spyTool, withPath } from "../helpers/fake-tools.js";
import { folderMaker } from "../helpers/folders.js";
import { mysqlQuery, pgQuery } from "../helpers/sql.js";

const folder = folderMaker("tidemark-fake-tools-");

describe("PostgreSQL backups and their tools", async () => {
  const skip = await engineSkip("postgres");

  test("a pg_dump older than the server is refused with one line naming both versions", {
    skip,
  }, async () => {
    const bin = folder();
    fakeTool(bin, "pg_dump", { versionLine: "pg_dump (PostgreSQL) 9.6.24" });
    await withBackupSetup("postgres", async (s) => {
      const m = await s.migrator();
      await withPath(bin, async () => {
        await assert.rejects(m.backup(), (err: unknown) => {
          assert.ok(err instanceof TidemarkError && err.code === "E_BACKUP", String(err));
          assert.match(
            err.message,
            /^pg_dump 9\.6\.24 is older than the server \(PostgreSQL 1\d\.\d+\)/,
          );
          assert.doesNotMatch(err.message, /\n/);
          return true;
        });
      });
      assert.deepEqual(existsSync(s.backups) ? readdirSync(s.backups) : [], []);
    });
  });

  test("backupBefore with a pg_dump that fails applies nothing and leaves no file", {
    skip,
  }, async () => {
    const bin = folder();
    fakeTool(bin, "pg_dump", { failure: "pg_dump: error: simulated failure" });
    await withBackupSetup("postgres", async (s) => {
      const m = await s.migrator({ backupBefore: true });
      await withPath(bin, async () => {
        await assert.rejects(m.up(), /pg_dump failed: pg_dump: error: simulated failure/);
      });
      const tables = await pgQuery(
        s.db.url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
      );
      assert.deepEqual(tables, [], "no migration and no tracking table");
      assert.deepEqual(existsSync(s.backups) ? readdirSync(s.backups) : [], []);
    });
  });

  test("a password with @/?# reaches pg_dump and pg_restore by PGPASSWORD only, and no output shows it", {
    skip,
  }, async () => {
    const bin = folder();
    spyTool(bin, "pg_dump", "PGPASSWORD");
    spyTool(bin, "pg_restore", "PGPASSWORD");
    const password = `p@ss/w?rd#${randomBytes(3).toString("hex")}`;
    const role = `tm_backup_${randomBytes(4).toString("hex")}`;
    await pgQuery(PG_URL, `CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'`);
    try {
      await withBackupSetup("postgres", async (s) => {
        const db = new URL(s.db.url).pathname.slice(1);
        await pgQuery(PG_URL, `ALTER DATABASE "${db}" OWNER TO ${role}`);
        const url = `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:5432/${db}`;
        const runs = await backupAndRestore(bin, s.cwd, url, password, (file) => `${file}.json`);
        const dump = runs.find((r) => r.cmdline.includes("--format=custom"));
        const load = runs.find((r) => r.cmdline.includes("--clean"));
        assert.equal(dump?.password, password, "pg_dump got the password, decoded, in PGPASSWORD");
        assert.equal(load?.password, password, "pg_restore too");
        const [owner] = await pgQuery(
          PG_URL,
          `SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = '${db}'`,
        );
        assert.equal(owner?.owner, role, "recreated by the role");
        assert.equal(
          (
            await pgQuery(
              PG_URL.replace(/\/[^/]*$/, `/${db}`),
              "SELECT count(*)::int AS n FROM users",
            )
          )[0]?.n,
          2,
        );
      });
    } finally {
      await pgQuery(PG_URL, `DROP ROLE IF EXISTS ${role}`).catch(() => {});
    }
  });
});

describe("MariaDB backups and their tools", async () => {
  const skip = await engineSkip("mysql");

  test("a password with @/?# reaches mariadb-dump and mariadb by MYSQL_PWD only (the server checks it)", {
    skip,
  }, async () => {
    const bin = folder();
    spyTool(bin, "mariadb-dump", "MYSQL_PWD");
    spyTool(bin, "mariadb", "MYSQL_PWD");
    const password = `p@ss/w?rd#${randomBytes(3).toString("hex")}`;
    const user = `tm_backup_${randomBytes(4).toString("hex")}`;
    await withBackupSetup("mysql", async (s) => {
      const db = new URL(s.db.url).pathname.slice(1);
      await mysqlQuery(MYSQL_URL, `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
      try {
        await mysqlQuery(MYSQL_URL, `GRANT ALL ON \`${db}\`.* TO '${user}'@'%'`);
        const url = `mysql://${user}:${encodeURIComponent(password)}@127.0.0.1:3306/${db}`;
        const runs = await backupAndRestore(bin, s.cwd, url, password, (file) => file);
        const dump = runs.find((r) => r.cmdline.includes("--single-transaction"));
        const script = (r: { cmdline: string }) => r.cmdline.split("\n")[1] ?? "";
        const load = runs.find(
          (r) => script(r).endsWith("/mariadb") && !r.cmdline.includes("--version"),
        );
        assert.equal(dump?.password, password, "mariadb-dump got the password in MYSQL_PWD");
        assert.equal(load?.password, password, "mariadb too");
      } finally {
        await mysqlQuery(MYSQL_URL, `DROP USER IF EXISTS '${user}'@'%'`).catch(() => {});
      }
    });
  });
});

/**
 * `up`, `backup --json` and `restore --yes` through the CLI with the tools in `bin` (spies)
 * first on the PATH; then neither form of the password is in any tool's command line, in what
 * the commands printed, or in `shownFile(backup)` (the manifest, or the dump itself). Returns
 * the tools' runs.
 */
async function backupAndRestore(
  bin: string,
  cwd: string,
  url: string,
  password: string,
  shownFile: (backup: string) => string,
): Promise<ReturnType<typeof spied>> {
  const env = { PATH: `${bin}:${process.env.PATH}` };
  const cli = (args: string[]) => runCli([...args, "--url", url], { cwd, env });
  const up = await cli(["up"]);
  assert.equal(up.code, 0, up.stderr);
  const backup = await cli(["backup", "--json"]);
  assert.equal(backup.code, 0, backup.stderr);
  const file = JSON.parse(backup.stdout).file as string;
  const restore = await cli(["restore", file, "--yes"]);
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, /the database is at version 002/);
  const runs = spied(bin);
  const outputs = [backup.stdout, backup.stderr, restore.stdout, restore.stderr];
  const texts = [...runs.map((r) => r.cmdline), ...outputs, readFileSync(shownFile(file), "utf8")];
  for (const text of texts)
    for (const secret of [encodeURIComponent(password), password])
      assert.ok(!text.includes(secret), `no password in: ${text}`);
  return runs;
}
