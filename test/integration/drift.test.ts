/**
 * drift: the live schema against the one the applied migrations build in a throw-away
 * database. Changes made by hand are found object by object; an untouched database has none.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type Engine, engineSkip, PG_URL } from "../helpers/databases.js";
import { generateHistory } from "../helpers/history.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";
import { dialectQuery, pgQuery } from "../helpers/sql.js";
import { shadowName } from "../helpers/verify-checks.js";

const brief = (ds: readonly { change: string; kind: string; name: string }[]) =>
  ds.map((d) => `${d.change} ${d.kind} ${d.name}`);

describe("drift on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");

  test("finds a column added, an index dropped and a function edited by hand", {
    skip,
  }, async () => {
    await withMigratorSetup("postgres", generateHistory("postgres", 10).files, async (s) => {
      const m = await s.migrator();
      await m.up();
      const clean = await m.drift();
      assert.deepEqual(clean.differences, []);
      assert.equal(clean.applied, 10);
      assert.equal((await m.status({ drift: true })).problems.length, 0);
      await m.close();
      await dialectQuery(s.db.url, "ALTER TABLE t1 ADD COLUMN added_by_hand text");
      await dialectQuery(s.db.url, "DROP INDEX ix3");
      await dialectQuery(
        s.db.url,
        "CREATE OR REPLACE FUNCTION f5(x integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN 0; END; $$",
      );
      const m2 = await s.migrator();
      const report = await m2.drift();
      assert.equal(report.equal, false);
      assert.deepEqual(brief(report.differences), [
        "extra column public.t1.added_by_hand",
        "missing index public.t1.ix3",
        "changed routine public.f5(integer)",
      ]);
      const body = report.differences[2]!.details!.find((d) => d.field === "body")!;
      assert.match(body.from!, /RETURN x \* 9/);
      assert.match(body.to!, /RETURN 0/);
      const name = shadowName(report)!;
      assert.deepEqual(
        await pgQuery(PG_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [name]),
        [],
      );
      const status = await m2.status({ drift: true });
      assert.deepEqual(
        status.problems.map((p) => p.kind),
        ["drift"],
      );
      assert.match(status.problems[0]!.message, /3 object/);
    });
  });
});

// PGlite shares the PostgreSQL reader and comparison; its drift is left to the test above,
// because each PGlite start costs seconds and this test would start six.
for (const engine of ["sqlite"] as const satisfies readonly Engine[]) {
  describe(`drift on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    test("finds a column added and an index dropped by hand", { skip }, async () => {
      const history = generateHistory(engine === "sqlite" ? "sqlite" : "postgres", 4);
      await withMigratorSetup(engine, history.files, async (s) => {
        const m = await s.migrator();
        await m.up();
        assert.deepEqual((await m.drift()).differences, []);
        await s.query("ALTER TABLE t1 ADD COLUMN added_by_hand text");
        await s.query("DROP INDEX ix3");
        const report = await (await s.migrator()).drift();
        const table = engine === "sqlite" ? "t1" : "public.t1";
        assert.deepEqual(brief(report.differences), [
          `extra column ${table}.added_by_hand`,
          `missing index ${table}.ix3`,
        ]);
      });
    });
  });
}
