/**
 * Issue 8, `status` memory flat in the history's length: when every migration is applied as its
 * files are, PostgreSQL hands `status` its rows one by one (Migrator.statusEach), in one
 * snapshot, and they are exactly what `status()` reports. Other engines, and any history that is
 * not all applied, get status()'s report instead, nothing handed over.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AppliedHead, Migrator, StatusApplied } from "../../src/index.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip } from "../helpers/databases.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

/**
 * What statusEach handed over, or null when it answered with a report instead: then nothing was
 * handed over, and the report is what status() says.
 */
async function streamed(m: Migrator): Promise<{ head: AppliedHead; rows: StatusApplied[] } | null> {
  const heads: AppliedHead[] = [];
  const rows: StatusApplied[] = [];
  const report = await m.statusEach(
    (head) => heads.push(head),
    (row) => rows.push(row),
  );
  if (report !== null) {
    assert.deepEqual([heads.length, rows.length], [0, 0], "nothing handed over with a report");
    assert.deepEqual(report, await m.status());
    return null;
  }
  assert.equal(heads.length, 1);
  return { head: heads[0]!, rows };
}

/** Counts the looks over a folder (DirectorySource.appliedMatcher) until `restore`. */
function countLooks(): { count: number; restore: () => void } {
  const original = DirectorySource.prototype.appliedMatcher;
  const looks = {
    count: 0,
    restore: () => {
      DirectorySource.prototype.appliedMatcher = original;
    },
  };
  DirectorySource.prototype.appliedMatcher = function (this: DirectorySource, ...args) {
    looks.count++;
    return original.apply(this, args);
  };
  return looks;
}

for (const engine of ALL_ENGINES) {
  describe(`status rows as they come on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    const streams = engine === "postgres";

    test("all applied: the rows, head and order of status(), stamped ones marked", {
      skip,
    }, async () => {
      const files = {
        "001_first.sql": table("a"),
        "002_second_longer_name.sql": table("b"),
        "003_third.sql": table("c"),
        "004_fourth.sql": table("d"),
        "R__zeta.sql": "-- migrate:up\nDROP VIEW IF EXISTS z;\nCREATE VIEW z AS SELECT 1 AS x;\n",
        "R__alpha.sql": "-- migrate:up\nDROP VIEW IF EXISTS y;\nCREATE VIEW y AS SELECT 2 AS x;\n",
      };
      await withMigratorSetup(engine, files, async ({ migrator }) => {
        const m = await migrator();
        await m.stamp("002");
        await m.up();
        const report = await m.status();
        assert.deepEqual(
          report.applied.map((a) => [a.version, a.stamped]),
          [
            ["001", true],
            ["002", true],
            ["003", false],
            ["004", false],
            ["R__alpha", false],
            ["R__zeta", false],
          ],
        );
        const got = await streamed(m);
        if (!streams) {
          assert.equal(got, null);
          return;
        }
        assert.ok(got);
        assert.deepEqual(got.rows, report.applied);
        assert.deepEqual(got.head, {
          count: 6,
          current: "004",
          longestId: "R__alpha".length,
          longestName: "second_longer_name".length,
          timed: true,
        });
        // The snapshot is over: the session goes on as before.
        assert.equal((await m.up()).steps.length, 0);
        assert.deepEqual(await streamed(m), got);
      });
    });

    test("not all applied, a name that is not ASCII, no tracking table: status()'s report, nothing handed", {
      skip,
    }, async () => {
      await withMigratorSetup(engine, { "001_a.sql": table("a") }, async ({ dir, migrator }) => {
        const m = await migrator();
        assert.equal(await streamed(m), null, "no tracking table yet");
        await m.up();
        writeFiles(dir, { "002_b.sql": table("b") });
        assert.equal(await streamed(m), null, "002 pending");
        await m.up();
        if (streams) assert.ok(await streamed(m), "all applied");
        writeFiles(dir, { "003_café.sql": table("c") });
        await m.up();
        assert.equal(await streamed(m), null, "a name that is not ASCII");
        const report = await m.status();
        assert.deepEqual(
          report.applied.map((a) => a.name),
          ["a", "b", "café"],
        );
      });
    });

    test("versions of several lengths (1, 2, 10: not in byte order): status()'s report, in order", {
      skip,
    }, async () => {
      const files = { "1_a.sql": table("a"), "2_b.sql": table("b"), "10_c.sql": table("c") };
      await withMigratorSetup(engine, files, async ({ migrator }) => {
        const m = await migrator();
        await m.up();
        // The folder is looked at once: the rows that cannot stream are read whole from the
        // same look, not by a second status() that hashes every file again.
        const looks = countLooks();
        try {
          const whole = await m.statusEach(
            () => assert.fail("no head"),
            () => assert.fail("no row"),
          );
          assert.equal(whole?.current, "10");
        } finally {
          looks.restore();
        }
        // MySQL has no digest: its status reads the folder with list(), not this look.
        assert.equal(looks.count, engine === "mysql" ? 0 : 1, "the folder was looked at once");
        assert.equal(await streamed(m), null);
        const report = await m.status();
        assert.equal(report.current, "10");
        assert.deepEqual(
          report.applied.map((a) => a.version),
          ["1", "2", "10"],
        );
      });
    });
  });
}
