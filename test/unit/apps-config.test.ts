/**
 * Apps (SPEC §12) without a database: the config's `apps` checked in one line, each folder
 * resolved against the config file, and what `down`'s argument names (a version, an app, or
 * anything else refused listing the apps).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { appArgument, downArgument } from "../../src/cli/apps.js";
import { resolveConfig } from "../../src/config/resolve-config.js";
import { TidemarkError } from "../../src/core/errors.js";
import { createMigrator } from "../../src/index.js";
import { tempDir } from "../helpers/databases.js";

let dir: { path: string; remove(): void };

beforeEach(() => {
  dir = tempDir("tidemark-apps-config-");
});
afterEach(() => dir.remove());

function withConfig(apps: unknown) {
  writeFileSync(join(dir.path, "tidemark.config.json"), JSON.stringify({ apps }));
  return resolveConfig({}, {}, dir.path);
}

async function refused(apps: unknown, message: RegExp): Promise<void> {
  await assert.rejects(withConfig(apps), (err: unknown) => {
    assert.ok(err instanceof TidemarkError && err.code === "E_CONFIG", String(err));
    assert.match(err.message, message);
    assert.doesNotMatch(err.message, /\n/);
    return true;
  });
}

describe("config apps", () => {
  test("each app's folder is resolved against the config file's folder", async () => {
    const config = await withConfig({ accounts: { dir: "src/accounts/migrations" } });
    assert.deepEqual(config.apps, { accounts: { dir: join(dir.path, "src/accounts/migrations") } });
    assert.equal((await resolveConfig({}, {}, tempDir().path)).apps, null, "no apps: null");
  });

  test("unknown keys, a missing folder and bad names are refused in one line", async () => {
    await refused({ accounts: { dir: "a", folder: "b" } }, /unknown key "apps\.accounts\.folder"/);
    await refused({ accounts: {} }, /"apps\.accounts" names no "dir"/);
    await refused({ accounts: { dir: 3 } }, /"apps\.accounts\.dir" must be a string, not a number/);
    await refused({ accounts: "src/accounts" }, /"apps\.accounts" must be an object, not a string/);
    await refused({ "1st": { dir: "a" } }, /"apps\.1st": an app name is a letter/);
    await refused({ "bad name": { dir: "a" } }, /"apps\.bad name": an app name is a letter/);
    await refused({}, /"apps" names no app/);
    await refused(["accounts"], /"apps" must be an object, not an array/);
  });
});

describe("apps given to the library", () => {
  test("a bad app name is refused; no apps at all is the default set", async () => {
    await assert.rejects(
      createMigrator({ url: "sqlite::memory:", apps: { "1st": { dir: dir.path } } }),
      (err: unknown) =>
        err instanceof TidemarkError &&
        err.code === "E_CONFIG" &&
        err.message === 'apps: "1st" is not an app name',
    );
    const m = await createMigrator({ url: "sqlite::memory:", dir: dir.path, apps: {} });
    assert.deepEqual(m.appNames, []);
    assert.deepEqual(await m.list(), []);
    await m.close();
  });
});

describe("down's argument", () => {
  const apps = ["accounts", "billing"];

  test("a digit first is a version; an app's name is the app; app:version both", () => {
    assert.deepEqual(downArgument("0003", apps), { version: "0003" });
    assert.deepEqual(downArgument("20250101120000", []), { version: "20250101120000" });
    assert.deepEqual(downArgument("billing", apps), { app: "billing" });
    assert.deepEqual(downArgument("billing:0002", apps), { app: "billing", version: "0002" });
  });

  test("anything else is refused in one line listing the apps", () => {
    for (const arg of ["nosuch", "nosuch:0002", "billing:latest"]) {
      assert.throws(
        () => downArgument(arg, apps),
        (err: unknown) =>
          err instanceof TidemarkError &&
          err.code === "E_USAGE" &&
          err.message ===
            `"${arg}" is neither a version (it starts with a digit) nor an app (apps: accounts, billing)`,
      );
    }
    assert.throws(() => downArgument("accounts", []), /the config names no apps/);
    assert.throws(
      () => appArgument("nosuch", apps),
      /Unknown app "nosuch" \(apps: accounts, billing\)/,
    );
  });
});
