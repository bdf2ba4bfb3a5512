/**
 * Issue 8, start-up of the built CLI: a no-op `up` loads no module it does not use
 * (commander's child_process, the prompt's readline, the backups' fs/promises, pg's dns,
 * perf_hooks), and `status --quiet` prints nothing.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { CLI, runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, tempDir } from "../helpers/databases.js";

const folder = tempDir();
const pgSkip = await engineSkip("postgres");
after(() => folder.remove());

const migration = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

describe("CLI start-up", () => {
  writeFiles(join(folder.path, "migrations"), {
    "001_a.sql": migration("a"),
    "002_b.sql": migration("b"),
  });
  const url = `sqlite:${join(folder.path, "app.db")}`;

  /** The built-in modules a no-op `up` on `target` loaded, run after run (the 2nd from its cache). */
  async function modulesOfNoopUp(target: string): Promise<string[][]> {
    const applied = await runCli(["up", "--url", target, "--quiet"], { cwd: folder.path });
    assert.equal(applied.code, 0, applied.stderr);
    // A hook records which built-in modules the process loaded, at exit.
    const hook = join(folder.path, "modules-hook.cjs");
    const out = join(folder.path, "modules.txt");
    writeFileSync(
      hook,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join("\\n")));`,
    );
    const runs: string[][] = [];
    for (let run = 0; run < 2; run++) {
      const r = spawnSync(process.execPath, ["--require", hook, CLI, "up", "--url", target], {
        cwd: folder.path,
        encoding: "utf8",
      });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /Nothing to apply|up to date/i);
      const loaded = readFileSync(out, "utf8").split("\n");
      assert.ok(loaded.includes("NativeModule fs"), "the hook saw the modules");
      runs.push(loaded);
    }
    return runs;
  }

  // Nor what only other commands use (fs/promises: backups, and the ES-module loader's way to
  // a CommonJS driver; dns: pg's libpq strings), or the `performance` global's perf_hooks.
  const UNUSED = [
    "child_process",
    "readline/promises",
    "readline",
    "fs/promises",
    "dns",
    "perf_hooks",
  ];

  test("a no-op up on SQLite loads no module it does not use", async () => {
    for (const loaded of await modulesOfNoopUp(url)) {
      for (const unused of UNUSED) {
        assert.ok(!loaded.includes(`NativeModule ${unused}`), `${unused} was loaded`);
      }
    }
  });

  test("a no-op up on PostgreSQL loads no module it does not use", { skip: pgSkip }, async () => {
    const db = await freshDatabase("postgres");
    try {
      for (const loaded of await modulesOfNoopUp(db.url)) {
        for (const unused of UNUSED) {
          assert.ok(!loaded.includes(`NativeModule ${unused}`), `${unused} was loaded`);
        }
      }
    } finally {
      await db.drop();
    }
  });

  test("each command starts from a code cache of its own", async () => {
    // A cache holds the functions the run that wrote it compiled: `status`'s lacks `up`'s.
    const caches = () => readdirSync(dirname(CLI)).filter((f) => f.startsWith("tidemark.cjs."));
    for (const command of ["up", "status"]) {
      const run = await runCli([command, "--url", url, "--quiet"], { cwd: folder.path });
      assert.equal(run.code, 0, run.stderr);
      assert.ok(
        caches().some((f) => f.endsWith(`.${command}.cache`)),
        `a ${command} cache beside the bundle: ${caches().join(", ")}`,
      );
    }
    // A typo is no command: it leaves no file of its own beside the bundle.
    const typo = await runCli(["statsu", "--url", url], { cwd: folder.path });
    assert.notEqual(typo.code, 0);
    assert.deepEqual(
      caches().filter((f) => f.includes(".statsu.")),
      [],
    );
  });

  test("status --quiet prints nothing and exits 0; without it, the table", async () => {
    const quiet = await runCli(["status", "--url", url, "--quiet"], { cwd: folder.path });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, "");
    assert.equal(quiet.stderr, "");
    const loud = await runCli(["status", "--url", url], { cwd: folder.path });
    assert.equal(loud.code, 0, loud.stderr);
    assert.match(loud.stdout, /Current\s+002/);
    assert.match(loud.stdout, /applied\s+001\s+a/);
  });
});
