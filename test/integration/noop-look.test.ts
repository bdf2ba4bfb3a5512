/**
 * Issue 8, no-op `up` over a long history: `everythingApplied` answers "nothing to do" without a
 * descriptor or a record a migration. It may say "no" when in doubt, but never "yes" when the
 * usual look (`plan("up")`) finds a step, a note or a warning, or refuses. Every engine, and
 * where the engine digests rows (PostgreSQL, PGlite, SQLite) both ways: the digest of the rows,
 * and the rows one by one.
 */
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { HistoryStore } from "../../src/core/history.js";
import type { AppliedDigest, AppliedMatcher } from "../../src/core/migration.js";
import { everythingApplied, folderDigest } from "../../src/core/noop-check.js";
import { toStatusReport } from "../../src/core/status.js";
import type { Connection, Dialect } from "../../src/dialects/dialect.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { createMigrator, DirectorySource, TidemarkError } from "../../src/index.js";
import { runCli, writeFiles } from "../helpers/cli.js";
import { ALL_ENGINES, engineSkip, tempDir, withDbAndFolder } from "../helpers/databases.js";

const table = (name: string) =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;
const view = (n: number) =>
  `DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT id, ${n} AS n FROM a;\n`;

/** Applied by every scenario first: a one-file migration, an up/down pair, one in a subfolder, a repeatable. */
const BASE = {
  "001_a.sql": table("a"),
  "002_b.up.sql": "CREATE TABLE b (id INT);\n",
  "002_b.down.sql": "DROP TABLE b;\n",
  "2025/003_c.sql": table("c"),
  "R__v.sql": view(1),
};

/**
 * BASE with every migration one file: a no-op `up` on an engine that digests its rows then
 * hashes the folder as it reads it (AppliedDigest, from appliedMatcher({ digestOnly: true })), keeping nothing a migration.
 */
const SINGLE_BASE = {
  "001_a.sql": table("a"),
  "002_b.sql": table("b"),
  // In a subfolder that sorts among the versions (2025/ would sort after 004_d.sql, so the
  // ids would not come in order: the matcher would answer).
  "003/003_c.sql": table("c"),
  "R__v.sql": view(1),
};

/** A scenario's file as it is named in `base`. */
const pathIn = (base: object, file: string) =>
  base === SINGLE_BASE && file === "2025/003_c.sql" ? "003/003_c.sql" : file;

interface Scenario {
  readonly name: string;
  /** Files written (or, with null, deleted) after BASE was applied. */
  readonly change?: Record<string, string | null>;
  /** Files applied with BASE. */
  readonly extra?: Record<string, string>;
  /** SQL run on the tracking table after the change (`{table}` is its name). */
  readonly sql?: string;
  /** Roll back this many after applying. */
  readonly down?: number;
  /** Apply 001, record up to this version with `stamp` (nothing run), then apply the rest. */
  readonly stamp?: string;
  /** What the look must say. */
  readonly look: boolean;
  /** Also on PGlite (each PGlite database takes seconds: a few scenarios cover its session). */
  readonly pglite?: true;
}

const SCENARIOS: readonly Scenario[] = [
  { name: "everything applied as it is", look: true, pglite: true },
  {
    name: "an edit of trailing blanks only (same checksum)",
    change: { "001_a.sql": `${table("a").replace("(id INT);", "(id INT);  ")}\n\n` },
    look: true,
  },
  {
    name: "everything applied, some of it stamped (status marks it)",
    stamp: "002",
    look: true,
  },
  { name: "a pending file", change: { "004_d.sql": table("d") }, look: false, pglite: true },
  { name: "an applied file deleted", change: { "2025/003_c.sql": null }, look: false },
  {
    name: "an applied file edited",
    change: { "001_a.sql": `${table("a")}-- edited\n` },
    look: false,
    pglite: true,
  },
  { name: "a changed repeatable", change: { "R__v.sql": view(2) }, look: false },
  { name: "a rolled back migration", down: 1, look: false },
  {
    name: "a failed row",
    sql: "UPDATE {table} SET status = 'failed' WHERE version = '002'",
    look: false,
  },
  {
    name: "a file with a directive (only parsing it can tell)",
    extra: { "005_e.sql": `-- tidemark:no-transaction\n${table("e")}` },
    look: false,
  },
  {
    name: "a migration applied without down SQL (its row does not describe it)",
    extra: { "006_f.sql": "-- migrate:up\nCREATE TABLE f (id INT);\n" },
    look: false,
    pglite: true,
  },
];

/** The digest a source makes as it reads its files, or null when its matcher answers instead. */
function digestLook(source: DirectorySource): AppliedDigest | null {
  const look = source.appliedMatcher({ digestOnly: true });
  return look !== null && "digest" in look ? look : null;
}

/** The matcher of a source's rows one by one (never a digest: no `digestOnly`). */
function rowMatcher(source: DirectorySource): AppliedMatcher | null {
  const look = source.appliedMatcher();
  assert.ok(look === null || !("digest" in look));
  return look;
}

/** The dialect without its digest: the rows are then read one by one. */
function withoutDigest(dialect: Dialect): Dialect {
  return { ...dialect, digestSql: undefined };
}

async function openStore(url: string, digest: boolean) {
  const dialect = await resolveDialect(url);
  const conn: Connection = await dialect.connect({ applicationName: "tidemark-test" });
  const store = new HistoryStore(
    digest ? dialect : withoutDigest(dialect),
    conn,
    "tidemark_migrations",
    "test",
    "0",
  );
  return { dialect, conn, store };
}

for (const engine of ALL_ENGINES) {
  describe(`the no-op look on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    // MySQL has no digest (GROUP_CONCAT is cut at group_concat_max_len): rows only.
    const ways = engine === "mysql" ? [false] : [true, false];

    const scenarios = engine === "pglite" ? SCENARIOS.filter((s) => s.pglite) : SCENARIOS;
    // The one-file layout where the digest is made as the files are read: SQLite and the server.
    const layouts = engine === "sqlite" || engine === "postgres" ? [BASE, SINGLE_BASE] : [BASE];
    for (const scenario of scenarios)
      for (const base of layouts) {
        const single = base === SINGLE_BASE;
        test(`${scenario.name}${single ? " (every migration one file)" : ""}`, {
          skip,
        }, async () => {
          await withDbAndFolder(engine, async (db, dir) => {
            writeFiles(dir, { ...base, ...scenario.extra });
            const m = await createMigrator({ url: db.url, dir });
            try {
              if (scenario.stamp) {
                await m.up({ to: "001" });
                await m.stamp(scenario.stamp);
              }
              await m.up();
              if (scenario.down) await m.down({ step: scenario.down });
              for (const [named, text] of Object.entries(scenario.change ?? {})) {
                const file = pathIn(base, named);
                if (text === null) rmSync(join(dir, file));
                else writeFiles(dir, { [file]: text });
              }
              if (scenario.sql) {
                const { conn, dialect } = await openStore(db.url, true);
                try {
                  await conn.query(
                    scenario.sql.replace("{table}", dialect.tableRef("tidemark_migrations")),
                  );
                } finally {
                  await conn.close();
                }
              }
              // The usual look: a no-op only with no step, no note, no warning and no refusal.
              const usual = await m.plan("up").then(
                (plan) => plan.steps.length === 0 && !plan.note && !plan.warnings,
                () => false,
              );
              if (scenario.look) assert.equal(usual, true, "the usual look agrees it is a no-op");
              for (const digest of ways) {
                const { conn, store } = await openStore(db.url, digest);
                try {
                  const source = new DirectorySource(dir, { statCache: false });
                  const said = (await everythingApplied(source, async () => store)) !== null;
                  assert.equal(said, scenario.look, `${digest ? "digest" : "rows"}: the look`);
                  if (said)
                    assert.equal(usual, true, "never yes when the usual look finds something");
                } finally {
                  await conn.close();
                }
              }
              // A no-op up's look, which needs no checksum: made as the files are read in the
              // one-file layout, else by the matcher, as above.
              if (ways.includes(true)) {
                const { conn, store } = await openStore(db.url, true);
                try {
                  const source = new DirectorySource(dir, { statCache: false });
                  assert.equal(digestLook(source) !== null, single, "made as files are read");
                  const look = await everythingApplied(
                    new DirectorySource(dir, { statCache: false }),
                    async () => store,
                    { digestOnly: true },
                  );
                  assert.equal(look !== null, scenario.look, "digest only: the look");
                  if (look !== null) assert.match(look.digest ?? "", /^[0-9a-f]{64}$/);
                } finally {
                  await conn.close();
                }
              }
              // status() says what the usual look's report says, whichever way it was made.
              assert.deepEqual(
                await m.status(),
                toStatusReport(await m.state({ stamped: true })),
                "status as the usual look",
              );
              // up() answers as the usual look would: nothing when it is a no-op.
              const report = await m.up().catch((err: unknown) => err);
              if (scenario.look) {
                assert.ok(!(report instanceof Error));
                assert.deepEqual(report, {
                  direction: "up",
                  dryRun: false,
                  steps: [],
                  interrupted: false,
                });
              }
            } finally {
              await m.close();
            }
          });
        });
      }

    // PGlite's session is the pg one's (see pg-connection.ts): the server's is enough here.
    if (engine === "pglite") return;
    test("the built CLI: a no-op up and status say only what they should, on stdout", {
      skip,
    }, async () => {
      await withDbAndFolder(engine, async (db, dir, cwd) => {
        writeFiles(dir, BASE);
        const cli = (...args: string[]) =>
          runCli([...args, "--url", db.url, "--dir", dir], { cwd });
        assert.equal((await cli("up", "--to", "001")).code, 0);
        assert.equal((await cli("stamp", "002", "--yes")).code, 0);
        assert.equal((await cli("up")).code, 0);
        const up = await cli("up");
        assert.deepEqual([up.code, up.stderr], [0, ""]);
        assert.match(up.stdout, /Nothing to apply: the database is up to date\./);
        const status = await cli("status");
        assert.deepEqual([status.code, status.stderr], [0, ""]);
        assert.match(status.stdout, /stamped\s+002\s+b/);
        assert.match(status.stdout, /Up to date\./);
        const json = await cli("status", "--json");
        assert.deepEqual([json.code, json.stderr], [0, ""]);
        const report = JSON.parse(json.stdout) as {
          current: string;
          applied: { stamped: boolean }[];
        };
        assert.equal(report.current, "003");
        assert.deepEqual(
          report.applied.map((a) => a.stamped),
          [false, true, false, false],
        );
        // An edited file with the row count unchanged: the look starts reading the rows for
        // the report, then finds the edit and looks the usual way, still on one session.
        writeFiles(dir, { "001_a.sql": `${table("a")}-- edited\n` });
        const edited = await cli("status");
        assert.deepEqual([edited.code, edited.stderr], [0, ""]);
        assert.match(
          edited.stdout,
          /checksum_mismatch: 001_a\.sql was edited after it was applied/,
        );
        const refused = await cli("up");
        assert.equal(refused.code, 1);
        assert.match(refused.stderr, /^error: 001_a\.sql was edited after it was applied/);
        assert.doesNotMatch(refused.stderr, /Warning/);
      });
    });

    test("a file that cannot be read while its row is matched fails with E_IO, not as a query error", {
      skip,
    }, async () => {
      await withDbAndFolder(engine, async (db, dir) => {
        writeFiles(dir, BASE);
        const m = await createMigrator({ url: db.url, dir });
        try {
          await m.up();
          await m.close();
          const { conn, store } = await openStore(db.url, false);
          try {
            const matcher = rowMatcher(new DirectorySource(dir));
            assert.ok(matcher !== null);
            rmSync(join(dir, "001_a.sql"));
            await assert.rejects(
              store.eachBrief((r) => void matcher.match(r.id, r.checksum)),
              (err) =>
                err instanceof TidemarkError &&
                err.code === "E_IO" &&
                /001_a\.sql/.test(err.message),
            );
            // The session is still usable.
            assert.equal(await store.countApplied(), 4);
          } finally {
            await conn.close();
          }
        } finally {
          await m.close();
        }
      });
    });
  });
}

describe("the folder's side of the digest", () => {
  test("SQLite's digest of the rows is the one PostgreSQL's SQL makes (byte order, UTF-8)", async () => {
    const folder = tempDir();
    try {
      const { openSqlite } = await import("../../src/dialects/sqlite/sqlite-driver.js");
      const db = await openSqlite(join(folder.path, "d.db"));
      const rows: [string, string][] = [
        ["010", "x"],
        ["002", "y"],
        ["R__vue_générée", "z"],
        ["R__Z", "!"],
      ];
      db.exec("CREATE TABLE t (k TEXT, v TEXT)");
      for (const [k, v] of rows) db.prepare("INSERT INTO t VALUES (?, ?)").run(k, v);
      const dialect = await resolveDialect(`sqlite:${join(folder.path, "d.db")}`);
      const [row] = db.prepare(dialect.digestSql!("SELECT k, v FROM t")).all() as {
        n: number;
        digest: string;
      }[];
      db.close();
      assert.equal(row?.n, 4);
      const ids = rows.map(([k]) => k);
      const sums = rows.map(([, v]) => v);
      assert.equal(row?.digest, folderDigest({ ids, sums }));
      const empty = folderDigest({ ids: [], sums: [] });
      assert.equal(empty, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    } finally {
      folder.remove();
    }
  });

  test("lines `id checksum` in the byte order of the ids, whatever the folder's order", () => {
    const a = folderDigest({ ids: ["010", "002", "R__v"], sums: ["x", "y", "z"] });
    const b = folderDigest({ ids: ["R__v", "010", "002"], sums: ["z", "x", "y"] });
    assert.equal(a, b);
    assert.notEqual(a, folderDigest({ ids: ["010", "002", "R__v"], sums: ["y", "x", "z"] }));
  });

  test("null when a file may hold a directive or an id holds a newline", () => {
    assert.equal(folderDigest({ ids: ["001"], sums: [null] }), null);
    assert.equal(folderDigest({ ids: ["R__a\nb"], sums: ["x"] }), null);
  });

  test("a folder hashed as it is read: the digest of the matcher's checksums", async () => {
    const folder = tempDir();
    try {
      writeFiles(folder.path, {
        "001_a.sql": table("a"),
        "002_b.sql": table("b"),
        "2025/003_c.sql": table("c"),
        "README.md": "not a migration\n",
        "R__v.sql": view(1),
        "R__w.sql": view(2),
      });
      const source = new DirectorySource(folder.path, { statCache: false });
      const look = digestLook(source);
      assert.ok(look);
      assert.equal(look.size, 5);
      // Read ahead until a promise settles, then the rest.
      let settle = () => {};
      const until = new Promise<void>((resolve) => {
        settle = resolve;
      });
      const ahead = look.readAhead?.(until);
      settle();
      await ahead;
      const matcher = rowMatcher(new DirectorySource(folder.path, { statCache: false }));
      assert.equal(look.digest(), folderDigest(matcher!.checksums()));
      // A directive in any file: only parsing can tell, so no digest.
      writeFiles(folder.path, { "2025/003_c.sql": `-- tidemark:no-transaction\n${table("c")}` });
      assert.equal(
        digestLook(new DirectorySource(folder.path, { statCache: false }))?.digest(),
        null,
      );
    } finally {
      folder.remove();
    }
  });

  test("no digest made as files are read where the names ask for pairing or an order of their own", () => {
    const cases: Record<string, Record<string, string>> = {
      "an up/down pair": { "001_a.up.sql": "SELECT 1;\n", "001_a.down.sql": "SELECT 1;\n" },
      "a rollback file": { "001_a.sql": table("a"), "001_a_rollback.sql": "SELECT 1;\n" },
      "Flyway names": { "V1__a.sql": "SELECT 1;\n", "V2__b.sql": "SELECT 1;\n" },
      "versions of two lengths": { "01_a.sql": table("a"), "2_b.sql": table("b") },
      "ids out of order across folders": { "a/002_a.sql": table("a"), "b/001_b.sql": table("b") },
      "a code migration": {
        "001_a.sql": table("a"),
        "002_b.js": "export async function up() {}\n",
      },
    };
    for (const [name, files] of Object.entries(cases)) {
      const folder = tempDir();
      try {
        writeFiles(folder.path, files);
        const source = new DirectorySource(folder.path, { statCache: false });
        assert.equal(digestLook(source), null, name);
      } finally {
        folder.remove();
      }
    }
    // A long-lived migrator's source keeps its names anyway: its matcher answers.
    const folder = tempDir();
    try {
      writeFiles(folder.path, { "001_a.sql": table("a") });
      assert.equal(digestLook(new DirectorySource(folder.path)), null);
      assert.notEqual(digestLook(new DirectorySource(folder.path, { statCache: false })), null);
    } finally {
      folder.remove();
    }
  });

  test("a bad name is refused by the digest made as files are read as by list()", async () => {
    const folder = tempDir();
    try {
      writeFiles(folder.path, { "001_a.sql": table("a"), "add_b.sql": table("b") });
      const source = new DirectorySource(folder.path, { statCache: false });
      const listed = await source.list().catch((err: unknown) => err);
      assert.ok(listed instanceof TidemarkError);
      assert.throws(() => digestLook(source), { message: listed.message });
    } finally {
      folder.remove();
    }
  });

  test("a folder with a code migration has no matcher", () => {
    const folder = tempDir();
    try {
      writeFiles(folder.path, {
        "001_a.sql": table("a"),
        "002_b.js": "export async function up() {}\nexport async function down() {}\n",
      });
      assert.equal(new DirectorySource(folder.path).appliedMatcher(), null);
    } finally {
      folder.remove();
    }
  });
});
