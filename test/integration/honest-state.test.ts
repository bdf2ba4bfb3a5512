/**
 * Honest state (SPEC §4–§6) on every engine: the down journal and `down --resume`, `repair`
 * refreshing the stored down SQL, `stamp` to an older version, `applied_by`, the tracking
 * layout upgrade, and file lines in down errors and notes.
 */
import assert from "node:assert/strict";
import { hostname, userInfo } from "node:os";
import { describe, test } from "node:test";
import { resolveDialect } from "../../src/dialects/registry.js";
import { MigrationError, type Migrator } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, type Engine, engineSkip } from "../helpers/databases.js";
import { JOURNALED, pad, table } from "../helpers/journal-files.js";
import {
  type MigratorSetup as Setup,
  withMigratorSetup as withSetup,
} from "../helpers/migrator-setup.js";

async function tableExists(s: Setup, name: string): Promise<boolean> {
  return s.query(`SELECT 1 FROM ${name} WHERE 1 = 0`).then(
    () => true,
    () => false,
  );
}

async function rowOf(m: Migrator, version: string) {
  const row = (await m.records()).find((r) => r.id === version);
  assert.ok(row, `a row for ${version}`);
  return row;
}

for (const engine of ALL_ENGINES) {
  describe(`honest state on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("a down whose statement 2 of 3 fails is journalled; up and down refuse; down --resume finishes it", {
      skip,
    }, async () => {
      assert.equal(JOURNALED.split("\n").indexOf("DROP TABLE j2;") + 1, 20);
      await withSetup(engine, { "001_j.sql": JOURNALED }, async (s) => {
        let m = await s.migrator();
        await m.up();
        const err = await m.down().then(
          () => assert.fail("down should fail"),
          (e: unknown) => e,
        );
        assert.ok(err instanceof MigrationError, String(err));
        assert.equal(err.direction, "down");
        assert.equal(err.file, "001_j.sql");
        assert.equal(err.line, 21, "the file's line on disk");
        assert.equal(err.statementIndex, 1);
        assert.match(err.message, /down statement 2 of 3; statement 1 of the down ran/);
        assert.match(err.hint ?? "", /tidemark down --resume/);
        const row = await rowOf(m, "001");
        assert.equal(row.status, "failed");
        assert.equal(row.direction, "down");
        assert.equal(row.statementsDone, 1);
        assert.equal(row.failedStatement, 1);
        assert.equal(row.statementsTotal, 3);
        const problem = (await m.status()).problems.find((p) => p.kind === "failed");
        assert.match(problem?.message ?? "", /001_j\.sql: down failed at statement 2 of 3/);
        await assert.rejects(m.up(), (e: Error & { code?: string }) => {
          assert.equal(e.code, "E_FAILED_STATE");
          assert.match(
            e.message,
            /001_j\.sql: its down failed at statement 2 of 3.*; nothing was applied/,
          );
          return true;
        });
        await assert.rejects(
          m.down(),
          /001_j\.sql: its down failed at statement 2 of 3.*; nothing was rolled back/,
        );
        assert.equal(await tableExists(s, "j2"), false, "statement 1 ran");
        assert.equal(await tableExists(s, "j1"), true);
        await s.query("CREATE TABLE jmissing (id INT)");
        m = await s.migrator();
        const report = await m.down({ resume: true });
        assert.deepEqual(
          report.steps.map((x) => x.version),
          ["001"],
        );
        const after = await rowOf(m, "001");
        assert.equal(after.status, "rolled_back");
        assert.equal(after.direction, "down");
        const log = (await m.history()).filter((e) => e.action !== "layout");
        assert.deepEqual(
          log.map((e) => `${e.action}:${e.result}`),
          ["up:ok", "failure:failed", "resume:ok", "down:ok"],
        );
        assert.match(log[1]!.message ?? "", /^down: statement 2 of 3 failed/);
        assert.equal(await tableExists(s, "j1"), false);
        assert.equal(await tableExists(s, "jmissing"), false);
      });
    });

    test("after a failed down, repair with the file fixed restores the row; down then runs the new down", {
      skip,
    }, async () => {
      await withSetup(engine, { "001_j.sql": JOURNALED }, async (s) => {
        const m = await s.migrator();
        await m.up();
        await assert.rejects(m.down());
        writeFiles(s.dir, {
          "001_j.sql": JOURNALED.replace(
            "DROP TABLE j2;\nDROP TABLE jmissing;",
            "DROP TABLE IF EXISTS j2;\nSELECT 1;",
          ),
        });
        const report = await m.repair();
        assert.deepEqual(
          report.repaired.map((r) => r.action),
          ["down_failed_restored"],
        );
        const row = await rowOf(m, "001");
        assert.equal(row.status, "applied");
        assert.equal(row.direction, "up");
        assert.match(row.rollbackSql ?? "", /DROP TABLE IF EXISTS j2;/);
        assert.deepEqual((await m.status()).problems, []);
        await m.down();
        assert.equal((await rowOf(m, "001")).status, "rolled_back");
        assert.equal(await tableExists(s, "j1"), false);
      });
    });

    test("repair stores the down as the file has it now (one file, .down.sql, _rollback.sql, Flyway U); down runs it", {
      skip,
    }, async () => {
      await withSetup(
        engine,
        {
          "001_a.sql": table("a"),
          "002_b.up.sql": "CREATE TABLE b (id INT);\n",
          "002_b.down.sql": "DROP TABLE b;\n",
          "003_c.sql": "CREATE TABLE c (id INT);\n",
          "003_c_rollback.sql": "DROP TABLE c;\n",
          "V4__d.sql": "CREATE TABLE d (id INT);\n",
          "U4__d.sql": "DROP TABLE d;\n",
        },
        async (s) => {
          const m = await s.migrator();
          await m.up();
          writeFiles(s.dir, {
            "001_a.sql": table("a").replace(
              "DROP TABLE a;",
              "DROP TABLE a;\nCREATE TABLE a_gone (id INT);",
            ),
            "002_b.down.sql": "DROP TABLE b;\nCREATE TABLE b_gone (id INT);\n",
            "003_c_rollback.sql": "DROP TABLE c;\nCREATE TABLE c_gone (id INT);\n",
            "U4__d.sql": "DROP TABLE d;\nCREATE TABLE d_gone (id INT);\n",
          });
          const preview = await m.repair({ dryRun: true });
          assert.deepEqual(
            preview.repaired.map((r) => `${r.version}:${r.action}`),
            [
              "001:checksum_accepted",
              "002:down_refreshed",
              "003:down_refreshed",
              "4:down_refreshed",
            ],
          );
          assert.equal(
            (await rowOf(m, "002")).rollbackSql?.trim(),
            "DROP TABLE b;",
            "dry run wrote nothing",
          );
          const report = await m.repair();
          assert.match(report.repaired[0]!.message, /down SQL refreshed from the file/);
          assert.match((await rowOf(m, "001")).rollbackSql ?? "", /CREATE TABLE a_gone/);
          assert.match((await rowOf(m, "002")).rollbackSql ?? "", /CREATE TABLE b_gone/);
          const repairs = (await m.history()).filter((e) => e.action === "repair");
          assert.deepEqual(
            repairs.map((e) => e.version),
            ["001", "002", "003", "4"],
          );
          await m.down({ to: "zero" });
          assert.equal(await tableExists(s, "d_gone"), true, "the new U file of 4 ran");
          assert.equal(await tableExists(s, "c_gone"), true, "the new rollback file of 003 ran");
          assert.equal(await tableExists(s, "b_gone"), true, "the new down of 002 ran");
          assert.equal(await tableExists(s, "a_gone"), true, "the new down of 001 ran");
        },
      );
    });

    test("after a failed down, stamp to the version before it records it rolled back", {
      skip,
    }, async () => {
      await withSetup(engine, { "001_a.sql": table("a"), "002_j.sql": JOURNALED }, async (s) => {
        const m = await s.migrator();
        await m.up();
        await assert.rejects(m.down());
        assert.equal((await rowOf(m, "002")).status, "failed");
        const report = await m.stamp("001");
        assert.deepEqual(
          report.rolledBack.map((r) => r.version),
          ["002"],
        );
        assert.deepEqual((await m.records()).map((r) => `${r.id}:${r.status}`).sort(), [
          "001:applied",
          "002:rolled_back",
        ]);
        assert.deepEqual((await m.status()).problems, []);
      });
    });

    test("stamp to an older version records the rows above it rolled back and runs nothing", {
      skip,
    }, async () => {
      await withSetup(
        engine,
        {
          "001_a.sql": table("a"),
          "002_b.sql": table("b"),
          "003_c.sql": table("c"),
        },
        async (s) => {
          let m = await s.migrator();
          await m.up();
          const preview = await m.stamp("001", { dryRun: true });
          assert.deepEqual(
            preview.rolledBack.map((r) => r.version),
            ["003", "002"],
          );
          assert.equal((await rowOf(m, "003")).status, "applied", "dry run wrote nothing");
          const report = await m.stamp("001");
          assert.deepEqual(report.stamped, []);
          const rows = (await m.records()).map((r) => `${r.id}:${r.status}`).sort();
          assert.deepEqual(rows, ["001:applied", "002:rolled_back", "003:rolled_back"]);
          assert.equal((await m.status()).current, "001");
          const stamps = (await m.history()).filter((e) => e.action === "stamp");
          assert.deepEqual(
            stamps.map((e) => e.version),
            ["003", "002"],
          );
          assert.equal(await tableExists(s, "c"), true, "nothing was run");
          m = await s.migrator();
          await m.stamp("zero");
          assert.deepEqual(
            (await m.records()).map((r) => r.status),
            ["rolled_back", "rolled_back", "rolled_back"],
          );
        },
      );
    });

    test("applied_by is user@host once", { skip }, async () => {
      await withSetup(engine, { "001_a.sql": table("a") }, async (s) => {
        const m = await s.migrator();
        await m.up();
        const user =
          engine === "sqlite"
            ? userInfo().username
            : engine === "pglite"
              ? "postgres"
              : decodeURIComponent(new URL(s.db.url).username);
        const expected = `${user}@${hostname()}`;
        assert.equal((await rowOf(m, "001")).appliedBy, expected);
        const log = (await m.history()).filter((e) => e.action === "up");
        assert.equal(log[0]?.appliedBy, expected);
      });
    });

    test("tracking tables of layout 1 are upgraded in place; their rows still read", {
      skip,
    }, async () => {
      await withSetup(engine, { "001_a.sql": table("a"), "002_b.sql": table("b") }, async (s) => {
        const dialect = await resolveDialect(s.db.url);
        const t = dialect.types;
        const q = (c: string) => dialect.quoteIdent(c);
        const ref = dialect.tableRef("tidemark_migrations");
        const logRef = dialect.tableRef("tidemark_migrations_log");
        await s.query(
          `CREATE TABLE ${ref} (${q("version")} ${t.key} PRIMARY KEY, ${q("name")} ${t.text} NOT NULL, ${q("kind")} ${t.text} NOT NULL, ${q("format")} ${t.text} NOT NULL, ${q("checksum")} ${t.text} NOT NULL, ${q("status")} ${t.text} NOT NULL, ${q("applied_at")} ${t.timestamp}, ${q("execution_ms")} ${t.integer}, ${q("applied_by")} ${t.text}, ${q("rollback_sql")} ${t.longText}, ${q("error_message")} ${t.longText}, ${q("tool_version")} ${t.text}, ${q("statements_done")} ${t.integer} NOT NULL DEFAULT 0, ${q("failed_statement")} ${t.integer})`,
        );
        await s.query(
          `CREATE TABLE ${logRef} (${t.autoId}, ${q("version")} ${t.key} NOT NULL, ${q("name")} ${t.text} NOT NULL, ${q("action")} ${t.text} NOT NULL, ${q("result")} ${t.text} NOT NULL, ${q("at")} ${t.timestamp} NOT NULL, ${q("execution_ms")} ${t.integer}, ${q("applied_by")} ${t.text}, ${q("tool_version")} ${t.text}, ${q("message")} ${t.longText})`,
        );
        await s.query(
          `INSERT INTO ${logRef} (${q("version")}, ${q("name")}, ${q("action")}, ${q("result")}, ${q("at")}, ${q("message")}) VALUES ('', 'tracking tables', 'layout', 'ok', CURRENT_TIMESTAMP, 'layout 1')`,
        );
        await s.query("CREATE TABLE a (id INT)");
        let m = await s.migrator();
        const checksum = (await m.list())[0]!.checksum;
        await s.query(
          `INSERT INTO ${ref} (${q("version")}, ${q("name")}, ${q("kind")}, ${q("format")}, ${q("checksum")}, ${q("status")}, ${q("rollback_sql")}) VALUES ('001', 'a', 'versioned', 'sql', '${checksum}', 'applied', 'DROP TABLE a;\n')`,
        );
        m = await s.migrator();
        assert.equal(
          (await m.status()).current,
          "001",
          "a layout-1 table reads before any upgrade",
        );
        await m.up();
        const rows = await m.records();
        assert.deepEqual(rows.map((r) => `${r.id}:${r.status}:${r.direction}`).sort(), [
          "001:applied:up",
          "002:applied:up",
        ]);
        const layouts = (await m.history()).filter((e) => e.action === "layout");
        assert.deepEqual(
          layouts.map((e) => e.message),
          ["layout 1", "layout 3"],
        );
        await m.down({ to: "zero" });
        assert.equal((await rowOf(m, "001")).direction, "down");
      });
    });
  });
}

/** Up: the no-transaction statement on line 4. Down from line 20: a no-op, then it on line 21. */
function linesFile(outside: { up: string; down: string }): string {
  return [
    "-- migrate:up",
    "CREATE TABLE n1 (id INT);",
    "-- the next statement cannot run in a transaction",
    outside.up,
    pad(14),
    "-- migrate:down",
    "DROP TABLE IF EXISTS nothing_here;",
    outside.down,
    "DROP TABLE n1;",
    "",
  ].join("\n");
}

/** A transactional down from line 20 whose statement on line 21 fails. */
const FAILING_DOWN = [
  "-- migrate:up",
  "CREATE TABLE f1 (id INT);",
  pad(16),
  "-- migrate:down",
  "DROP TABLE f1;",
  "DROP TABLE f_missing;",
  "",
].join("\n");

const OUTSIDE: Partial<Record<Engine, { up: string; down: string }>> = {
  sqlite: { up: "VACUUM;", down: "VACUUM;" },
  postgres: {
    up: "CREATE INDEX CONCURRENTLY n1_i ON n1 (id);",
    down: "DROP INDEX CONCURRENTLY n1_i;",
  },
};

for (const engine of ["sqlite", "postgres"] as const) {
  describe(`file lines on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("notes and errors name the file's line on disk, or say the stored down's line", {
      skip,
    }, async () => {
      await withSetup(
        engine,
        {
          "001_n.sql": linesFile(OUTSIDE[engine]!),
          "002_f.sql": FAILING_DOWN,
        },
        async (s) => {
          const m = await s.migrator();
          const notes: string[] = [];
          m.on("migration:note", (e) => notes.push(`${e.id} ${e.message}`));
          await m.up();
          assert.equal(notes.length, 1);
          assert.match(notes[0]!, /^001 runs outside a transaction: .*\(line 4\)$/);
          const err = await m.down().then(
            () => assert.fail("down should fail"),
            (e: unknown) => e,
          );
          assert.ok(err instanceof MigrationError, String(err));
          assert.equal(err.file, "002_f.sql");
          assert.equal(err.line, 21, "the file's line, not the stored text's");
          // The file's down is edited and not repaired: the stored down runs, and says so.
          writeFiles(s.dir, { "002_f.sql": FAILING_DOWN.replace("DROP TABLE f1;\n", "") });
          const stored = await m.down().then(
            () => assert.fail("down should fail"),
            (e: unknown) => e,
          );
          assert.ok(stored instanceof MigrationError, String(stored));
          assert.equal(stored.line, undefined, "no file line for the stored text");
          assert.match(stored.message, /^stored down SQL, line 2, column \d+: /);
          writeFiles(s.dir, { "002_f.sql": FAILING_DOWN.replace("DROP TABLE f_missing;\n", "") });
          await m.repair();
          await m.down();
          notes.length = 0;
          await m.down();
          assert.deepEqual(notes, [
            `001 down runs outside a transaction: ${engine === "sqlite" ? "VACUUM cannot run inside a transaction" : "DROP INDEX CONCURRENTLY cannot run inside a transaction block"} (line 21)`,
          ]);
          assert.equal((await rowOf(m, "001")).status, "rolled_back");
        },
      );
    });
  });
}
