/**
 * `status` with a failed row on the real servers, through the built CLI: on MariaDB (DDL is
 * not transactional, so the row stays failed) and on PostgreSQL (a no-transaction file). The
 * row shows in the table and as a `failed` problem, `check` exits 1, and the tracking table
 * says the same.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { engineSkip, withDbAndFolder } from "../helpers/databases.js";
import { serverQuery } from "../helpers/sql.js";

const ONE = "-- migrate:up\nCREATE TABLE one (id INT);\n-- migrate:down\nDROP TABLE one;\n";

/** Statement 2 of 3 fails; statement 1 stays applied. */
const BROKEN = (directive: string) =>
  `${directive}-- migrate:up\nCREATE TABLE effects (n INT);\nINSERT INTO missing VALUES (1);\nCREATE TABLE after_fix (id INT);\n-- migrate:down\nDROP TABLE IF EXISTS after_fix;\nDROP TABLE effects;\n`;

const CASES: readonly { engine: "postgres" | "mysql"; title: string; directive: string }[] = [
  { engine: "mysql", title: "MariaDB", directive: "" },
  { engine: "postgres", title: "PostgreSQL", directive: "-- tidemark:no-transaction\n" },
];

for (const { engine, title, directive } of CASES) {
  describe(`status with a failed row on ${title}`, async () => {
    const skip = await engineSkip(engine);

    test("the failed row is in the table and in problems; check exits 1", { skip }, async () => {
      await withDbAndFolder(engine, async (db, dir, cwd) => {
        const cli = (args: readonly string[]) => runCli([...args, "--url", db.url], { cwd });
        writeFiles(dir, {
          "001_one.sql": ONE,
          "002_broken.sql": BROKEN(directive),
        });
        const up = await cli(["up"]);
        assert.equal(up.code, 1, up.stderr);
        const recorded = await serverQuery(
          engine,
          db.url,
          "SELECT version, status, statements_done, failed_statement FROM tidemark_migrations ORDER BY version",
        );
        assert.deepEqual(
          recorded.map((r) => [r.version, r.status]),
          [
            ["001", "applied"],
            ["002", "failed"],
          ],
        );
        assert.equal(Number(recorded[1]!.statements_done), 1, "statement 1 stays applied");
        assert.equal(Number(recorded[1]!.failed_statement), 1);

        const r = await cli(["status"]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Current\s+001\s+\(1 applied, 1 failed or running, 0 pending\)/);
        assert.match(r.stdout, /^\s+applied\s+001\s+one\s/m);
        assert.match(
          r.stdout,
          /^\s+failed\s+002\s+broken\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\s+by \S+@\S+$/m,
        );
        assert.match(r.stdout, /✗ failed: 002_broken\.sql failed at statement 2 of \d+: .*missing/);

        const json = await cli(["status", "--json"]);
        assert.equal(json.code, 0, json.stderr);
        const doc = JSON.parse(json.stdout);
        assert.deepEqual(Object.keys(doc).sort(), ["applied", "current", "pending", "problems"]);
        assert.equal(doc.current, "001");
        assert.deepEqual(
          doc.applied.map((a: { version: string }) => a.version),
          ["001"],
        );
        assert.deepEqual(doc.pending, []);
        assert.deepEqual(
          doc.problems.map((p: { kind: string; version: string; name: string }) => [
            p.kind,
            p.version,
            p.name,
          ]),
          [["failed", "002", "broken"]],
        );
        assert.equal((await cli(["check"])).code, 1);
      });
    });
  });
}
