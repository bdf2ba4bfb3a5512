/**
 * Apps (SPEC §12, issue 15) on every engine, through the library: three apps with dependencies
 * across them, one tracking table recording each row's app, per-app runs, the refusals that
 * keep cross-app dependencies whole, and the tracking table's upgrade from layout 2.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveDialect } from "../../src/dialects/registry.js";
import { createMigrator, type Migrator, TidemarkError } from "../../src/index.js";
import {
  appTables,
  THREE_APPS_ORDER,
  THREE_APPS_TABLES,
  threeAppFiles,
  threeAppsConfig,
} from "../helpers/apps.js";
import {
  ALL_ENGINES,
  type Engine,
  engineSkip,
  freshDatabase,
  tempDir,
} from "../helpers/databases.js";
import { writeTree as writeFiles } from "../helpers/folders.js";
import { dialectQuery } from "../helpers/sql.js";

interface AppsSetup {
  readonly url: string;
  readonly root: string;
  migrator(): Promise<Migrator>;
  /** Closes the migrators (PGlite allows one session), then runs `sql`. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** `app:version:status` of every tracking row, in app and version order. */
  rows(): Promise<string[]>;
  /** Closes the migrators, then lists the apps' tables the database holds. */
  tables(): Promise<string[]>;
}

async function withApps(
  engine: Engine,
  files: Record<string, string>,
  fn: (s: AppsSetup) => Promise<void>,
): Promise<void> {
  const db = await freshDatabase(engine);
  const folder = tempDir();
  writeFiles(folder.path, files);
  const opened: Migrator[] = [];
  const closeAll = async () => {
    for (const m of opened.splice(0)) await m.close();
  };
  const query = async (sql: string) => {
    await closeAll();
    return dialectQuery(db.url, sql);
  };
  try {
    await fn({
      url: db.url,
      root: folder.path,
      migrator: async () => {
        const m = await createMigrator({
          url: db.url,
          apps: threeAppsConfig(folder.path),
          lockWaitMs: 30_000,
        });
        opened.push(m);
        return m;
      },
      query,
      rows: async () =>
        (
          await query("SELECT app, version, status FROM tidemark_migrations ORDER BY app, version")
        ).map((r) => `${String(r.app)}:${String(r.version)}:${String(r.status)}`),
      tables: async () => {
        await closeAll();
        return appTables(db.url);
      },
    });
  } finally {
    await closeAll();
    await db.drop();
    folder.remove();
  }
}

const qualified = (steps: readonly { app?: string; version: string | null }[]) =>
  steps.map((s) => `${s.app}:${s.version}`);

async function refusal(p: Promise<unknown>, code: string): Promise<TidemarkError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  assert.ok(err instanceof TidemarkError && err.code === code, `expected ${code}, got ${err}`);
  return err;
}

for (const engine of ALL_ENGINES) {
  describe(`apps on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("a plain up applies every app in dependency order; one table records each row's app", {
      skip,
    }, async () => {
      await withApps(engine, threeAppFiles(), async (s) => {
        const m = await s.migrator();
        assert.deepEqual(qualified((await m.up({ dryRun: true })).steps), THREE_APPS_ORDER);
        const report = await m.up();
        assert.deepEqual(qualified(report.steps), THREE_APPS_ORDER);
        assert.deepEqual((await m.up()).steps, [], "a second up has nothing to do");
        const status = await m.status();
        assert.deepEqual(
          status.apps?.map((a) => `${a.app}:${a.current}:${a.pending.length}`),
          ["accounts:0003:0", "billing:0002:0", "bookings:0002:0"],
        );
        assert.equal((await m.status({ app: "billing" })).current, "0002");
        const log = await m.history({ app: "billing" });
        assert.deepEqual(
          log.filter((e) => e.action === "up").map((e) => `${e.app}:${e.version}`),
          ["billing:0001", "billing:0002"],
        );
        assert.deepEqual(await s.rows(), [
          "accounts:0001:applied",
          "accounts:0002:applied",
          "accounts:0003:applied",
          "billing:0001:applied",
          "billing:0002:applied",
          "bookings:0001:applied",
          "bookings:0002:applied",
        ]);
        assert.deepEqual(await s.tables(), THREE_APPS_TABLES);
      });
    });

    test("rolling one app back is refused while another app's applied migration depends on it", {
      skip,
    }, async () => {
      await withApps(engine, threeAppFiles(), async (s) => {
        let m = await s.migrator();
        await m.up();
        const err = await refusal(m.down({ app: "accounts", to: "zero" }), "E_DEPENDENCY");
        assert.match(err.message, /billing:0001 depends on accounts:0001/);
        const inner = await refusal(m.down({ app: "billing", to: "zero" }), "E_DEPENDENCY");
        assert.match(inner.message, /accounts:0003 depends on billing:0001/);
        const last = await refusal(m.down({ app: "billing", step: 1 }), "E_DEPENDENCY");
        assert.match(last.message, /bookings:0002 depends on billing:0002/);
        assert.equal((await s.rows()).filter((r) => r.endsWith(":applied")).length, 7);
        m = await s.migrator();
        // Bookings first, then billing, then accounts: each roll-back is allowed in turn.
        assert.deepEqual(qualified((await m.down({ app: "bookings", to: "zero" })).steps), [
          "bookings:0002",
          "bookings:0001",
        ]);
        const refused = await refusal(m.down({ app: "accounts", to: "0001" }), "E_DEPENDENCY");
        assert.match(refused.message, /billing:0002 depends on accounts:0002/);
        assert.deepEqual(qualified((await m.down({ app: "billing", step: 1 })).steps), [
          "billing:0002",
        ]);
        assert.deepEqual(qualified((await m.down({ app: "accounts", to: "0001" })).steps), [
          "accounts:0003",
          "accounts:0002",
        ]);
        await refusal(m.down(), "E_USAGE");
        assert.deepEqual(await s.rows(), [
          "accounts:0001:applied",
          "accounts:0002:rolled_back",
          "accounts:0003:rolled_back",
          "billing:0001:applied",
          "billing:0002:rolled_back",
          "bookings:0001:rolled_back",
          "bookings:0002:rolled_back",
        ]);
        assert.deepEqual(await s.tables(), ["plans", "users"]);
        m = await s.migrator();
        // bookings:0002 needs billing:0002, not applied: `up bookings` applies nothing.
        const unmet = await refusal(m.up({ app: "bookings" }), "E_DEPENDENCY");
        assert.match(unmet.message, /bookings:0002 depends on billing:0002, which is not applied/);
        assert.deepEqual(qualified((await m.up()).steps), [
          "accounts:0002",
          "accounts:0003",
          "billing:0002",
          "bookings:0001",
          "bookings:0002",
        ]);
        assert.deepEqual(await s.tables(), THREE_APPS_TABLES);
      });
    });

    test("a tracking table of layout 2 is upgraded: its rows stay the default app's", {
      skip,
    }, async () => {
      await withApps(engine, threeAppFiles(), async (s) => {
        const dialect = await resolveDialect(s.url);
        const t = dialect.types;
        const q = (c: string) => dialect.quoteIdent(c);
        const ref = dialect.tableRef("tidemark_migrations");
        const logRef = dialect.tableRef("tidemark_migrations_log");
        await s.query(
          `CREATE TABLE ${ref} (${q("version")} ${t.key} PRIMARY KEY, ${q("name")} ${t.text} NOT NULL, ${q("kind")} ${t.text} NOT NULL, ${q("format")} ${t.text} NOT NULL, ${q("checksum")} ${t.text} NOT NULL, ${q("status")} ${t.text} NOT NULL, ${q("applied_at")} ${t.timestamp}, ${q("execution_ms")} ${t.integer}, ${q("applied_by")} ${t.text}, ${q("rollback_sql")} ${t.longText}, ${q("error_message")} ${t.longText}, ${q("tool_version")} ${t.text}, ${q("statements_done")} ${t.integer} NOT NULL DEFAULT 0, ${q("failed_statement")} ${t.integer}, ${q("direction")} ${t.text}, ${q("statements_total")} ${t.integer})`,
        );
        await s.query(
          `CREATE TABLE ${logRef} (${t.autoId}, ${q("version")} ${t.key} NOT NULL, ${q("name")} ${t.text} NOT NULL, ${q("action")} ${t.text} NOT NULL, ${q("result")} ${t.text} NOT NULL, ${q("at")} ${t.timestamp} NOT NULL, ${q("execution_ms")} ${t.integer}, ${q("applied_by")} ${t.text}, ${q("tool_version")} ${t.text}, ${q("message")} ${t.longText})`,
        );
        await s.query(
          `INSERT INTO ${logRef} (${q("version")}, ${q("name")}, ${q("action")}, ${q("result")}, ${q("at")}, ${q("message")}) VALUES ('', 'tracking tables', 'layout', 'ok', CURRENT_TIMESTAMP, 'layout 2')`,
        );
        await s.query(
          `INSERT INTO ${ref} (${q("version")}, ${q("name")}, ${q("kind")}, ${q("format")}, ${q("checksum")}, ${q("status")}, ${q("direction")}) VALUES ('0001', 'legacy', 'versioned', 'sql', 'x', 'applied', 'up')`,
        );
        const m = await s.migrator();
        assert.equal(
          (await m.status({ app: "accounts" })).current,
          null,
          "read before the upgrade",
        );
        assert.deepEqual(qualified((await m.up()).steps), THREE_APPS_ORDER);
        const layouts = await s.query(
          `SELECT ${q("message")} FROM ${logRef} WHERE ${q("action")} = 'layout' ORDER BY ${q("id")}`,
        );
        assert.deepEqual(
          layouts.map((e) => e.message),
          ["layout 2", "layout 3"],
        );
        const rows = await s.rows();
        assert.deepEqual(rows.slice(0, 2), [":0001:applied", "accounts:0001:applied"]);
        assert.equal(rows.length, 8);
        // (app, version) is the key: a second default-app row for 0001 is refused.
        await assert.rejects(
          s.query(
            `INSERT INTO ${ref} (${q("version")}, ${q("name")}, ${q("kind")}, ${q("format")}, ${q("checksum")}, ${q("status")}) VALUES ('0001', 'again', 'versioned', 'sql', 'x', 'applied')`,
          ),
        );
      });
    });
  });
}

describe("apps on a protected environment", () => {
  test("a plain up across apps asks once, with every app's steps, then applies them", async () => {
    const folder = tempDir();
    try {
      writeFiles(folder.path, threeAppFiles());
      const asked: string[][] = [];
      const m = await createMigrator({
        url: `sqlite:${folder.path}/app.db`,
        apps: threeAppsConfig(folder.path),
        environment: { name: "production", protected: true },
        confirm: async (summary) => {
          asked.push([summary.title, ...summary.steps.map((s) => `${s.app}:${s.version}`)]);
          return true;
        },
      });
      try {
        assert.deepEqual(qualified((await m.up()).steps), THREE_APPS_ORDER);
        assert.deepEqual(asked, [["Apply 7 migrations", ...THREE_APPS_ORDER]]);
      } finally {
        await m.close();
      }
      const rows = await dialectQuery(
        `sqlite:${folder.path}/app.db`,
        "SELECT app, version FROM tidemark_migrations WHERE status = 'applied'",
      );
      assert.equal(rows.length, 7);
    } finally {
      folder.remove();
    }
  });
});

describe("apps: dependencies across apps are checked", () => {
  const files = (extra: Record<string, string>) => ({ ...threeAppFiles(), ...extra });

  test("an unknown app or version is refused naming the file and line", async () => {
    const bad = "-- migrate:up\n-- tidemark:depends nosuch:0001\nCREATE TABLE x (id INT);\n";
    await withApps("sqlite", files({ "billing/migrations/0003_x.sql": bad }), async (s) => {
      const m = await s.migrator();
      const err = await refusal(m.up(), "E_DEPENDENCY");
      assert.match(
        err.message,
        /billing\/migrations\/0003_x\.sql:2: depends on nosuch:0001, but no app is named nosuch \(apps: accounts, billing, bookings\)/,
      );
      assert.deepEqual(await s.rows().catch(() => []), []);
    });
    const missing =
      "-- migrate:up\n\n-- tidemark:depends accounts:0099\nCREATE TABLE x (id INT);\n";
    await withApps("sqlite", files({ "billing/migrations/0003_x.sql": missing }), async (s) => {
      const err = await refusal((await s.migrator()).up(), "E_DEPENDENCY");
      assert.match(err.message, /0003_x\.sql:3: depends on accounts:0099, which does not exist/);
    });
  });

  test("a cycle across apps is refused naming it", async () => {
    const cyclic = "-- migrate:up\n-- tidemark:depends billing:0002\nCREATE TABLE x (id INT);\n";
    await withApps("sqlite", files({ "accounts/migrations/0001_users.sql": cyclic }), async (s) => {
      const err = await refusal((await s.migrator()).up(), "E_DEPENDENCY");
      assert.match(
        err.message,
        /Dependency cycle across apps: .*accounts:0001 → .*billing:0002.*accounts:0001/,
      );
    });
  });

  test("depends on another app's migration without apps is refused naming the line", async () => {
    const folder = tempDir();
    try {
      writeFiles(folder.path, {
        "001_a.sql": "-- migrate:up\n-- tidemark:depends billing:0002\nSELECT 1;\n",
      });
      const m = await createMigrator({ url: "sqlite::memory:", dir: folder.path });
      const err = await refusal(m.list(), "E_DEPENDENCY");
      assert.match(
        err.message,
        /001_a\.sql:2: depends on billing:0002, another app's migration, but the config names no apps/,
      );
      await m.close();
    } finally {
      folder.remove();
    }
  });
});
