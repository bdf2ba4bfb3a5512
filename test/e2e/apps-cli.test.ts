/**
 * Apps (SPEC §12) with the built CLI, as a user runs it, on SQLite and on PostgreSQL: a plain
 * `up` across three apps in dependency order, `down <app> --to zero` refused while another
 * app depends on it, `down <version>` vs `down <app>` vs anything else, and status/history
 * per app; each checked in the tracking table and the database's tables.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  appTables,
  THREE_APPS,
  THREE_APPS_ORDER,
  THREE_APPS_TABLES,
  threeAppFiles,
} from "../helpers/apps.js";
import { runCli } from "../helpers/cli.js";
import { type Engine, engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { writeTree } from "../helpers/folders.js";
import { dialectQuery } from "../helpers/sql.js";

/** `app:version:status` of every tracking row, in app and version order. */
async function rows(url: string): Promise<string[]> {
  const found = await dialectQuery(
    url,
    "SELECT app, version, status FROM tidemark_migrations ORDER BY app, version",
  );
  return found.map((r) => `${String(r.app)}:${String(r.version)}:${String(r.status)}`);
}

for (const engine of ["sqlite", "postgres"] as const satisfies readonly Engine[]) {
  describe(`tidemark apps CLI on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("up, down, status and history per app", { skip }, async () => {
      await withDbAndFolder(engine, async (db, _dir, cwd) => {
        writeTree(cwd, threeAppFiles());
        const apps = Object.fromEntries(
          Object.keys(THREE_APPS).map((app) => [app, { dir: `${app}/migrations` }]),
        );
        writeFileSync(
          join(cwd, "tidemark.config.json"),
          JSON.stringify({ url: db.url, apps }, null, 2),
        );
        const cli = (...args: string[]) => runCli(args, { cwd });

        const up = await cli("up");
        assert.equal(up.code, 0, up.stderr);
        const shown = up.stdout.match(/✓ \S+/g)?.map((s) => s.slice(2));
        assert.deepEqual(shown, THREE_APPS_ORDER);
        assert.equal((await rows(db.url)).filter((r) => r.endsWith(":applied")).length, 7);
        assert.deepEqual(await appTables(db.url), THREE_APPS_TABLES);

        const refused = await cli("down", "accounts", "--to", "zero");
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /billing:0001 depends on accounts:0001/);
        assert.doesNotMatch(refused.stderr, /\n.*\n.*\n/, "one error line and its hint");
        assert.deepEqual(await appTables(db.url), THREE_APPS_TABLES, "nothing rolled back");

        const other = await cli("down", "nosuch");
        assert.equal(other.code, 1);
        assert.match(
          other.stderr,
          /"nosuch" is neither a version \(it starts with a digit\) nor an app \(apps: accounts, billing, bookings\)/,
        );
        const bare = await cli("down", "0002");
        assert.equal(bare.code, 1);
        assert.match(
          bare.stderr,
          /down works on one app: name it \(apps: accounts, billing, bookings\)/,
        );

        // `down <app>`: that app's newest; `down <app>:<version>`: that one and those after it.
        const one = await cli("down", "bookings");
        assert.equal(one.code, 0, one.stderr);
        assert.match(one.stdout, /↩ bookings:0002/);
        const named = await cli("down", "bookings:0001");
        assert.equal(named.code, 0, named.stderr);
        assert.match(named.stdout, /↩ bookings:0001/);
        // accounts:0003 depends on billing:0001: it goes first, then billing, then accounts.
        for (const [app, to] of [
          ["accounts", "0002"],
          ["billing", "zero"],
          ["accounts", "zero"],
        ] as const) {
          const r = await cli("down", app, "--to", to);
          assert.equal(r.code, 0, r.stderr);
        }
        assert.deepEqual(await appTables(db.url), []);
        assert.deepEqual(
          (await rows(db.url)).filter((r) => !r.endsWith(":rolled_back")),
          [],
        );

        const billing = await cli("up", "billing");
        assert.equal(billing.code, 1);
        assert.match(billing.stderr, /billing:0001 depends on accounts:0001, which is not applied/);
        const accounts = await cli("up", "accounts", "--to", "0002");
        assert.equal(accounts.code, 0, accounts.stderr);
        assert.deepEqual(await appTables(db.url), ["emails", "users"]);

        const status = await cli("status", "--json");
        assert.equal(status.code, 0, status.stderr);
        const report = JSON.parse(status.stdout) as {
          apps: { app: string; current: string | null; pending: unknown[] }[];
        };
        assert.deepEqual(
          report.apps.map((a) => `${a.app}:${a.current}:${a.pending.length}`),
          ["accounts:0002:1", "billing:null:2", "bookings:null:2"],
        );
        const history = await cli("history", "accounts", "--json");
        const entries = (JSON.parse(history.stdout) as { history: { app: string }[] }).history;
        assert.ok(entries.length > 0 && entries.every((e) => e.app === "accounts"));
        // The tracking tables' own layout row names no migration: no dangling "accounts:".
        const table = await cli("history");
        assert.match(table.stdout, /accounts:0001/);
        assert.doesNotMatch(table.stdout, /[a-z]+:\s/);
        const check = await cli("check");
        assert.equal(check.code, 2);
        assert.match(
          check.stdout,
          /5 pending migrations: accounts:0003, billing:0001, billing:0002, bookings:0001, bookings:0002/,
        );
        const created = await cli("new", "--app", "billing", "refunds", "--seq");
        assert.equal(created.code, 0, created.stderr);
        assert.match(created.stdout, /Created billing\/migrations\/0003_refunds\.sql/);
        const validate = await cli("validate");
        assert.equal(validate.code, 1);
        assert.match(
          validate.stderr,
          /This command does not work with apps yet \(apps: accounts, billing, bookings\)/,
        );
        const unknown = await cli("status", "nosuch");
        assert.equal(unknown.code, 1);
        assert.match(unknown.stderr, /Unknown app "nosuch" \(apps: accounts, billing, bookings\)/);
      });
    });
  });
}
