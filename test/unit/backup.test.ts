/**
 * The pure and file-only parts of backups: retention's choice, manifests and their checks,
 * libpq's variables from a URL, file-safe names and the `backups` config keys.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { resolveConfig } from "../../src/config/resolve-config.js";
import { fileSafe } from "../../src/ops/backup/backup-tool.js";
import {
  type BackupEntry,
  type BackupManifest,
  fileDigest,
  listBackups,
  verifyBackup,
  writeManifest,
} from "../../src/ops/backup/manifest.js";
import { pgEnvironment } from "../../src/ops/backup/pg-backup.js";
import { toPrune } from "../../src/ops/backup/retention.js";
import { folderMaker } from "../helpers/folders.js";

const folder = folderMaker("tidemark-backup-unit-");

function manifest(over: Partial<BackupManifest> = {}): BackupManifest {
  return {
    format: 1,
    engine: "postgres",
    database: "app",
    environment: "production",
    version: "003",
    tool: "pg_dump",
    toolVersion: "15.4",
    file: "x.dump",
    size: 3,
    sha256: "0".repeat(64),
    createdAt: "2025-01-01T00:00:00.000Z",
    tidemarkVersion: "0.1.0",
    ...over,
  };
}

function entry(path: string, over: Partial<BackupManifest> = {}): BackupEntry {
  return { path, manifest: manifest(over) };
}

describe("retention", () => {
  test("keeps the newest N of the same engine, database and environment", () => {
    const entries = [
      entry("new"),
      entry("uat", { environment: "uat" }),
      entry("other-db", { database: "billing" }),
      entry("mid"),
      entry("old"),
      entry("older"),
    ];
    const owner = { engine: "postgres", database: "app", environment: "production" } as const;
    assert.deepEqual(
      toPrune(entries, owner, 2).map((e) => e.path),
      ["old", "older"],
    );
    assert.deepEqual(toPrune(entries, owner, 10), []);
    assert.deepEqual(
      toPrune(entries, { ...owner, engine: "pglite" }, 1),
      [],
      "another engine's backups are not this database's",
    );
  });
});

describe("manifests", () => {
  test("a file is listed only with its manifest, newest first; verify checks the SHA-256", async () => {
    const dir = folder({ "a.dump": "aaa", "b.dump": "bbb", "stray.dump": "no manifest" });
    for (const [name, at] of [
      ["a.dump", "2025-01-01T00:00:00.000Z"],
      ["b.dump", "2025-02-01T00:00:00.000Z"],
    ] as const) {
      const file = join(dir, name);
      await writeManifest(
        file,
        manifest({ file: name, createdAt: at, ...(await fileDigest(file)) }),
      );
    }
    assert.deepEqual(
      (await listBackups(dir)).map((e) => e.manifest.file),
      ["b.dump", "a.dump"],
    );
    assert.equal((await verifyBackup(join(dir, "a.dump"), false))?.file, "a.dump");
    writeFileSync(join(dir, "a.dump"), "aab");
    await assert.rejects(verifyBackup(join(dir, "a.dump"), false), /does not match its manifest/);
    assert.equal((await verifyBackup(join(dir, "a.dump"), true))?.file, "a.dump", "--force");
    await assert.rejects(verifyBackup(join(dir, "stray.dump"), false), /has no manifest/);
    assert.equal(await verifyBackup(join(dir, "stray.dump"), true), null);
    await assert.rejects(verifyBackup(join(dir, "gone.dump"), true), /No such backup file/);
    assert.deepEqual(await listBackups(join(dir, "missing")), []);
  });
});

describe("pg_dump's connection", () => {
  test("libpq variables from the URL: password decoded, sslmode kept, schema left out", () => {
    const env = pgEnvironment(
      "postgres://deploy:p%40ss%2Fw%3Frd%23@db.example.com:6543/app?sslmode=require&schema=tenant",
    );
    assert.deepEqual(env, {
      PGHOST: "db.example.com",
      PGPORT: "6543",
      PGAPPNAME: "tidemark backup",
      PGUSER: "deploy",
      PGPASSWORD: "p@ss/w?rd#",
      PGDATABASE: "app",
      PGSSLMODE: "require",
    });
    assert.equal(pgEnvironment("postgres://u@h/db").PGPASSWORD, undefined, "none in the URL");
  });

  test("file-safe names", () => {
    assert.equal(fileSafe("app/db:1"), "app_db_1");
    assert.equal(fileSafe("..x"), "_x");
    assert.equal(fileSafe("20250101.1"), "20250101.1");
  });
});

describe("config backups", () => {
  test("backups.dir is relative to the config file; keep defaults to 10; unknown keys are refused", async () => {
    const cwd = folder();
    const write = (value: unknown) =>
      writeFileSync(join(cwd, "tidemark.config.json"), JSON.stringify(value));
    write({ backups: { dir: "dumps", keep: 3 } });
    const config = await resolveConfig({}, {}, cwd);
    assert.deepEqual(config.backups, { dir: join(cwd, "dumps"), keep: 3 });
    write({});
    assert.deepEqual((await resolveConfig({}, {}, cwd)).backups, {
      dir: join(cwd, "backups"),
      keep: 10,
    });
    write({ backups: { folder: "x" } });
    await assert.rejects(resolveConfig({}, {}, cwd), /unknown key "backups.folder"/);
    write({ backups: { keep: 0 } });
    await assert.rejects(
      resolveConfig({}, {}, cwd),
      /"backups.keep" must be a whole number of at least 1/,
    );
    write({ backups: "x" });
    await assert.rejects(resolveConfig({}, {}, cwd), /"backups" must be an object/);
  });
});
