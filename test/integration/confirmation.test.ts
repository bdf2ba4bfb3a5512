/**
 * The library's confirmation (SPEC §6, §10) on SQLite and PostgreSQL: a protected environment
 * refuses a change without `confirm` (E_CONFIRM) and with a "no" (E_ABORTED), leaving the
 * database as it was; `confirm` is shown the plan, the redacted URL and the name to type; dry
 * runs never ask; repair asks on any environment when there is someone to ask.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type ConfirmSummary, createMigrator, type MigratorOptions } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { type Engine, engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { dialectQuery } from "../helpers/sql.js";

const migration = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;
const TWO = { "001_one.sql": migration("one"), "002_two.sql": migration("two") };
const production = { name: "production", protected: true };

async function appliedIn(url: string): Promise<string[]> {
  const rows = await dialectQuery(
    url,
    "SELECT version FROM tidemark_migrations WHERE status = 'applied' ORDER BY version",
  ).catch(() => []);
  return rows.map((r) => String(r.version));
}

for (const engine of ["sqlite", "postgres"] as Engine[]) {
  describe(`confirmation on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    const withDb = (fn: (url: string, dir: string) => Promise<void>) =>
      withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, TWO);
        await fn(db.url, dir);
      });
    const open = async (url: string, dir: string, extra: Partial<MigratorOptions>) =>
      createMigrator({ url, dir, environment: production, ...extra });

    test(
      "without confirm: E_CONFIRM, nothing applied; a dry run and a read still work",
      { skip },
      () =>
        withDb(async (url, dir) => {
          const m = await open(url, dir, {});
          try {
            await assert.rejects(m.up(), {
              code: "E_CONFIRM",
              message: /protected environment "production"/,
            });
            assert.equal((await m.up({ dryRun: true })).steps.length, 2);
            assert.equal((await m.status()).pending.length, 2);
          } finally {
            await m.close();
          }
          assert.deepEqual(await appliedIn(url), []);
        }),
    );

    test("confirm is shown the plan; no cancels, yes applies exactly that", { skip }, () =>
      withDb(async (url, dir) => {
        const seen: ConfirmSummary[] = [];
        let answer = false;
        const confirm = async (s: ConfirmSummary) => {
          seen.push(s);
          return answer;
        };
        const m = await open(url, dir, { confirm });
        try {
          await assert.rejects(m.up(), { code: "E_ABORTED" });
          assert.deepEqual(await appliedIn(url), []);
          const summary = seen[0]!;
          assert.equal(summary.action, "up");
          assert.equal(summary.title, "Apply 2 migrations");
          assert.equal(summary.typeToConfirm, "production");
          assert.equal(summary.protected, true);
          assert.doesNotMatch(summary.url, /:[^/@]+@/, "no password");
          assert.deepEqual(
            summary.steps.map((s) => `${s.direction} ${s.version} ${s.name}`),
            ["up 001 one", "up 002 two"],
          );
          answer = true;
          await m.up({ dryRun: true });
          assert.equal(seen.length, 1, "a dry run asks nothing");
          assert.equal((await m.up()).steps.length, 2);
          assert.deepEqual(await appliedIn(url), ["001", "002"]);
          await m.redo();
          assert.equal(seen.at(-1)!.action, "redo");
          assert.deepEqual(
            seen.at(-1)!.steps.map((s) => `${s.direction} ${s.version}`),
            ["down 002", "up 002"],
            "one confirmation for both halves",
          );
          assert.equal(seen.length, 3);
        } finally {
          await m.close();
        }
        assert.deepEqual(await appliedIn(url), ["001", "002"]);
      }),
    );

    test("a plan that changes after the confirmation is refused", { skip }, () =>
      withDb(async (url, dir) => {
        const other = await createMigrator({ url, dir });
        const m = await open(url, dir, {
          // Another deployer applies 001 while this one is asking.
          confirm: async () => {
            await other.up({ step: 1 });
            return true;
          },
        });
        try {
          await assert.rejects(m.up(), { code: "E_CONFIRM", message: /plan changed/ });
        } finally {
          await other.close();
          await m.close();
        }
        assert.deepEqual(await appliedIn(url), ["001"], "only what the other one applied");
      }),
    );

    test("repair asks on an unprotected environment too, with each row", { skip }, () =>
      withDb(async (url, dir) => {
        const plain = await createMigrator({ url, dir });
        await plain.up();
        await plain.close();
        writeFileSync(join(dir, "001_one.sql"), `${migration("one")}-- edited\n`);
        const seen: ConfirmSummary[] = [];
        const confirm = async (s: ConfirmSummary) => {
          seen.push(s);
          return false;
        };
        const m = await createMigrator({ url, dir, confirm });
        try {
          await assert.rejects(m.repair(), { code: "E_ABORTED" });
          assert.equal(seen[0]!.typeToConfirm, null, "y/N: not protected");
          assert.deepEqual(
            seen[0]!.steps.map((s) => s.version),
            ["001"],
          );
          assert.equal((await m.status()).problems.length > 0, true, "not repaired");
        } finally {
          await m.close();
        }
      }),
    );
  });
}
