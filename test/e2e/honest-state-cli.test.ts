/**
 * The built CLI on every engine, for honest state (SPEC §4–§6): a down that fails part-way
 * is journalled and resumed with `down --resume`; `stamp` to an older version asks first and
 * records the rows above it rolled back; `repair` stores the file's down as it is now;
 * `applied_by` reads `user@host`.
 */
import assert from "node:assert/strict";
import { hostname, userInfo } from "node:os";
import { describe, test } from "node:test";
import { runCli, writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip, withDbAndFolder as withDb } from "../helpers/databases.js";
import { JOURNALED, table } from "../helpers/journal-files.js";
import { dialectQuery as sql } from "../helpers/sql.js";

const exists = (url: string, name: string) =>
  sql(url, `SELECT 1 FROM ${name} WHERE 1 = 0`).then(
    () => true,
    () => false,
  );

const rows = async (url: string) =>
  (
    await sql(
      url,
      "SELECT version, status, direction, statements_done, statements_total, rollback_sql, applied_by FROM tidemark_migrations ORDER BY version",
    )
  ).map((r) => ({
    version: String(r.version),
    status: String(r.status),
    direction: r.direction,
    done: Number(r.statements_done),
    total: r.statements_total === null ? null : Number(r.statements_total),
    rollbackSql: String(r.rollback_sql ?? ""),
    appliedBy: String(r.applied_by),
  }));

for (const engine of ALL_ENGINES) {
  describe(`tidemark CLI honest state on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("a down failing at statement 2 of 3: recorded, shown, refused, resumed", {
      skip,
    }, async () => {
      await withDb(engine, async (db, dir, cwd) => {
        const cli = (...args: string[]) => runCli([...args, "--url", db.url], { cwd });
        writeFiles(dir, { "001_j.sql": JOURNALED });
        let r = await cli("up");
        assert.equal(r.code, 0, r.stderr);
        r = await cli("down");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /001_j\.sql:21:/);
        assert.match(
          r.stderr,
          /down statement 2 of 3; statement 1 of the down ran; recorded as failed/,
        );
        assert.match(r.stderr, /hint: .*tidemark down --resume/);
        assert.deepEqual(
          (await rows(db.url)).map((x) => [x.status, x.direction, x.done, x.total]),
          [["failed", "down", 1, 3]],
        );
        r = await cli("status", "--json");
        const problems = JSON.parse(r.stdout).problems as { kind: string; message: string }[];
        assert.ok(
          problems.some(
            (p) => p.kind === "failed" && /down failed at statement 2 of 3/.test(p.message),
          ),
          JSON.stringify(problems),
        );
        r = await cli("up");
        assert.equal(r.code, 1);
        assert.match(
          r.stderr,
          /001_j\.sql: its down failed at statement 2 of 3 \(statement 1 of it ran\): .*; nothing was applied/,
        );
        assert.match(r.stderr, /tidemark down --resume/);
        r = await cli("down");
        assert.equal(r.code, 1, "a plain down does not start over at statement 1");
        assert.match(
          r.stderr,
          /001_j\.sql: its down failed at statement 2 of 3.*; nothing was rolled back/,
        );
        assert.equal(await exists(db.url, "j1"), true);
        await sql(db.url, "CREATE TABLE jmissing (id INT)");
        r = await cli("down", "--resume");
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Rolled back 1 migration/);
        assert.deepEqual(
          (await rows(db.url)).map((x) => [x.status, x.direction]),
          [["rolled_back", "down"]],
        );
        assert.equal(await exists(db.url, "j1"), false);
        r = await cli("down", "--resume");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /Nothing to resume: no down is failed/);
      });
    });

    test("stamp to an older version asks, then records rows rolled back; repair takes the new down; applied_by", {
      skip,
    }, async () => {
      await withDb(engine, async (db, dir, cwd) => {
        const cli = (...args: string[]) => runCli([...args, "--url", db.url], { cwd });
        writeFiles(dir, {
          "001_a.sql": table("a"),
          "002_b.sql": table("b"),
          "003_c.sql": table("c"),
        });
        let r = await cli("up");
        assert.equal(r.code, 0, r.stderr);
        r = await cli("stamp", "001");
        assert.equal(r.code, 1, "confirmation needed, no terminal");
        assert.match(r.stderr, /--yes/);
        assert.deepEqual(
          (await rows(db.url)).map((x) => x.status),
          ["applied", "applied", "applied"],
        );
        r = await cli("stamp", "001", "--yes");
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Stamped 2 migrations as rolled back \(nothing run\)/);
        assert.deepEqual(
          (await rows(db.url)).map((x) => `${x.version}:${x.status}`),
          ["001:applied", "002:rolled_back", "003:rolled_back"],
        );
        assert.equal(await exists(db.url, "c"), true, "stamp runs nothing");
        const user =
          engine === "sqlite"
            ? userInfo().username
            : engine === "pglite"
              ? "postgres"
              : decodeURIComponent(new URL(db.url).username);
        assert.equal((await rows(db.url))[0]!.appliedBy, `${user}@${hostname()}`);
        r = await cli("history", "--json");
        const history = JSON.parse(r.stdout).history as {
          action: string;
          version: string;
          appliedBy: string;
        }[];
        assert.deepEqual(
          history.filter((h) => h.action === "stamp").map((h) => h.version),
          ["003", "002"],
        );
        writeFiles(dir, {
          "001_a.sql": table("a").replace(
            "DROP TABLE a;",
            "DROP TABLE a;\nCREATE TABLE a_gone (id INT);",
          ),
        });
        r = await cli("repair", "--yes");
        assert.equal(r.code, 0, r.stderr);
        assert.match(
          r.stdout,
          /001: accepted 001_a\.sql as it is now \(new checksum, down SQL refreshed from the file\)/,
        );
        assert.match((await rows(db.url))[0]!.rollbackSql, /CREATE TABLE a_gone/);
        r = await cli("down");
        assert.equal(r.code, 0, r.stderr);
        assert.equal(await exists(db.url, "a_gone"), true, "the down as the file has it now ran");
      });
    });

    test("a down run from the stored text says so, and repair stores the file's fixed down", {
      skip,
    }, async () => {
      await withDb(engine, async (db, dir, cwd) => {
        const cli = (...args: string[]) => runCli([...args, "--url", db.url], { cwd });
        const file = (down: string) =>
          `-- migrate:up\nCREATE TABLE f1 (id INT);\n-- migrate:down\n${down}`;
        writeFiles(dir, { "002_f.sql": file("DROP TABLE f1;\nDROP TABLE f_missing;\n") });
        let r = await cli("up");
        assert.equal(r.code, 0, r.stderr);
        writeFiles(dir, { "002_f.sql": file("DROP TABLE IF EXISTS f1;\n") });
        r = await cli("down");
        assert.equal(r.code, 1);
        assert.match(r.stderr, /error: 002_f\.sql: stored down SQL, line 2, column 1: /);
        assert.doesNotMatch(
          r.stderr,
          /002_f\.sql:\d/,
          "no line of the stored text shown as the file's",
        );
        assert.match(r.stderr, /hint: .*The down stored when it was applied ran.*tidemark repair/);
        // MySQL commits DDL: its down ran statement by statement and is journalled.
        const [row] = await rows(db.url);
        assert.deepEqual(
          [row!.status, row!.direction],
          engine === "mysql" ? ["failed", "down"] : ["applied", "up"],
        );
        r = await cli("repair", "--yes");
        assert.equal(r.code, 0, r.stderr);
        assert.equal((await rows(db.url))[0]!.rollbackSql.trim(), "DROP TABLE IF EXISTS f1;");
        r = await cli("down");
        assert.equal(r.code, 0, r.stderr);
        assert.equal((await rows(db.url))[0]!.status, "rolled_back");
        assert.equal(await exists(db.url, "f1"), false);
      });
    });
  });
}
