/**
 * `backup`, `backups`, `restore` and `backupBefore` through the built CLI, on every engine:
 * an environment with backupBefore backs up before `up` applies, `restore` restores with --yes
 * and says the version it brought back, and `status` agrees. What does not depend on the engine
 * (restore asks and refuses without a terminal, a changed file is refused, the listing) runs
 * on SQLite only: each CLI start costs seconds on PGlite.
 */
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, test } from "node:test";
import { BACKUP_MIGRATIONS } from "../helpers/backup-setup.js";
import { runCli, writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip, withDbAndFolder } from "../helpers/databases.js";

for (const engine of ALL_ENGINES) {
  describe(`backup CLI on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("backupBefore, backup, backups, restore (asks), status after", { skip }, async () => {
      await withDbAndFolder(engine, async (db, dir, cwd) => {
        writeFiles(dir, BACKUP_MIGRATIONS);
        const config = {
          backups: { dir: "bk", keep: 5 },
          environments: { prod: { url: db.url, backupBefore: true } },
        };
        writeFiles(cwd, { "tidemark.config.json": JSON.stringify(config) });
        // PGlite's first start (initdb) and its data-directory dump take long on a busy machine.
        const cli = (...args: string[]) =>
          runCli([...args, "--env", "prod"], { cwd, timeoutMs: 240_000 });

        const first = await cli("up", "--to", "001");
        assert.equal(first.code, 0, first.stderr);
        assert.match(first.stdout, /Backed up to .*bk\/.*-prod-\d{8}T\d{9}Z-empty\./);
        assert.ok(
          first.stdout.indexOf("Backed up") < first.stdout.indexOf("001"),
          "before the first step",
        );

        const backup = await cli("backup", "--json");
        assert.equal(backup.code, 0, backup.stderr);
        const file = JSON.parse(backup.stdout).file as string;
        assert.match(basename(file), /-prod-\d{8}T\d{9}Z-001\./);
        assert.equal((await cli("up")).code, 0);

        if (engine === "sqlite") {
          const refused = await cli("restore", file);
          assert.equal(refused.code, 1);
          assert.match(refused.stderr, /confirmation needed, and there is no terminal/i);
          assert.equal(JSON.parse((await cli("status", "--json")).stdout).current, "002");
        }

        const restored = await cli("restore", file, "--yes");
        assert.equal(restored.code, 0, restored.stderr);
        assert.match(restored.stdout, /the database is at version 001\./);
        assert.equal(JSON.parse((await cli("status", "--json")).stdout).current, "001");

        if (engine !== "sqlite") return;
        const list = JSON.parse((await cli("backups", "--json")).stdout).backups;
        assert.equal(list.length, 3, "two before runs, one by hand");
        assert.equal(list[1].path, join(cwd, "bk", basename(file)), "newest first");

        appendFileSync(file, "x");
        const damaged = await cli("restore", file, "--yes");
        assert.equal(damaged.code, 1);
        assert.match(damaged.stderr, /does not match its manifest/);
      });
    });
  });
}
