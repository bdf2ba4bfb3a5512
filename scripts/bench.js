#!/usr/bin/env node
// Benchmark: tidemark against the floors it is judged by, measured in the same run.
//   node scripts/bench.js [--n 1000] [--big 10000] [--rollback 200] [--runs 9] [--rounds 3]
//                         [--verify 300] [--verify-rounds 1] [--only verify]
// --runs: runs of each short step (status, no-op up, --version, and the same with --big
// migrations applied), taking turns; --rounds: rounds of the long steps (apply, roll back),
// each with its psql floor, and of the library's in-process start-up. Medians are reported,
// with each step's peak RSS. `verify` of --verify migrations (up, down, compare, up again
// each, in a scratch database) is judged against applying them twice with psql.
// with each step's peak RSS.
// --lint-only: only the lint steps (generated 250- and 10,000-migration PostgreSQL histories, no
// database; the long one is judged linear against the short one).
// --fleet-only: only the fan-out benchmark (100 PostgreSQL schemas, --concurrency 8); add
// --fleet-big (or TIDEMARK_BENCH_FLEET_BIG=1) for the 1,000-schema case too (minutes).
// Needs the built CLI (npm run build), PostgreSQL at TIDEMARK_TEST_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test) and psql on the PATH.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import { fleetBench } from "./bench-fleet.js";

const argv = process.argv.slice(2);
const args = {};
argv.forEach((a, i) => {
  if (a.startsWith("--"))
    args[a.slice(2)] =
      argv[i + 1] === undefined || argv[i + 1].startsWith("--") ? true : argv[i + 1];
});
const FLEET_COUNTS =
  args["fleet-big"] !== undefined || process.env.TIDEMARK_BENCH_FLEET_BIG === "1"
    ? [100, 1000]
    : [100];
const N = Number(args.n ?? 1000);
const BIG = Number(args.big ?? 10000);
const ROLLBACK = Number(args.rollback ?? 200);
const RUNS = Number(args.runs ?? 9);
const ROUNDS = Number(args.rounds ?? 3);
const VERIFY = Number(args.verify ?? 300);
const VERIFY_ROUNDS = Number(args["verify-rounds"] ?? 1);
const BASE_URL = process.env.TIDEMARK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CLI = fileURLToPath(new URL("../dist/cli/main.cjs", import.meta.url));
const LIB = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const RSS_HOOK = fileURLToPath(new URL("./bench-rss-hook.cjs", import.meta.url));

function migrationSql(i) {
  const rows = Array.from({ length: 10 }, (_, k) => `(${k + 1}, 'row ${k + 1}')`).join(", ");
  return {
    up: `CREATE TABLE bench_${i} (id int PRIMARY KEY, label text NOT NULL);\nCREATE INDEX bench_${i}_label_idx ON bench_${i} (label);\nINSERT INTO bench_${i} (id, label) VALUES ${rows};`,
    down: `DROP TABLE bench_${i};`,
  };
}

async function admin(sql, url = BASE_URL) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Lets the server settle before short steps are timed: what the steps before wrote is vacuumed
 * and checkpointed in each database, then autovacuum is waited for (up to 30 s). A thousand
 * tables just made wake autovacuum for the catalogs, which on two cores would take its CPU
 * from the steps timed, as a database in production does not.
 */
async function settle(urls) {
  for (const url of urls) await admin("VACUUM ANALYZE", url);
  await admin("CHECKPOINT");
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const [row] = await admin(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'",
    );
    if (row.n === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freshDb(label) {
  const name = `tm_bench_${label}_${process.pid}`;
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

function timed(cmd, argv, options = {}) {
  const started = performance.now();
  const r = spawnSync(cmd, argv, { encoding: "utf8", ...options });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(" ")} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/** `count` migrations in `dir`, each: a table, an index, ten rows; its down drops the table. */
function writeMigrations(dir, count) {
  mkdirSync(dir);
  for (let i = 1; i <= count; i++) {
    const { up, down } = migrationSql(i);
    writeFileSync(
      join(dir, `${String(i).padStart(6, "0")}_bench_${i}.sql`),
      `-- migrate:up\n${up}\n-- migrate:down\n${down}\n`,
    );
  }
}

function psqlScript(blocks) {
  return `\\set ON_ERROR_STOP 1\n${blocks.join("\n")}\n`;
}

/** psql's script applying migrations 1..count, each in a transaction with its tracking row. */
function applyScript(count) {
  const tracking =
    "CREATE TABLE floor_tracking (version text PRIMARY KEY, name text, checksum text, applied_at timestamptz, rollback_sql text);";
  const apply = [tracking];
  for (let i = 1; i <= count; i++) {
    const { up, down } = migrationSql(i);
    apply.push(
      `BEGIN;\n${up}\nINSERT INTO floor_tracking VALUES ('${i}', 'bench_${i}', 'x', now(), '${down}');\nCOMMIT;`,
    );
  }
  return psqlScript(apply);
}

/**
 * `tidemark verify` of VERIFY migrations against the floor "apply them twice with psql" (two
 * fresh databases, one after the other): verify applies each up twice and each down once, and
 * reads the schema twice per migration.
 */
async function verifyStep() {
  const work = mkdtempSync(join(tmpdir(), "tidemark-bench-verify-"));
  const dir = join(work, "migrations");
  writeMigrations(dir, VERIFY);
  writeFileSync(join(work, "apply.sql"), applyScript(VERIFY));
  const floors = [];
  const runs = [];
  for (let round = 0; round < VERIFY_ROUNDS; round++) {
    let floor = 0;
    for (const label of ["verify_a", "verify_b"]) {
      const db = await freshDb(label);
      floor += timed("psql", ["-q", "-X", "-f", join(work, "apply.sql"), db.url]);
      await db.drop();
    }
    floors.push(floor);
    runs.push(
      timed(process.execPath, [CLI, "verify", "--url", BASE_URL, "--dir", dir, "--quiet"], {
        cwd: work,
      }),
    );
  }
  rmSync(work, { recursive: true, force: true });
  return row(`verify ${VERIFY} migrations`, mid(runs), mid(floors), "psql, apply twice", {
    ratio: 3,
  });
}

async function main() {
  if (args.only === "verify") {
    printTable([await verifyStep()], null);
    return;
  }
  const work = mkdtempSync(join(tmpdir(), "tidemark-bench-"));
  const dir = join(work, "migrations");
  writeMigrations(dir, N);
  // The CLI's store of what it learnt of each folder's files (a file a folder), in this run's
  // folder: the "no store" steps run with TIDEMARK_NO_CACHE=1, as a first run (or CI's) does.
  process.env.TIDEMARK_CACHE_DIR = join(work, "cache");
  // rssFile: run once more under a hook that writes the peak RSS there (not timed). `status`
  // prints its table, as a user sees it, into a pipe read whole (with --quiet it would print
  // nothing, and a user runs it for the table); the other commands run with --quiet.
  const tm = (argv, url, folder = dir, rssFile = null, extraEnv = {}) =>
    timed(
      process.execPath,
      [
        ...rssHook(rssFile),
        CLI,
        ...argv,
        "--url",
        url,
        "--dir",
        folder,
        ...(argv[0] === "status" ? [] : ["--quiet"]),
      ],
      {
        cwd: work,
        env: {
          ...process.env,
          ...extraEnv,
          ...(rssFile ? { TIDEMARK_BENCH_RSS: rssFile } : {}),
        },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
  const results = [];

  // Apply and roll back take seconds and depend on the disk's fsync, which varies from one
  // second to the next on a shared machine: each round runs the psql floor and tidemark one
  // after the other, and the table reports the median round. The first heavy writer after the
  // last round's databases were dropped runs up to twice as slow as the next one, whichever tool
  // it is (5.4-6.4 s against 2.2-3.1 s, seen with psql and tidemark alike): a psql apply into a
  // scratch database takes that turn first, untimed.
  writeFileSync(join(work, "apply.sql"), applyScript(N));
  const rollback = [];
  for (let i = N; i > N - ROLLBACK; i--) {
    rollback.push(
      `BEGIN;\n${migrationSql(i).down}\nDELETE FROM floor_tracking WHERE version = '${i}';\nCOMMIT;`,
    );
  }
  writeFileSync(join(work, "rollback.sql"), psqlScript(rollback));

  const psql = (file, url) => timed("psql", ["-q", "-X", "-f", join(work, file), url]);
  const rounds = { psqlApply: [], psqlRollback: [], up: [], down: [], downAll: [] };
  let short = null;
  for (let round = 0; round < ROUNDS; round++) {
    // psql and tidemark take turns step by step, and swap who goes first every round.
    const floorDb = await freshDb("floor");
    const db = await freshDb("tidemark");
    const warmDb = await freshDb("warm");
    psql("apply.sql", warmDb.url);
    const psqlFirst = round % 2 === 0;
    const pair = (psqlStep, tidemarkStep) => {
      if (psqlFirst) {
        psqlStep();
        tidemarkStep();
      } else {
        tidemarkStep();
        psqlStep();
      }
    };
    pair(
      () => rounds.psqlApply.push(psql("apply.sql", floorDb.url)),
      () => rounds.up.push(tm(["up"], db.url)),
    );
    if (round === 0) short = await shortSteps(work, dir, db.url, tm);
    pair(
      () => rounds.psqlRollback.push(psql("rollback.sql", floorDb.url)),
      () => rounds.down.push(tm(["down", "--step", String(ROLLBACK)], db.url)),
    );
    rounds.downAll.push(tm(["down", "--to", "zero"], db.url));
    await floorDb.drop();
    await db.drop();
    await warmDb.drop();
  }
  const lib = libraryRounds(work, dir);
  const verify = VERIFY > 0 ? await verifyStep() : null;
  const lint = lintHistory(work);
  const lintBig = lintHistory(work, LINT_BIG, 3);
  rmSync(work, { recursive: true, force: true });
  const psqlApply = mid(rounds.psqlApply);
  const psqlRollback = mid(rounds.psqlRollback);
  const { t, rss } = short;
  const big = `${BIG} applied`;
  const small = `${N} applied`;
  results.push(
    row(`apply ${N} migrations`, mid(rounds.up), psqlApply, "psql", { ratio: 1.2 }),
    row(`status, ${small}`, t.status, t.node, "node -e 0", {}, rss.status),
    row(`no-op up, ${small}`, t.noop, t.node, "node -e 0", { ratio: 2 }, rss.noop),
    row(
      `no-op up, ${small}, no store`,
      t.noopCold,
      t.node,
      "node -e 0",
      { ratio: 2 },
      rss.noopCold,
    ),
    row(
      `status, ${big}`,
      t.statusBig,
      t.status,
      `status, ${small}`,
      { ratio: 4, ms: 300 },
      rss.statusBig,
    ),
    row(
      `status, ${big}, no store`,
      t.statusBigCold,
      t.status,
      `status, ${small}`,
      { ratio: 4, ms: 300 },
      rss.statusBigCold,
    ),
    row(
      `no-op up, ${big}`,
      t.noopBig,
      t.noop,
      `no-op up, ${small}`,
      { ratio: 4, ms: 300 },
      rss.noopBig,
    ),
    row(
      `no-op up, ${big}, no store`,
      t.noopBigCold,
      t.noopCold,
      `no-op up, ${small}, no store`,
      { ratio: 4, ms: 300 },
      rss.noopBigCold,
    ),
    row("tidemark --version", t.version, t.node, "node -e 0", { ratio: 1.3 }, rss.version),
    row(`roll back ${ROLLBACK}`, mid(rounds.down), psqlRollback, "psql", { ratio: 1.3 }),
    row(`roll back the other ${N - ROLLBACK}`, mid(rounds.downAll), null, "", {}),
    row(`library: first up(), ${small} (SQLite)`, lib.first, null, "", { ms: 50 }, lib.rss),
    row(`library: repeated up(), ${small}`, lib.repeated, null, "", { ms: 10 }),
    ...(verify ? [verify] : []),
    row(`lint --all, ${LINT_N} PostgreSQL migrations`, lint.ms, null, "", { ms: 2000 }),
    row(`lint --all, ${LINT_BIG} PostgreSQL migrations`, lintBig.ms, lint.ms, `${LINT_N}`, {
      ratio: LINT_LINEAR,
    }),
  );
  printTable(results, rss.node);
  const each = (list) => list.map((ms) => ms.toFixed(0)).join(", ");
  console.log(
    `apply, round by round (psql first in rounds 1, 3, …): psql ${each(rounds.psqlApply)} ms; tidemark ${each(rounds.up)} ms`,
  );
  nodeStartNote();
  if (t.nodeBare !== undefined) {
    const ms = (x) => `${x.toFixed(0)} ms`;
    console.log(
      `the same without NODE_EXTRA_CA_CERTS: node -e 0 ${ms(t.nodeBare)}, status, ${big} ${ms(t.statusBigBare)} (${(t.statusBigBare / t.nodeBare).toFixed(2)}x), no-op up, ${big} ${ms(t.noopBigBare)} (${(t.noopBigBare / t.nodeBare).toFixed(2)}x)`,
    );
  }
  const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;
  const growth = (small, big) => `${((big - small) / 1024).toFixed(0)} MB`;
  console.log(
    `peak RSS, ${N} → ${BIG} migrations: no-op up ${mb(rss.noop)} → ${mb(rss.noopBig)} (+${growth(rss.noop, rss.noopBig)}), status ${mb(rss.status)} → ${mb(rss.statusBig)} (+${growth(rss.status, rss.statusBig)}); the floor (Node reading and hashing the same files, nothing kept) ${mb(rss.floor)} → ${mb(rss.floorBig)} (+${growth(rss.floor, rss.floorBig)})`,
  );
}

/**
 * status, no-op up and --version with N applied (the database of round 0) and with BIG
 * stamped applied, each beside `node -e 0`: the steps take turns run by run, so that a load
 * that comes and goes weighs on all of them alike. Then one more run of each for its peak RSS.
 */
async function shortSteps(work, dir, url, tm) {
  const bigDir = join(work, "migrations-big");
  writeMigrations(bigDir, BIG);
  const bigDb = await freshDb("big");
  try {
    const tmBig = (argv, rssFile, env) => tm(argv, bigDb.url, bigDir, rssFile, env);
    const cold = { TIDEMARK_NO_CACHE: "1" };
    const stamp = [CLI, "stamp", String(BIG).padStart(6, "0"), "--yes", "--quiet"];
    timed(process.execPath, [...stamp, "--url", bigDb.url, "--dir", bigDir]);
    await settle([url, bigDb.url]);
    const steps = {
      node: (f) => timed(process.execPath, [...rssHook(f), "-e", "0"], rssEnv(f)),
      status: (f) => tm(["status"], url, dir, f),
      noop: (f) => tm(["up"], url, dir, f),
      statusBig: (f) => tmBig(["status"], f),
      noopBig: (f) => tmBig(["up"], f),
      noopCold: (f) => tm(["up"], url, dir, f, cold),
      statusBigCold: (f) => tmBig(["status"], f, cold),
      noopBigCold: (f) => tmBig(["up"], f, cold),
      version: (f) => timed(process.execPath, [...rssHook(f), CLI, "--version"], rssEnv(f)),
      // The large history as a machine that does not set NODE_EXTRA_CA_CERTS runs it (see
      // nodeStartNote): Node parses no extra certificates before the first line of user code.
      ...(process.env.NODE_EXTRA_CA_CERTS
        ? {
            nodeBare: () =>
              timed(process.execPath, ["-e", "0"], { env: { ...process.env, ...NO_EXTRA_CERTS } }),
            statusBigBare: () => tmBig(["status"], null, NO_EXTRA_CERTS),
            noopBigBare: () => tmBig(["up"], null, NO_EXTRA_CERTS),
          }
        : {}),
    };
    // A file is recorded in the store once it is over a second old: wait for that, then let
    // one run of each folder record them (as the run before a user's does).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1100);
    steps.status(null);
    steps.statusBig(null);
    const times = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
    for (let run = 0; run < RUNS; run++) {
      for (const [k, step] of Object.entries(steps)) times[k].push(step(null));
    }
    const t = Object.fromEntries(Object.entries(times).map(([k, list]) => [k, mid(list)]));
    const rss = {};
    const rssFile = join(work, "rss.txt");
    for (const [k, step] of Object.entries(steps)) {
      if (k.endsWith("Bare")) continue;
      step(rssFile);
      rss[k] = Number(readFileSync(rssFile, "utf8"));
    }
    // The floor of a no-op look's memory: the same files read and hashed, and nothing else.
    const floorScript = join(work, "rss-floor.cjs");
    writeFileSync(floorScript, RSS_FLOOR_SCRIPT);
    for (const [k, folder] of [
      ["floor", dir],
      ["floorBig", bigDir],
    ]) {
      timed(process.execPath, [...rssHook(rssFile), floorScript, folder], rssEnv(rssFile));
      rss[k] = Number(readFileSync(rssFile, "utf8"));
    }
    return { t, rss };
  } finally {
    await bigDb.drop();
  }
}

/**
 * The least a no-op look does, in plain Node: the folder's names read and sorted, each file read
 * into one reused buffer, checked for what the plain hash path cannot take, hashed, and folded
 * into one digest (no per-file state kept). Its peak RSS is what memory can be flat against.
 */
const RSS_FLOOR_SCRIPT = `const fs = require("node:fs");
const crypto = require("node:crypto");
const dir = process.argv[2];
const names = fs.readdirSync(dir).sort();
const buf = Buffer.allocUnsafe(65536);
const digest = crypto.createHash("sha256");
for (const name of names) {
  const fd = fs.openSync(dir + "/" + name, "r");
  const n = fs.readSync(fd, buf, 0, buf.length, null);
  fs.closeSync(fd);
  const bytes = buf.subarray(0, n);
  if (/[\\r\\x80-\\xff]/.test(bytes.toString("latin1"))) throw new Error(name);
  digest.update(name + " " + crypto.createHash("sha256").update(bytes).digest("hex") + "\\n");
}
digest.digest("hex");
`;

/** An environment's change that unsets NODE_EXTRA_CA_CERTS (spawn leaves out an undefined value). */
const NO_EXTRA_CERTS = { NODE_EXTRA_CA_CERTS: undefined };

/**
 * When NODE_EXTRA_CA_CERTS is set, Node reads and parses that file at every start, before any
 * JavaScript runs: a fixed cost in every time above, `node -e 0` included. Says how much, as
 * the median time Node takes to reach user code with the variable and without it.
 */
function nodeStartNote() {
  if (!process.env.NODE_EXTRA_CA_CERTS) return;
  const reach = (env) => {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const r = spawnSync(process.execPath, ["-p", "performance.now()"], { encoding: "utf8", env });
      times.push(Number(r.stdout));
    }
    return mid(times);
  };
  const withCerts = reach(process.env);
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = process.env;
  const without = reach(rest);
  console.log(
    `Node reaches user code after ${withCerts.toFixed(0)} ms, ${without.toFixed(0)} ms without NODE_EXTRA_CA_CERTS (set here: Node reads that file at every start, in every time above)`,
  );
}

/** `--require` of a hook that writes the process's peak RSS (KB) to TIDEMARK_BENCH_RSS at exit. */
function rssHook(file) {
  return file ? ["--require", RSS_HOOK] : [];
}

/**
 * The library as an app calls it at start-up: a child process opens a migrator on a SQLite
 * database with N applied, connects, then times the first `up()` (nothing to do) and the
 * repeated ones on the same migrator. ROUNDS children; medians.
 */
function libraryRounds(work, dir) {
  const db = join(work, "library.db");
  const url = `sqlite:${db}`;
  const stamp = [CLI, "stamp", String(N).padStart(6, "0"), "--yes", "--quiet"];
  timed(process.execPath, [...stamp, "--url", url, "--dir", dir]);
  const script = join(work, "library-bench.mjs");
  writeFileSync(
    script,
    `const { createMigrator } = await import(${JSON.stringify(pathToFileURL(LIB).href)});
const m = await createMigrator({ url: ${JSON.stringify(url)}, dir: ${JSON.stringify(dir)} });
await m.history({ limit: 1 });
let t = performance.now();
await m.up();
const first = performance.now() - t;
const again = [];
for (let i = 0; i < 15; i++) {
  t = performance.now();
  await m.up();
  again.push(performance.now() - t);
}
await m.close();
again.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ first, repeated: again[7], rss: process.resourceUsage().maxRSS }));
`,
  );
  const runs = Array.from({ length: Math.max(ROUNDS, 3) }, () => {
    const r = spawnSync(process.execPath, [script], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`library bench failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
  return {
    first: mid(runs.map((r) => r.first)),
    repeated: mid(runs.map((r) => r.repeated)),
    rss: mid(runs.map((r) => r.rss)),
  };
}

function rssEnv(file) {
  return file ? { env: { ...process.env, TIDEMARK_BENCH_RSS: file } } : {};
}

function mid(list) {
  return [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
}

const LINT_N = 250;
/** The long history lint is judged linear on: ten times LINT_N, at most LINT_LINEAR times slower. */
const LINT_BIG = 10000;
const LINT_LINEAR = 12;

/**
 * A `count`-migration PostgreSQL history linted offline (`lint --all --dialect postgres`, median
 * of `runs`). Every 10th migration builds an index CONCURRENTLY inside the file's own BEGIN/COMMIT
 * (it would fail: must be flagged); every 10th + 5 has CONCURRENTLY alone or with
 * `-- tidemark:no-transaction` (tidemark runs it outside a transaction: must not be flagged).
 * Throws when the flagged set differs.
 */
function lintHistory(work, count = LINT_N, runs = RUNS) {
  const dir = join(work, `lint-migrations-${count}`);
  mkdirSync(dir);
  const expected = [];
  for (let i = 1; i <= count; i++) {
    const t = `lint_t${i}`;
    let up = `CREATE TABLE ${t} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);\nALTER TABLE ${t} ADD COLUMN note text;\nCREATE INDEX ${t}_name ON ${t} (name);`;
    let down = `DROP TABLE ${t};`;
    const prev = `lint_t${i - 1}`;
    if (i > 1 && i % 10 === 0) {
      up = `BEGIN;\nCREATE INDEX CONCURRENTLY ${prev}_note ON ${prev} (note);\nCOMMIT;`;
      down = `DROP INDEX ${prev}_note;`;
      expected.push(i);
    } else if (i > 1 && i % 10 === 5) {
      const directive = i % 20 === 5 ? "-- tidemark:no-transaction\n" : "";
      up = `${directive}CREATE INDEX CONCURRENTLY ${prev}_note ON ${prev} (note);`;
      down = `DROP INDEX CONCURRENTLY ${prev}_note;`;
    }
    const name = `${String(i).padStart(5, "0")}_lint_${i}.sql`;
    writeFileSync(join(dir, name), `-- migrate:up\n${up}\n-- migrate:down\n${down}\n`);
  }
  const argv = [CLI, "lint", "--all", "--dialect", "postgres", "--dir", dir, "--json"];
  const times = [];
  let report = null;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, argv, { cwd: work, encoding: "utf8" });
    times.push(performance.now() - started);
    if (r.status !== 0 && r.status !== 1) throw new Error(`lint failed (${r.status}): ${r.stderr}`);
    report = JSON.parse(r.stdout); // exit 1: the error-level findings this history is built to hold
  }
  const flagged = report.findings
    .filter((f) => f.rule === "concurrently-in-transaction")
    .map((f) => Number.parseInt(f.file, 10));
  if (JSON.stringify(flagged) !== JSON.stringify(expected))
    throw new Error(`lint flagged ${flagged.join(",")}; expected ${expected.join(",")}`);
  console.error(
    `lint of ${count}: ${flagged.length} CONCURRENTLY-in-a-transaction flagged as expected, none with a directive or alone; ${report.findings.length} findings in all`,
  );
  return { ms: mid(times) };
}

function row(step, ms, floor, floorName, goal, rssKb = null) {
  return { step, ms, floor, floorName, goal, rssKb };
}

function printTable(results, nodeRssKb) {
  const rows = results.map(({ step, ms, floor, floorName, goal, rssKb }) => {
    const ratio = floor ? ms / floor : null;
    const wanted = [];
    if (goal.ratio !== undefined) wanted.push(`<= ${goal.ratio}x`);
    if (goal.ms !== undefined) wanted.push(`<= ${goal.ms} ms`);
    const met =
      (goal.ratio === undefined || (ratio !== null && ratio <= goal.ratio)) &&
      (goal.ms === undefined || ms <= goal.ms);
    return [
      step,
      `${ms.toFixed(ms < 20 ? 1 : 0)} ms`,
      floor ? `${floor.toFixed(0)} ms (${floorName})` : "",
      ratio ? `${ratio.toFixed(2)}x` : "",
      wanted.length > 0 ? `${wanted.join(", ")} ${met ? "ok" : "MISSED"}` : "",
      rssKb ? `${(rssKb / 1024).toFixed(0)} MB` : "",
    ];
  });
  const header = ["step", "tidemark", "floor", "ratio", "goal", "peak RSS"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  const [load] = loadavg();
  console.log(
    `tidemark benchmark on PostgreSQL (${N} migrations, ${BIG} for the large history; medians of ${ROUNDS} rounds for apply, roll back and the library, of ${RUNS} runs for the short steps; load average ${load.toFixed(2)} on ${availableParallelism()} cores)\n`,
  );
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  if (nodeRssKb) console.log(`\npeak RSS of node -e 0: ${(nodeRssKb / 1024).toFixed(0)} MB`);
}

const run = args["lint-only"] !== undefined || argv.includes("--lint-only") ? lintOnly : main;

async function lintOnly() {
  const work = mkdtempSync(join(tmpdir(), "tidemark-bench-lint-"));
  try {
    const { ms } = lintHistory(work);
    const big = lintHistory(work, LINT_BIG, 3).ms;
    console.log(
      `lint --all of ${LINT_N} PostgreSQL migrations: ${ms.toFixed(0)} ms (goal < 2000 ms); of ${LINT_BIG}: ${big.toFixed(0)} ms, ${(big / ms).toFixed(1)}x (goal <= ${LINT_LINEAR}x: linear)`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const fleetOnly = args["fleet-only"] !== undefined;
(fleetOnly ? Promise.resolve() : run())
  .then(() => (run === lintOnly ? undefined : fleetBench(BASE_URL, FLEET_COUNTS, 8)))
  .catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
