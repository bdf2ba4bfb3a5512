/**
 * Issue 8, no-op `up` over a long history: its first look reads the tracking rows briefly
 * (no stored down SQL, no times), on every engine, and decides as the full rows would.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { HistoryStore } from "../../src/core/history.js";
import type { Connection, Dialect } from "../../src/dialects/dialect.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { createMigrator, TidemarkError } from "../../src/index.js";
import { writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip, withDbAndFolder } from "../helpers/databases.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

/** `fn` with a tracking store of `url` on a session of its own, closed after. */
async function withStore<T>(
  url: string,
  fn: (store: HistoryStore, dialect: Dialect, conn: Connection) => Promise<T>,
): Promise<T> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "tidemark-test" });
  try {
    return await fn(
      new HistoryStore(dialect, conn, "tidemark_migrations", "test", "0"),
      dialect,
      conn,
    );
  } finally {
    await conn.close();
  }
}

/** The tracking rows of `url`, read by a store of its own: in full, briefly and for `status`. */
function readBoth(url: string) {
  return withStore(url, async (store) => {
    const byId = (rows: Awaited<ReturnType<HistoryStore["readAll"]>>) =>
      [...(rows ?? [])].sort((a, b) => a.id.localeCompare(b.id));
    return {
      full: byId(await store.readAll()),
      brief: byId(await store.readAll({ read: "brief" })),
      status: byId(await store.readAll({ read: "status" })),
    };
  });
}

for (const engine of ALL_ENGINES) {
  describe(`brief tracking rows on ${engine}`, async () => {
    const skip = await engineSkip(engine);

    test("say what the full rows say, less the SQL text, times and errors", { skip }, async () => {
      await withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, {
          "001_a.sql": table("a"),
          "002_b.sql": "-- migrate:up\nCREATE TABLE b (id INT);\n",
          "003_c.sql": table("c"),
        });
        const m = await createMigrator({ url: db.url, dir });
        try {
          await m.up();
          await m.down();
          await m.close();
          const { full, brief, status } = await readBoth(db.url);
          assert.equal(brief.length, 3);
          const same = (r: (typeof full)[number]) =>
            `${r.id} ${r.name} ${r.kind} ${r.format} ${r.checksum} ${r.status} ${r.direction}`;
          assert.deepEqual(brief.map(same), full.map(same));
          assert.deepEqual(
            full.map((r) => r.rollbackSql !== null),
            [true, false, true],
          );
          assert.deepEqual(
            brief.map((r) => r.rollbackSql),
            ["", null, ""],
            "'' says some down SQL is stored, without its text",
          );
          assert.ok(full.every((r) => r.appliedAt !== null));
          assert.ok(brief.every((r) => r.appliedAt === null && r.appliedBy === null));
          // A status read: what `status` shows, with who and the error only off applied rows.
          assert.deepEqual(status.map(same), full.map(same));
          assert.deepEqual(
            status.map((r) => r.appliedAt?.getTime()),
            full.map((r) => r.appliedAt?.getTime()),
          );
          assert.deepEqual(
            status.map((r) => [r.executionMs, r.statementsDone, r.statementsTotal]),
            full.map((r) => [r.executionMs, r.statementsDone, r.statementsTotal]),
          );
          assert.deepEqual(
            status.map((r) => r.rollbackSql),
            ["", null, ""],
          );
          assert.deepEqual(
            status.map((r) => r.appliedBy),
            full.map((r) => (r.status === "applied" ? null : r.appliedBy)),
          );
          assert.ok(full[2]!.status === "rolled_back" && full[2]!.appliedBy !== null);
          assert.ok(status.every((r) => r.toolVersion === null));
          // One shape for every read, the fields in one order (records() and the planner see one).
          for (const r of [...full, ...brief, ...status])
            assert.deepEqual(Object.keys(r), Object.keys(full[0]!));
        } finally {
          await m.close();
        }
      });
    });

    test("the rows of a long status, in one JSON query, are what the rows one by one say", {
      skip,
    }, async () => {
      await withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, {
          "001_a.sql": table("a"),
          '002_b_l\'été "x".sql': table("b"),
          "003_c.sql": table("c"),
          "004_d.sql": table("d"),
          "R__v.sql": "DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 1 AS n;\n",
        });
        const m = await createMigrator({ url: db.url, dir });
        try {
          await m.up({ to: "001" });
          await m.stamp("002");
          await m.up();
          await m.down();
          await m.close();
          await withStore(db.url, async (_, dialect, conn) => {
            const store = (d: typeof dialect) =>
              new HistoryStore(d, conn, "tidemark_migrations", "test", "0");
            const one = await store(dialect).readAppliedStamped();
            const two = await store({ ...dialect, jsonColumnsSql: undefined }).readAppliedStamped();
            const full = await store(dialect).readAll();
            assert.ok(one && two && full);
            const byId = <T extends { id: string }>(rows: readonly T[]) =>
              [...rows].sort((a, b) => a.id.localeCompare(b.id));
            // The applied rows as the full read has them: 004 was rolled back.
            const expected = byId(full.filter((r) => r.status === "applied")).map((r) => ({
              id: r.id,
              name: r.name,
              kind: r.kind,
              checksum: r.checksum,
              appliedAt: r.appliedAt?.toISOString() ?? null,
              executionMs: r.executionMs,
            }));
            assert.deepEqual(
              expected.map((r) => r.id),
              ["001", "002", "003", "R__v"],
            );
            // In one query (JSON columns: PostgreSQL, PGlite) and in two, the same rows, each
            // with its checksum (status holds them to the server's digest: noop-look.test.ts).
            assert.equal(
              dialect.jsonColumnsSql !== undefined,
              engine === "postgres" || engine === "pglite",
            );
            assert.deepEqual(byId(one.rows), expected);
            assert.deepEqual(byId(two.rows), expected);
            assert.equal(one.rows.find((r) => r.id === "002")?.name, `b_l'été "x"`);
            assert.equal(one.rows.find((r) => r.id === "002")?.executionMs, null);
            assert.equal(one.rows.find((r) => r.id === "R__v")?.kind, "repeatable");
            assert.deepEqual([...(one.stamped ?? [])], ["002"]);
            assert.deepEqual([...(two.stamped ?? [])], ["002"]);
          });
        } finally {
          await m.close();
        }
      });
    });

    test("a row is stamped while the latest up, stamp or import of its version is a stamp or import", {
      skip,
    }, async () => {
      await withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, {
          "001_a.sql": table("a"),
          "002_b.sql": table("b"),
          "003_c.sql": table("c"),
        });
        const m = await createMigrator({ url: db.url, dir });
        try {
          await m.stamp("002");
          // Moved down to 001 (nothing run), then 002 and 003 applied by running them.
          await m.stamp("001");
          await m.up();
          const flags = async () =>
            (await m.status()).applied.map((a) => `${a.version}${a.stamped ? " stamped" : ""}`);
          assert.deepEqual(await flags(), ["001 stamped", "002", "003"]);
          await m.close();
          await withStore(db.url, async (store) => {
            assert.deepEqual([...(await store.readStamped())], ["001"]);
            assert.deepEqual([...((await store.readAppliedStamped())?.stamped ?? [])], ["001"]);
          });
          // Rolled back by running its down, then stamped again: stamped once more.
          await m.down({ to: "001" });
          await m.stamp("003");
          assert.deepEqual(await flags(), ["001 stamped", "002 stamped", "003 stamped"]);
        } finally {
          await m.close();
        }
      });
    });

    test("the digest with the applied rows: the rows of its own statement, or the digest alone", {
      skip,
    }, async () => {
      await withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, { "001_a.sql": table("a"), "002_b.sql": table("b") });
        const m = await createMigrator({ url: db.url, dir });
        try {
          await m.up({ to: "001" });
          await m.stamp("002");
        } finally {
          await m.close();
        }
        await withStore(db.url, async (store, dialect, conn) => {
          const plain = await store.digest();
          const withApplied = await store.digest({ withApplied: true });
          if (dialect.digestSql === undefined) {
            assert.equal(withApplied, undefined);
            return;
          }
          assert.deepEqual([withApplied?.rows, withApplied?.digest], [plain?.rows, plain?.digest]);
          assert.equal(plain?.applied, undefined);
          const read = await store.readAppliedStamped();
          if (dialect.jsonColumnsSql === undefined) {
            assert.equal(withApplied?.applied, undefined, "no JSON columns: read apart");
          } else {
            const applied = withApplied?.applied?.();
            assert.deepEqual(applied?.rows, read?.rows);
            assert.deepEqual([...(applied?.stamped ?? [])], ["002"]);
          }
          // A statement the server refuses (here, no log to read the stamps from): the digest alone.
          await conn.exec(`DROP TABLE ${dialect.tableRef("tidemark_migrations_log")}`);
          const alone = await store.digest({ withApplied: true });
          assert.deepEqual([alone?.rows, alone?.digest], [plain?.rows, plain?.digest]);
          assert.equal(alone?.applied, undefined);
        });
      });
    });

    test("a down left failed still refuses a down that would not reach it", { skip }, async () => {
      await withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, { "001_a.sql": table("a"), "002_b.sql": table("b") });
        const m = await createMigrator({ url: db.url, dir });
        try {
          await m.up();
          await m.close();
          // As a statement-by-statement down of 001 leaves it when it fails.
          await withStore(db.url, (_, dialect, conn) =>
            conn.exec(
              `UPDATE ${dialect.tableRef("tidemark_migrations")} SET ${dialect.quoteIdent("status")} = 'failed', ${dialect.quoteIdent("direction")} = 'down' WHERE ${dialect.quoteIdent("version")} = '001'`,
            ),
          );
          // Nothing above 002 to roll back: only the rows' direction says the plan must stop.
          const err = await m.down({ to: "002" }).catch((e: unknown) => e);
          assert.ok(err instanceof TidemarkError && err.code === "E_FAILED_STATE", String(err));
          const { brief } = await readBoth(db.url);
          assert.equal(brief.find((r) => r.id === "001")?.direction, "down");
        } finally {
          await m.close();
        }
      });
    });
  });
}
