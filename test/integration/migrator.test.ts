/**
 * The migrator against every engine: SQLite and PGlite always; PostgreSQL and MariaDB from
 * the machine's servers (required under CI). Each test has its own database and folder.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MigrationError } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip } from "../helpers/databases.js";
import { withMigratorSetup as withSetup } from "../helpers/migrator-setup.js";
import { dialectQuery as query } from "../helpers/sql.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

function files(n: number, start = 1): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = start; i < start + n; i++)
    out[`${String(i).padStart(3, "0")}_t${i}.sql`] = table(`t${i}`);
  return out;
}

for (const engine of ALL_ENGINES) {
  describe(`migrator on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("applies all, reports status, rolls back to zero, applies again", { skip }, async () => {
      await withSetup(engine, files(3), async (s) => {
        const m = await s.migrator();
        const report = await m.up();
        assert.deepEqual(
          report.steps.map((x) => x.version),
          ["001", "002", "003"],
        );
        const status = await m.status();
        assert.equal(status.current, "003");
        assert.equal(status.pending.length, 0);
        assert.deepEqual(status.problems, []);
        assert.ok(status.applied.every((a) => a.appliedAt !== null && a.executionMs !== null));
        await m.down({ to: "zero" });
        assert.equal((await m.status()).current, null);
        assert.equal((await m.status()).pending.length, 3);
        await m.up();
        const log = await m.history();
        assert.deepEqual(
          log.filter((e) => e.action !== "layout").map((e) => `${e.action}:${e.version}`),
          [
            "up:001",
            "up:002",
            "up:003",
            "down:003",
            "down:002",
            "down:001",
            "up:001",
            "up:002",
            "up:003",
          ],
        );
      });
    });

    test("a failing migration leaves the earlier ones applied and names file and line", {
      skip,
    }, async () => {
      const bad =
        "-- migrate:up\nINSERT INTO t1 VALUES (1);\nINSERT INTO missing_table VALUES (1);\n-- migrate:down\nDELETE FROM t1;\n";
      await withSetup(engine, { ...files(2), "003_bad.sql": bad, ...files(1, 4) }, async (s) => {
        const m = await s.migrator();
        const err = await m.up().then(
          () => assert.fail("up should fail"),
          (e: unknown) => e,
        );
        assert.ok(err instanceof MigrationError, String(err));
        assert.equal(err.file, "003_bad.sql");
        assert.equal(err.line, 3);
        const status = await m.status();
        assert.equal(status.current, "002");
        assert.deepEqual(
          status.pending.map((p) => p.version),
          ["003", "004"],
        );
        // the first statement of the failed migration (DML) was rolled back on every engine
        const rows = await m.history();
        assert.ok(rows.some((e) => e.action === "failure" && e.version === "003"));
      });
    });

    test("parallel up() calls apply each migration exactly once", { skip }, async () => {
      await withSetup(engine, files(10), async (s) => {
        // PGlite is one process's database: its callers share one migrator.
        const shared = engine === "pglite" ? await s.migrator() : null;
        const migrators = await Promise.all(
          Array.from({ length: 6 }, () => shared ?? s.migrator()),
        );
        const reports = await Promise.all(migrators.map((m) => m.up()));
        const applied = reports.flatMap((r) => r.steps.map((x) => x.version));
        assert.equal(applied.length, 10);
        assert.equal(new Set(applied).size, 10);
        const ups = (await migrators[0]!.history()).filter((e) => e.action === "up");
        assert.equal(ups.length, 10);
      });
    });

    test("a repeatable migration runs after the versioned ones, and again when it changes", {
      skip,
    }, async () => {
      const view = (n: number) =>
        `DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id, ${n} AS n FROM t1;\n`;
      await withSetup(engine, { ...files(1), "R__v.sql": view(1) }, async (s) => {
        const m = await s.migrator();
        let report = await m.up();
        assert.deepEqual(
          report.steps.map((x) => x.id),
          ["001", "R__v"],
        );
        assert.deepEqual((await m.up()).steps, [], "unchanged: not run again");
        writeFiles(s.dir, { "R__v.sql": view(2) });
        report = await m.up();
        assert.deepEqual(
          report.steps.map((x) => x.id),
          ["R__v"],
        );
        await m.close();
        await query(s.db.url, "INSERT INTO t1 VALUES (7)");
        assert.deepEqual(await query(s.db.url, "SELECT n FROM v"), [{ n: 2 }]);
      });
    });

    test("stamp records without running; up then runs the rest", { skip }, async () => {
      await withSetup(engine, files(3), async (s) => {
        const m = await s.migrator();
        const stamped = await m.stamp("002");
        assert.deepEqual(
          stamped.stamped.map((x) => x.version),
          ["001", "002"],
        );
        assert.equal((await m.status()).current, "002");
        await m.close();
        await assert.rejects(query(s.db.url, "SELECT * FROM t1"), "stamp ran nothing");
        const m2 = await s.migrator();
        const report = await m2.up();
        assert.deepEqual(
          report.steps.map((x) => x.version),
          ["003"],
        );
      });
    });

    test("an edited file stops up until repair; redo re-runs a code migration", {
      skip,
    }, async () => {
      const code = `export async function up(ctx) { await ctx.sql\`INSERT INTO t1 VALUES (\${42})\`; }\nexport async function down(ctx) { await ctx.sql\`DELETE FROM t1 WHERE id = \${42}\`; }\n`;
      await withSetup(engine, { ...files(2), "003_seed.mjs": code }, async (s) => {
        const m = await s.migrator();
        await m.up();
        await m.close();
        assert.deepEqual(await query(s.db.url, "SELECT id FROM t1"), [{ id: 42 }]);
        writeFiles(s.dir, { "001_t1.sql": `${table("t1")}\n-- edited\n` });
        const m2 = await s.migrator();
        await assert.rejects(m2.up(), (e: Error & { code?: string }) => e.code === "E_CHECKSUM");
        const repaired = await m2.repair();
        assert.equal(repaired.repaired[0]?.action, "checksum_accepted");
        assert.deepEqual((await m2.status()).problems, []);
        const [down, up] = await m2.redo();
        assert.equal(down!.steps[0]!.version, "003");
        assert.equal(up!.steps[0]!.version, "003");
        await m2.close();
        assert.deepEqual(await query(s.db.url, "SELECT id FROM t1"), [{ id: 42 }]);
      });
    });
  });
}
