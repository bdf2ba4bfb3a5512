/**
 * Backups on every engine (SPEC §5, §6): backup → change data and schema → restore gives the
 * engine's own dump back exactly, tracking tables included, so `status` tells the truth; a
 * backup before a run is taken under the lock and logged; a failed one applies nothing;
 * restore refuses a file whose checksum or engine does not match.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, test } from "node:test";
import { type RestoreSummary, TidemarkError } from "../../src/index.js";
import { withBackupSetup } from "../helpers/backup-setup.js";
import { writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip } from "../helpers/databases.js";

/** Schema and data changed after a backup, in one migration (one session: PGlite opens slowly). */
const CHANGE =
  "CREATE TABLE extra (id INTEGER PRIMARY KEY);\nINSERT INTO extra (id) VALUES (1);\nUPDATE users SET name = 'zed';\nDELETE FROM orders;\n";

async function rejectsBackup(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof TidemarkError, String(err));
    assert.equal(err.code, "E_BACKUP", err.message);
    assert.match(err.message, message);
    return true;
  });
}

for (const engine of ALL_ENGINES) {
  describe(`backup and restore on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("restore gives the engine's own dump back exactly; status tells the truth", {
      skip,
    }, async () => {
      await withBackupSetup(engine, async (s) => {
        await (await s.migrator()).up();
        const before = await s.dump();
        const backup = await (await s.migrator()).backup();
        assert.equal(backup.manifest.version, "002");
        assert.equal(backup.manifest.engine, engine);
        assert.match(basename(backup.file), /^.+-default-\d{8}T\d{9}Z-002\./);
        assert.ok(existsSync(`${backup.file}.json`), "a manifest beside it");
        writeFiles(s.dir, { "003_extra.sql": CHANGE });
        await (await s.migrator()).up();
        assert.notEqual(await s.dump(), before, "the change shows in the dump");

        const seen: RestoreSummary[] = [];
        const m = await s.migrator();
        const report = await m.restore(backup.file, {
          confirm: (summary) => {
            seen.push(summary);
            return true;
          },
        });
        assert.equal(report.version, "002");
        assert.equal(seen.length, 1, "asked once");
        assert.equal(seen[0]!.manifest?.sha256, backup.manifest.sha256);
        const status = await m.status();
        assert.equal(status.current, "002");
        assert.deepEqual(
          status.pending.map((p) => p.version),
          ["003"],
        );
        assert.equal(await s.dump(), before);
      });
    });

    test("up --backup takes one under the lock before step 1, logs it, and nothing when there is nothing to apply", {
      skip,
    }, async () => {
      await withBackupSetup(engine, async (s) => {
        const m = await s.migrator();
        const report = await m.up({ backup: true });
        assert.ok(report.backup, "the report names the backup");
        const manifest = JSON.parse(readFileSync(`${report.backup.file}.json`, "utf8"));
        assert.equal(manifest.version, null, "taken before the first migration");
        assert.match(basename(report.backup.file), /-empty\.[a-z.]+$/);
        const log = await m.history();
        const entry = log.find((e) => e.action === "backup");
        assert.ok(entry, "a backup row in the log");
        assert.equal(entry.name, report.backup.file);
        assert.ok(log.indexOf(entry) < log.findIndex((e) => e.action === "up"), "before step 1");
        const again = await m.up({ backup: true });
        assert.equal(again.backup, undefined, "nothing to apply: no backup");
        assert.equal((await m.backups()).length, 1);
      });
    });

    test("restore refuses a changed file, a missing manifest and another engine's backup; nothing changes", {
      skip,
    }, async () => {
      await withBackupSetup(engine, async (s) => {
        const m = await s.migrator();
        await m.up({ to: "001" });
        const { file } = await m.backup();
        await m.up();
        const yes = { confirm: () => true };
        const original = readFileSync(file);
        const damaged = Buffer.from(original);
        damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
        writeFileSync(file, damaged);
        await rejectsBackup(m.restore(file, yes), /does not match its manifest/);
        writeFileSync(file, original);
        const manifest = readFileSync(`${file}.json`, "utf8");
        writeFileSync(
          `${file}.json`,
          manifest.replace(`"engine": "${engine}"`, '"engine": "other"'),
        );
        await rejectsBackup(m.restore(file, yes), /is a other backup/);
        writeFileSync(`${file}.json`, "not json");
        await rejectsBackup(m.restore(file, yes), /has no manifest/);
        assert.equal((await m.status()).current, "002", "nothing restored");
        const forced = await m.restore(file, { ...yes, force: true });
        assert.equal(forced.version, "001");
      });
    });
  });
}

describe("backups on SQLite", () => {
  test("backupBefore with a backup that cannot be written applies nothing", async () => {
    await withBackupSetup("sqlite", async (s) => {
      writeFileSync(`${s.cwd}/not-a-folder`, "");
      const m = await s.migrator({
        backupBefore: true,
        backups: { dir: `${s.cwd}/not-a-folder/x` },
      });
      await rejectsBackup(m.up(), /Cannot create the backups folder/);
      const tables = await s.query(
        "SELECT name FROM sqlite_master WHERE name IN ('users', 'orders')",
      );
      assert.deepEqual(tables, [], "no migration ran");
    });
  });

  test("retention keeps the newest N of this database and environment; other files stay", async () => {
    await withBackupSetup("sqlite", async (s) => {
      await (await s.migrator()).up();
      const other = await (await s.migrator({ environmentName: "uat" })).backup();
      writeFiles(s.backups, { "notes.db": "mine", "notes.db.json": "{}" });
      const files: string[] = [];
      for (let i = 0; i < 4; i++) {
        const m = await s.migrator({ backups: { dir: s.backups, keep: 2 } });
        files.push((await m.backup()).file);
      }
      const left = (await (await s.migrator()).backups()).map((e) => e.path);
      assert.deepEqual(left.sort(), [other.file, files[2]!, files[3]!].sort());
      assert.ok(!existsSync(`${files[0]}.json`), "the manifest goes with its file");
      assert.ok(existsSync(`${s.backups}/notes.db`), "a file without a tidemark manifest stays");
    });
  });
});
