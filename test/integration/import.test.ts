/**
 * `migrator.import(tool)` on every engine: each tool's tracking table created as that tool
 * creates it and filled as it fills it; after the import, `status` shows only the rest pending,
 * `up` applies only the rest, and a second import records nothing.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveDialect } from "../../src/dialects/registry.js";
import { TidemarkError } from "../../src/index.js";
import { ALL_ENGINES, type Engine, engineSkip } from "../helpers/databases.js";
import { type MigratorSetup, withMigratorSetup } from "../helpers/migrator-setup.js";

const sql = (table: string) =>
  `-- migrate:up\nCREATE TABLE ${table} (id INTEGER);\n-- migrate:down\nDROP TABLE ${table};\n`;

/** Four migrations; the other tool applied the first three (their tables exist). */
const FILES = {
  "0001_users.sql": sql("users"),
  "0002_trips.sql": sql("trips"),
  "0003_guests.sql": sql("guests"),
  "0004_extra.sql": sql("extra"),
};
const ALEMBIC_FILES = {
  "0001_1a2b3c4d5e6f_users.sql": sql("users"),
  "0002_2b3c4d5e6f7a_trips.sql": sql("trips"),
  "0003_3c4d5e6f7a8b_guests.sql": sql("guests"),
  "0004_4d5e6f7a8b9c_extra.sql": sql("extra"),
};

type Types = { serial: string; ts: string; bool: string; text: string };
const TYPES: Record<Engine, Types> = {
  postgres: { serial: "SERIAL PRIMARY KEY", ts: "TIMESTAMPTZ", bool: "BOOLEAN", text: "TEXT" },
  pglite: { serial: "SERIAL PRIMARY KEY", ts: "TIMESTAMPTZ", bool: "BOOLEAN", text: "TEXT" },
  mysql: {
    serial: "BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY",
    ts: "DATETIME",
    bool: "BOOLEAN",
    text: "TEXT",
  },
  sqlite: {
    serial: "INTEGER PRIMARY KEY AUTOINCREMENT",
    ts: "DATETIME",
    bool: "BOOLEAN",
    text: "TEXT",
  },
};

const T1 = "2024-05-01 10:00:00";
const T2 = "2024-05-02 11:00:00";
const T3 = "2024-05-03 12:00:00";

interface ToolCase {
  readonly tool: string;
  readonly engines?: readonly Engine[];
  readonly files?: Record<string, string>;
  /** Whether the tool keeps when each migration ran (then T1..T3 are recorded). */
  readonly times: boolean;
  readonly setup: (t: Types) => string[];
  readonly options?: { readonly app?: string };
}

const CASES: readonly ToolCase[] = [
  {
    tool: "flyway",
    times: true,
    setup: (t) => [
      `CREATE TABLE flyway_schema_history (installed_rank INT NOT NULL PRIMARY KEY, version VARCHAR(50), description VARCHAR(200) NOT NULL, type VARCHAR(20) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER, installed_by VARCHAR(100) NOT NULL, installed_on ${t.ts} NOT NULL, execution_time INTEGER NOT NULL, success ${t.bool} NOT NULL)`,
      `INSERT INTO flyway_schema_history VALUES (1, '1', 'users', 'SQL', 'V1__users.sql', 123, 'deployer', '${T1}', 12, TRUE), (2, '2', 'trips', 'SQL', 'V2__trips.sql', 456, 'deployer', '${T2}', 7, TRUE), (3, '3', 'guests', 'SQL', 'V3__guests.sql', 789, 'deployer', '${T3}', 5, TRUE)`,
    ],
  },
  {
    tool: "golang-migrate",
    times: false,
    setup: (t) => [
      `CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty ${t.bool} NOT NULL)`,
      "INSERT INTO schema_migrations VALUES (3, FALSE)",
    ],
  },
  {
    tool: "dbmate",
    times: false,
    setup: () => [
      "CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY)",
      "INSERT INTO schema_migrations VALUES ('0001'), ('0002'), ('0003')",
    ],
  },
  {
    tool: "goose",
    times: true,
    setup: (t) => [
      `CREATE TABLE goose_db_version (id ${t.serial}, version_id BIGINT NOT NULL, is_applied ${t.bool} NOT NULL, tstamp ${t.ts} NULL)`,
      `INSERT INTO goose_db_version (version_id, is_applied, tstamp) VALUES (0, TRUE, '${T1}'), (1, TRUE, '${T1}'), (2, TRUE, '${T2}'), (3, TRUE, '${T3}'), (4, TRUE, '${T3}'), (4, FALSE, '${T3}')`,
    ],
  },
  {
    tool: "knex",
    times: true,
    setup: (t) => [
      `CREATE TABLE knex_migrations (id ${t.serial}, name VARCHAR(255), batch INTEGER, migration_time ${t.ts})`,
      `CREATE TABLE knex_migrations_lock (idx ${t.serial}, is_locked INTEGER)`,
      "INSERT INTO knex_migrations_lock (is_locked) VALUES (0)",
      `INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('0001_users.js', 1, '${T1}'), ('0002_trips.js', 1, '${T2}'), ('0003_guests.js', 2, '${T3}')`,
    ],
  },
  {
    tool: "node-pg-migrate",
    times: true,
    setup: (t) => [
      `CREATE TABLE pgmigrations (id ${t.serial}, name VARCHAR(255) NOT NULL, run_on ${t.ts} NOT NULL)`,
      `INSERT INTO pgmigrations (name, run_on) VALUES ('0001_users', '${T1}'), ('0002_trips', '${T2}'), ('0003_guests', '${T3}')`,
    ],
  },
  {
    tool: "alembic",
    times: false,
    files: ALEMBIC_FILES,
    setup: () => [
      "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
      "INSERT INTO alembic_version VALUES ('3c4d5e6f7a8b')",
    ],
  },
  {
    tool: "django",
    times: true,
    options: { app: "guests" },
    setup: (t) => [
      `CREATE TABLE django_migrations (id ${t.serial}, app VARCHAR(255) NOT NULL, name VARCHAR(255) NOT NULL, applied ${t.ts} NOT NULL)`,
      `INSERT INTO django_migrations (app, name, applied) VALUES ('contenttypes', '0001_initial', '${T1}'), ('guests', '0001_users', '${T1}'), ('guests', '0002_trips', '${T2}'), ('guests', '0003_guests', '${T3}')`,
    ],
  },
  {
    tool: "prisma",
    times: true,
    setup: (t) => [
      `CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at ${t.ts}, migration_name VARCHAR(255) NOT NULL, logs ${t.text}, rolled_back_at ${t.ts}, started_at ${t.ts} NOT NULL, applied_steps_count INTEGER NOT NULL DEFAULT 0)`,
      `INSERT INTO _prisma_migrations VALUES ('a', 'x', '${T1}', '0001_users', NULL, NULL, '${T1}', 1), ('b', 'x', '${T2}', '0002_trips', NULL, NULL, '${T2}', 1), ('c', 'x', NULL, '0004_extra', NULL, '${T2}', '${T2}', 0), ('d', 'x', '${T3}', '0003_guests', NULL, NULL, '${T3}', 1)`,
    ],
  },
  {
    tool: "sqitch",
    times: true,
    engines: ["postgres", "pglite"],
    setup: () => [
      "CREATE SCHEMA sqitch",
      "CREATE TABLE sqitch.changes (change_id TEXT PRIMARY KEY, script_hash TEXT, change TEXT NOT NULL, project TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', committed_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(), committer_name TEXT NOT NULL, committer_email TEXT NOT NULL, planned_at TIMESTAMPTZ NOT NULL, planner_name TEXT NOT NULL, planner_email TEXT NOT NULL)",
      `INSERT INTO sqitch.changes VALUES ('c1', 'h', 'users', 'app', '', '${T1}', 'Ada', 'ada@example.com', '${T1}', 'Ada', 'ada@example.com'), ('c2', 'h', 'trips', 'app', '', '${T2}', 'Ada', 'ada@example.com', '${T2}', 'Ada', 'ada@example.com'), ('c3', 'h', 'guests', 'app', '', '${T3}', 'Ada', 'ada@example.com', '${T3}', 'Ada', 'ada@example.com')`,
    ],
  },
];

/** The other tool's tables and the three tables it created, on one session. */
async function prepare(s: MigratorSetup, c: ToolCase, engine: Engine): Promise<void> {
  const tables = ["users", "trips", "guests"].map((t) => `CREATE TABLE ${t} (id INTEGER)`);
  await runAll(s.db.url, [...tables, ...c.setup(TYPES[engine])]);
}

async function runAll(url: string, statements: readonly string[]): Promise<void> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "tidemark-test" });
  try {
    for (const statement of statements) await conn.query(statement);
  } finally {
    await conn.close();
  }
}

/**
 * PGlite opens slowly (a WebAssembly instance each time): every tool's PostgreSQL SQL runs on
 * the server; on PGlite these two.
 */
const PGLITE_TOOLS = new Set(["flyway", "sqitch"]);

/** The day a recorded time falls on, in UTC (servers may store zone-less times in their zone). */
function day(value: unknown): string {
  const d = value instanceof Date ? value : new Date(String(value).replace(" ", "T"));
  return d.toISOString().slice(0, 10);
}

for (const engine of ALL_ENGINES) {
  describe(`import on ${engine}`, { skip: await engineSkip(engine) }, () => {
    for (const c of CASES) {
      if (c.engines && !c.engines.includes(engine)) continue;
      if (engine === "pglite" && !PGLITE_TOOLS.has(c.tool)) continue;
      test(`--from ${c.tool}: records the applied three, up applies only the fourth, a re-import records nothing`, () =>
        withMigratorSetup(engine, c.files ?? FILES, async (s) => {
          await prepare(s, c, engine);
          const m = await s.migrator();
          const dry = await m.import(c.tool, { ...c.options, dryRun: true });
          assert.equal(dry.recorded.length, 3);
          assert.deepEqual((await m.status()).applied, [], "a dry run records nothing");
          const report = await m.import(c.tool, c.options);
          assert.deepEqual(
            report.recorded.map((r) => r.file),
            Object.keys(c.files ?? FILES).slice(0, 3),
          );
          const status = await m.status();
          assert.deepEqual(
            status.pending.map((p) => p.name.replace(/^[0-9a-f]{12}_/, "")),
            ["extra"],
            "only the fourth is pending",
          );
          assert.deepEqual(status.problems, []);
          const rows = await s.query(
            "SELECT version, status, applied_at, checksum FROM tidemark_migrations ORDER BY version",
          );
          assert.deepEqual(
            rows.map((r) => r.status),
            ["applied", "applied", "applied"],
          );
          if (c.times)
            assert.deepEqual(
              rows.map((r) => day(r.applied_at)),
              ["2024-05-01", "2024-05-02", "2024-05-03"],
            );
          const log = await s.query(
            "SELECT action FROM tidemark_migrations_log WHERE action <> 'layout' ORDER BY id",
          );
          assert.deepEqual(
            log.map((r) => r.action),
            ["import", "import", "import"],
          );
          const m2 = await s.migrator();
          const run = await m2.up();
          assert.deepEqual(
            run.steps.map((st) => st.name.replace(/^[0-9a-f]{12}_/, "")),
            ["extra"],
          );
          await s.query("SELECT id FROM extra");
          const again = await (await s.migrator()).import(c.tool, c.options);
          assert.equal(again.recorded.length, 0);
          assert.equal(again.already.length, 3);
        }));
    }
  });
}

const refused = (pattern: RegExp) => (err: unknown) =>
  err instanceof TidemarkError && err.code === "E_IMPORT" && pattern.test(err.message);

describe("import refuses a history that is not clean, recording nothing (SQLite)", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "flyway",
      [
        "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version VARCHAR(50), description VARCHAR(200), type VARCHAR(20), script VARCHAR(1000), checksum INT, installed_by VARCHAR(100), installed_on DATETIME, execution_time INT, success BOOLEAN)",
        "INSERT INTO flyway_schema_history VALUES (1, '1', 'users', 'SQL', 'V1__users.sql', 1, 'x', '2024-01-01 00:00:00', 1, TRUE), (2, '2', 'trips', 'SQL', 'V2__trips.sql', 1, 'x', '2024-01-01 00:00:00', 1, FALSE)",
      ],
      /flyway history is failed: 2 \(V2__trips\.sql\)/,
    ],
    [
      "golang-migrate",
      [
        "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, dirty BOOLEAN)",
        "INSERT INTO schema_migrations VALUES (2, TRUE)",
      ],
      /golang-migrate history is dirty.*: 2$/,
    ],
    [
      "knex",
      [
        "CREATE TABLE knex_migrations (id INTEGER PRIMARY KEY, name VARCHAR(255), batch INT, migration_time DATETIME)",
        "CREATE TABLE knex_migrations_lock (idx INTEGER PRIMARY KEY, is_locked INT)",
        "INSERT INTO knex_migrations_lock (is_locked) VALUES (1)",
      ],
      /knex history is locked/,
    ],
    [
      "prisma",
      [
        "CREATE TABLE _prisma_migrations (id VARCHAR(36) PRIMARY KEY, checksum VARCHAR(64), finished_at DATETIME, migration_name VARCHAR(255), logs TEXT, rolled_back_at DATETIME, started_at DATETIME, applied_steps_count INT)",
        "INSERT INTO _prisma_migrations VALUES ('a', 'x', NULL, '0001_users', 'boom', NULL, '2024-01-01 00:00:00', 0)",
      ],
      /prisma history is failed or in progress.*: 0001_users/,
    ],
    [
      "alembic",
      [
        "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
        "INSERT INTO alembic_version VALUES ('aaaaaaaaaaaa'), ('bbbbbbbbbbbb')",
      ],
      /alembic history is on several heads/,
    ],
    [
      "dbmate",
      [
        "CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY)",
        "INSERT INTO schema_migrations VALUES ('0001'), ('0007'), ('0008')",
      ],
      /2 dbmate migrations match no file in the migrations folder: 0007, 0008/,
    ],
    ["goose", [], /No goose history here: table goose_db_version cannot be read/],
  ];
  for (const [tool, setup, pattern] of cases) {
    test(`--from ${tool}`, () =>
      withMigratorSetup("sqlite", FILES, async (s) => {
        for (const statement of setup) await s.query(statement);
        const m = await s.migrator();
        await assert.rejects(m.import(tool), refused(pattern));
        const tracked = await s.query(
          "SELECT name FROM sqlite_master WHERE name = 'tidemark_migrations'",
        );
        const rows = tracked.length > 0 ? await s.query("SELECT * FROM tidemark_migrations") : [];
        assert.deepEqual(rows, [], "nothing recorded");
      }));
  }

  test("--allow-unmatched records the matched ones and lists the rest", () =>
    withMigratorSetup("sqlite", FILES, async (s) => {
      await s.query("CREATE TABLE schema_migrations (version VARCHAR(128) PRIMARY KEY)");
      await s.query("INSERT INTO schema_migrations VALUES ('0001'), ('0009')");
      const m = await s.migrator();
      const report = await m.import("dbmate", { allowUnmatched: true });
      assert.deepEqual(report.unmatched, ["0009"]);
      assert.deepEqual(
        report.recorded.map((r) => r.version),
        ["0001"],
      );
      const rows = await s.query("SELECT version FROM tidemark_migrations");
      assert.deepEqual(
        rows.map((r) => r.version),
        ["0001"],
      );
    }));

  test("an unknown tool is refused naming the known ones", () =>
    withMigratorSetup("sqlite", FILES, async (s) => {
      const m = await s.migrator();
      await assert.rejects(
        m.import("liquibase"),
        (err: unknown) =>
          err instanceof TidemarkError &&
          /not a tool tidemark imports from/.test(err.message) &&
          /flyway/.test(err.hint ?? ""),
      );
    }));
});
