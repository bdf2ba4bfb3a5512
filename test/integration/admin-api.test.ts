/**
 * The HTTP API of the web admin on SQLite and PostgreSQL: every endpoint, the plan check,
 * one run at a time, failures, rollback and the event stream, with the outcome checked in
 * the database.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TOOL_VERSION } from "../../src/index.js";
import { json, openEvents, readEvents, startAdmin, TOKEN } from "../helpers/admin.js";
import { engineSkip } from "../helpers/databases.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;
const FILES = { "001_a.sql": table("a"), "002_b.sql": table("b"), "003_c.sql": table("c") };
/** A code migration that takes a while, so that a second request meets it running. */
const SLOW = `export async function up(ctx) {\n  await new Promise((r) => setTimeout(r, 1500));\n  await ctx.query("CREATE TABLE slow (id INT)");\n}\nexport async function down(ctx) {\n  await ctx.query("DROP TABLE slow");\n}\n`;
const BROKEN =
  "-- migrate:up\nCREATE TABLE d (id INT);\nCREATE TABLE d (id INT);\n-- migrate:down\nDROP TABLE d;\n";

const tablesQuery = {
  sqlite:
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a','b','c','d','slow') ORDER BY name",
  postgres:
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('a','b','c','d','slow') ORDER BY table_name",
} as const;

for (const engine of ["sqlite", "postgres"] as const) {
  describe(`admin API on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    const tables = async (query: (sql: string) => Promise<Record<string, unknown>[]>) =>
      (await query(tablesQuery[engine])).map((r) => String(r.name));

    test("status, history, health, dry run, run with the plan's hash, rollback", {
      skip,
    }, async () => {
      await withMigratorSetup(engine, FILES, async (s) => {
        const admin = await startAdmin(await s.migrator());
        try {
          const status = await json(await admin.api("/status"));
          assert.equal(status.current, null);
          assert.deepEqual(
            status.pending.map((p: { version: string }) => p.version),
            ["001", "002", "003"],
          );
          const health = await admin.api("/health", { auth: false });
          assert.equal(health.status, 503);
          assert.deepEqual(await json(health), {
            status: "pending",
            version: null,
            pending: 3,
            failed: 0,
          });

          assert.equal((await admin.post("/run")).status, 400, "a run without ?plan= is refused");
          const dry = await json(await admin.post("/run?dry_run=true"));
          assert.equal(dry.dryRun, true);
          assert.match(dry.planHash, /^[0-9a-f]{16}$/);
          assert.match(dry.steps[0].sql, /CREATE TABLE a/);

          const stale = await admin.post("/run?plan=0000000000000000");
          assert.equal(stale.status, 409);
          const staleBody = await json(stale);
          assert.equal(staleBody.error.code, "E_PLAN_CHANGED");
          assert.equal(staleBody.plan.planHash, dry.planHash, "the 409 carries the plan to review");
          assert.deepEqual(await tables(s.query), [], "a refused plan runs nothing");

          const ran = await admin.post(`/run?plan=${dry.planHash}`);
          assert.equal(ran.status, 200);
          const report = await json(ran);
          assert.deepEqual(
            report.steps.map((x: { status: string }) => x.status),
            ["applied", "applied", "applied"],
          );
          await new Promise((r) => setTimeout(r, 1100)); // health answers are cached for a second
          const ready = await admin.api("/health", { auth: false });
          assert.equal(ready.status, 200);
          assert.deepEqual(await json(ready), { status: "ready", version: "003" });
          const history = await json(await admin.api("/history?limit=2"));
          assert.deepEqual(
            history.history.map((h: { version: string }) => h.version),
            ["002", "003"],
          );
          const version = await fetch(`${admin.origin}/api/version`, {
            headers: { authorization: `Bearer ${TOKEN}` },
          });
          assert.deepEqual(await json(version), { tool: TOOL_VERSION, database: "003" });

          const rollbackDry = await json(await admin.post("/rollback/002?dry_run=true"));
          assert.deepEqual(
            rollbackDry.steps.map((x: { version: string }) => x.version),
            ["003", "002"],
          );
          const rolled = await admin.post(`/rollback/002?plan=${rollbackDry.planHash}`);
          assert.equal(rolled.status, 200);
          assert.equal((await json(rolled)).direction, "down");
          await admin.close();
          assert.deepEqual(
            await tables(s.query),
            ["a"],
            "002 and 003 were rolled back in the database",
          );
        } finally {
          await admin.close();
        }
      });
    });

    test("one run at a time: a second run gets 409 naming the run in progress", {
      skip,
    }, async () => {
      await withMigratorSetup(engine, { "001_slow.mjs": SLOW }, async (s) => {
        const migrator = await s.migrator();
        const admin = await startAdmin(migrator);
        try {
          const dry = await json(await admin.post("/run?dry_run=true"));
          // The second request goes once the first run is inside its slow migration, however
          // loaded the machine (a fixed wait raced with the first run's start).
          const started = new Promise((r) => migrator.on("migration:start", r));
          const first = admin.post(`/run?plan=${dry.planHash}`);
          await started;
          const second = await admin.post(`/run?plan=${dry.planHash}`);
          assert.equal(second.status, 409);
          const busy = await json(second);
          assert.equal(busy.error.code, "E_BUSY");
          assert.match(busy.error.message, /Run #1 \(applying migrations\) is in progress/);
          assert.equal(busy.run.id, 1);
          assert.equal((await first).status, 200);
          await admin.close();
          assert.deepEqual(await tables(s.query), ["slow"]);
        } finally {
          await admin.close();
        }
      });
    });

    test("a run that waits for another process's lock says so as lock:waiting", {
      skip,
    }, async () => {
      await withMigratorSetup(engine, { "001_slow.mjs": SLOW }, async (s) => {
        const other = await s.migrator();
        const admin = await startAdmin(await s.migrator());
        try {
          const dry = await json(await admin.post("/run?dry_run=true"));
          const stream = await openEvents(admin, (ev) => ev.some((e) => e.type === "lock:waiting"));
          // The admin's run starts once the other holds the lock, inside its slow migration.
          const started = new Promise((r) => other.on("migration:start", r));
          const elsewhere = other.up();
          await started;
          const res = await admin.post(`/run?plan=${dry.planHash}`);
          const { events } = await stream.done;
          assert.equal(events.at(-1)!.type, "lock:waiting");
          assert.equal((await elsewhere).steps.length, 1);
          assert.equal(res.status, 200);
          assert.deepEqual(
            (await json(res)).steps,
            [],
            "the other process applied it; nothing left",
          );
          await admin.close();
          assert.deepEqual(await tables(s.query), ["slow"]);
        } finally {
          await admin.close();
        }
      });
    });

    test("a failing migration: the error with file, line and statement; events; the database as left", {
      skip,
    }, async () => {
      await withMigratorSetup(
        engine,
        { "001_a.sql": table("a"), "002_d.sql": BROKEN },
        async (s) => {
          const admin = await startAdmin(await s.migrator());
          try {
            const dry = await json(await admin.post("/run?dry_run=true"));
            const stream = await openEvents(admin, (ev) => ev.some((e) => e.type === "run:end"));
            const res = await admin.post(`/run?plan=${dry.planHash}`);
            assert.equal(res.status, 500);
            const body = await json(res);
            assert.equal(body.error.code, "E_MIGRATION");
            assert.match(body.error.file, /002_d\.sql$/);
            assert.equal(body.error.line, 3);
            assert.match(body.error.statement, /CREATE TABLE d/);
            assert.deepEqual(
              body.steps.map((x: { version: string }) => x.version),
              ["001"],
            );
            assert.ok(!JSON.stringify(body).includes("    at "), "no stack trace");
            const { events } = await stream.done;
            const types = events.map((e) => e.type);
            assert.deepEqual(types, [
              "run:start",
              "migration:start",
              "migration:end",
              "migration:start",
              "migration:failed",
              "run:end",
            ]);
            const end = events.at(-1)!.data as { ok: boolean; error: { line: number } };
            assert.equal(end.ok, false);
            assert.equal(end.error.line, 3);
            // Resumable: from the id of the second event, the rest is sent again.
            const replay = await readEvents(admin, (ev) => ev.length >= 4, {
              lastEventId: events[1]!.id,
              timeoutMs: 3000,
            });
            assert.deepEqual(
              replay.events.map((e) => e.type),
              types.slice(2),
            );
            await admin.close();
            assert.deepEqual(
              await tables(s.query),
              ["a"],
              "001 applied; 002 rolled back as its transaction failed",
            );
          } finally {
            await admin.close();
          }
        },
      );
    });
  });
}
