/**
 * Fan-out against real databases (SPEC §12): PostgreSQL schemas as tenants (tracking tables
 * and DDL inside each schema, at most `concurrency` sessions open), SQLite files from a targets
 * file, MariaDB databases from a list. Canary, stop/continue, re-runs and version skew are
 * checked in the databases themselves.
 */
import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { runFleet } from "../../src/fleet/run-fleet.js";
import { versionSkew } from "../../src/fleet/skew.js";
import { resolveTargets } from "../../src/fleet/targets.js";
import type { Migrator } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, type TestDatabase, tempDir } from "../helpers/databases.js";
import { pgQuery, mysqlQuery as query } from "../helpers/sql.js";

const up = (m: Migrator) => m.up();
const TENANTS = Array.from({ length: 12 }, (_, i) => `tenant_${String(i + 1).padStart(2, "0")}`);
const SCHEMAS_QUERY =
  "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY nspname";

/** Table names of `schema`. */
async function tablesOf(url: string, schema: string): Promise<string[]> {
  const rows = await pgQuery(
    url,
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1",
    [schema],
  );
  return rows.map((r) => String(r.t));
}

describe("fan-out on PostgreSQL schemas", { skip: await engineSkip("postgres") }, () => {
  let db: TestDatabase;
  let dir: { path: string; remove(): void };
  const migrations = () => join(dir.path, "migrations");
  const targets = () => resolveTargets({ url: db.url, schemasQuery: SCHEMAS_QUERY }, dir.path);

  before(async () => {
    db = await freshDatabase("postgres");
    dir = tempDir();
    writeFiles(migrations(), {
      // The sleep keeps each target's session open long enough for the sessions to overlap.
      "001_items.sql": "CREATE TABLE items (id int PRIMARY KEY);\nSELECT pg_sleep(0.15);\n",
      "002_widgets.sql": "CREATE TABLE widgets (id int REFERENCES items (id));\n",
    });
  });
  after(async () => {
    await db.drop();
    dir.remove();
  });

  /** Fresh tenant schemas (and a schema the query does not list); `blocked` get a `widgets` table already. */
  async function resetTenants(blocked: readonly string[] = []): Promise<void> {
    const drop = [...TENANTS, "other"].map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE;`);
    const create = [...TENANTS, "other"].map((s) => `CREATE SCHEMA ${s};`);
    const block = blocked.map((s) => `CREATE TABLE ${s}.widgets (x int);`);
    await pgQuery(db.url, [...drop, ...create, ...block].join("\n"));
  }

  test("12 schemas, concurrency 3: each schema migrated inside itself, never more than 3 sessions", async () => {
    await resetTenants();
    const list = await targets();
    assert.deepEqual(
      list.map((t) => t.name),
      TENANTS,
    );
    const dbName = new URL(db.url).pathname.slice(1);
    let peak = 0;
    let polling = true;
    const poller = new pg.Client({ connectionString: db.url, application_name: "fleet-poller" });
    await poller.connect();
    const poll = (async () => {
      while (polling) {
        const { rows } = await poller.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'tidemark%'",
          [dbName],
        );
        peak = Math.max(peak, rows[0].n);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const report = await runFleet(list, up, {
      concurrency: 3,
      migrator: { dir: migrations() },
    });
    polling = false;
    await poll;
    await poller.end();
    assert.equal(report.ok, 12);
    assert.equal(report.failed, 0);
    assert.ok(peak <= 3, `at most 3 tidemark sessions at once, saw ${peak}`);
    assert.ok(peak >= 2, `the targets ran in parallel (saw ${peak} sessions at most)`);
    for (const schema of TENANTS) {
      assert.deepEqual(await tablesOf(db.url, schema), [
        "items",
        "tidemark_migrations",
        "tidemark_migrations_log",
        "widgets",
      ]);
      const rows = await pgQuery(
        db.url,
        `SELECT version AS id FROM ${schema}.tidemark_migrations WHERE status = 'applied' ORDER BY 1`,
      );
      assert.deepEqual(
        rows.map((r) => r.id),
        ["001", "002"],
      );
    }
    assert.deepEqual(await tablesOf(db.url, "public"), [], "nothing landed in public");
    assert.deepEqual(
      await tablesOf(db.url, "other"),
      [],
      "a schema the query does not list is untouched",
    );
  });

  test("a failing canary stops the run: the other schemas are untouched", async () => {
    await resetTenants(["tenant_01"]);
    const report = await runFleet(await targets(), up, {
      concurrency: 3,
      canary: 2,
      onError: "continue",
      migrator: { dir: migrations() },
    });
    assert.deepEqual(
      report.entries.map((e) => e.status),
      ["failed", "ok", ...Array(10).fill("skipped")],
    );
    const failed = report.entries[0]!;
    assert.ok(failed.status === "failed" && /widgets/.test(String(failed.error)));
    assert.ok(
      report.entries.slice(2).every((e) => e.status === "skipped" && e.reason === "canary-failed"),
    );
    assert.deepEqual(await tablesOf(db.url, "tenant_01"), [
      "items",
      "tidemark_migrations",
      "tidemark_migrations_log",
      "widgets",
    ]);
    assert.ok((await tablesOf(db.url, "tenant_02")).includes("widgets"));
    for (const schema of TENANTS.slice(2)) assert.deepEqual(await tablesOf(db.url, schema), []);
  });

  test("on-error continue applies the rest; status shows the skew; a re-run continues", async () => {
    await resetTenants(["tenant_05"]);
    const options = {
      concurrency: 3,
      onError: "continue" as const,
      migrator: { dir: migrations() },
    };
    const first = await runFleet(await targets(), up, options);
    assert.equal(first.ok, 11);
    assert.equal(first.failed, 1);
    assert.equal(first.entries[4]!.target, "tenant_05");
    assert.equal(first.entries[4]!.status, "failed");

    const status = await runFleet(await targets(), (m) => m.status(), {
      ...options,
      migrator: { dir: migrations(), readOnly: true },
    });
    const skew = versionSkew(
      status.entries.flatMap((e) =>
        e.status === "ok" ? [{ target: e.target, report: e.result }] : [],
      ),
    );
    assert.deepEqual(skew, [
      {
        current: "002",
        targets: TENANTS.filter((t) => t !== "tenant_05"),
        pending: 0,
        problems: 0,
      },
      { current: "001", targets: ["tenant_05"], pending: 1, problems: 0 },
    ]);

    await pgQuery(db.url, "DROP TABLE tenant_05.widgets");
    const again = await runFleet(await targets(), up, options);
    assert.equal(again.failed, 0);
    const applied = again.entries.map((e) => (e.status === "ok" ? e.result.steps.length : -1));
    assert.deepEqual(
      applied,
      TENANTS.map((t) => (t === "tenant_05" ? 1 : 0)),
    );
    assert.ok((await tablesOf(db.url, "tenant_05")).includes("widgets"));
  });
});

describe("fan-out on SQLite files", () => {
  test("a targets file of 5 files: stop after a failure leaves the rest untouched; a re-run continues", async () => {
    const dir = tempDir();
    try {
      writeFiles(join(dir.path, "migrations"), {
        "001_a.sql": "CREATE TABLE a (id int);\n",
        "002_b.sql": "CREATE TABLE b (id int);\n",
      });
      const files = [1, 2, 3, 4, 5].map((i) => join(dir.path, `t${i}.db`));
      writeFileSync(
        join(dir.path, "targets.txt"),
        `# five tenants\n${files.map((f) => `sqlite:${f}`).join("\n")}\n`,
      );
      const Database = (await import("better-sqlite3")).default;
      const blocker = new Database(files[2]!);
      blocker.exec("CREATE TABLE b (x int)");
      blocker.close();
      const list = await resolveTargets({ file: "targets.txt" }, dir.path);
      const options = { concurrency: 1, migrator: { dir: join(dir.path, "migrations") } };
      const first = await runFleet(list, up, options);
      assert.deepEqual(
        first.entries.map((e) => e.status),
        ["ok", "ok", "failed", "skipped", "skipped"],
      );
      assert.ok(!existsSync(files[3]!) && !existsSync(files[4]!), "skipped targets never opened");

      const fix = new Database(files[2]!);
      fix.exec("DROP TABLE b");
      fix.close();
      const again = await runFleet(list, up, options);
      assert.deepEqual(
        again.entries.map((e) => (e.status === "ok" ? e.result.steps.length : e.status)),
        [0, 0, 1, 2, 2],
      );
      for (const file of files) {
        const conn = new Database(file, { readonly: true });
        const rows = conn.prepare("SELECT version AS id FROM tidemark_migrations ORDER BY 1").all();
        conn.close();
        assert.deepEqual(rows, [{ id: "001" }, { id: "002" }]);
      }
    } finally {
      dir.remove();
    }
  });
});

describe("fan-out on MariaDB databases", { skip: await engineSkip("mysql") }, () => {
  test("3 databases, concurrency 2: each migrated; a failing one does not hide the others", async () => {
    const dbs = await Promise.all([1, 2, 3].map(() => freshDatabase("mysql")));
    const dir = tempDir();
    try {
      writeFiles(join(dir.path, "migrations"), {
        "001_items.sql": "CREATE TABLE items (id int PRIMARY KEY);\n",
        "002_widgets.sql": "CREATE TABLE widgets (id int);\n",
      });
      await query(dbs[1]!.url, "CREATE TABLE widgets (x int)");
      const list = await resolveTargets(
        dbs.map((d) => d.url),
        dir.path,
      );
      const report = await runFleet(list, up, {
        concurrency: 2,
        onError: "continue",
        migrator: { dir: join(dir.path, "migrations") },
      });
      assert.deepEqual(
        report.entries.map((e) => e.status),
        ["ok", "failed", "ok"],
      );
      for (const [i, d] of dbs.entries()) {
        const rows = await query(
          d.url,
          "SELECT version AS id FROM tidemark_migrations WHERE status = 'applied' ORDER BY 1",
        );
        assert.deepEqual(
          rows.map((r) => r.id),
          i === 1 ? ["001"] : ["001", "002"],
        );
      }
    } finally {
      await Promise.all(dbs.map((d) => d.drop()));
      dir.remove();
    }
  });
});
