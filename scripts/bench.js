#!/usr/bin/env node
// Benchmark: tidemark against the floors it is judged by, measured in the same run.
//   node scripts/bench.js [--n 1000] [--rollback 200] [--runs 5] [--rounds 3]
// --runs: runs of each short step (status, no-op up, --version); --rounds: rounds of the long
// steps (apply, roll back), each with its psql floor. Medians are reported.
// Needs the built CLI (npm run build), PostgreSQL at TIDEMARK_TEST_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test) and psql on the PATH.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const argv = process.argv.slice(2);
const args = {};
argv.forEach((a, i) => {
  if (a.startsWith("--")) args[a.slice(2)] = argv[i + 1];
});
const N = Number(args.n ?? 1000);
const ROLLBACK = Number(args.rollback ?? 200);
const RUNS = Number(args.runs ?? 5);
const ROUNDS = Number(args.rounds ?? 3);
const BASE_URL = process.env.TIDEMARK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CLI = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

function migrationSql(i) {
  const rows = Array.from({ length: 10 }, (_, k) => `(${k + 1}, 'row ${k + 1}')`).join(", ");
  return {
    up: `CREATE TABLE bench_${i} (id int PRIMARY KEY, label text NOT NULL);\nCREATE INDEX bench_${i}_label_idx ON bench_${i} (label);\nINSERT INTO bench_${i} (id, label) VALUES ${rows};`,
    down: `DROP TABLE bench_${i};`,
  };
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
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

function median(fn, runs = RUNS) {
  const times = Array.from({ length: runs }, fn).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function psqlScript(blocks) {
  return `\\set ON_ERROR_STOP 1\n${blocks.join("\n")}\n`;
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), "tidemark-bench-"));
  const dir = join(work, "migrations");
  mkdirSync(dir);
  for (let i = 1; i <= N; i++) {
    const { up, down } = migrationSql(i);
    writeFileSync(
      join(dir, `${String(i).padStart(6, "0")}_bench_${i}.sql`),
      `-- migrate:up\n${up}\n-- migrate:down\n${down}\n`,
    );
  }
  const tm = (argv, url) =>
    timed(process.execPath, [CLI, ...argv, "--url", url, "--dir", dir, "--quiet"], { cwd: work });
  const results = [];

  // Apply and roll back take seconds and depend on the disk's fsync, which varies from one
  // second to the next on a shared machine: each round runs the psql floor and tidemark one
  // after the other, and the table reports the median round.
  const nodeFloor = median(() => timed(process.execPath, ["-e", "0"]));
  const tracking =
    "CREATE TABLE floor_tracking (version text PRIMARY KEY, name text, checksum text, applied_at timestamptz, rollback_sql text);";
  const apply = [tracking];
  for (let i = 1; i <= N; i++) {
    const { up, down } = migrationSql(i);
    apply.push(
      `BEGIN;\n${up}\nINSERT INTO floor_tracking VALUES ('${i}', 'bench_${i}', 'x', now(), '${down}');\nCOMMIT;`,
    );
  }
  writeFileSync(join(work, "apply.sql"), psqlScript(apply));
  const rollback = [];
  for (let i = N; i > N - ROLLBACK; i--) {
    rollback.push(
      `BEGIN;\n${migrationSql(i).down}\nDELETE FROM floor_tracking WHERE version = '${i}';\nCOMMIT;`,
    );
  }
  writeFileSync(join(work, "rollback.sql"), psqlScript(rollback));

  const psql = (file, url) => timed("psql", ["-q", "-X", "-f", join(work, file), url]);
  const rounds = { psqlApply: [], psqlRollback: [], up: [], down: [], downAll: [] };
  let statusMs = 0;
  let noopMs = 0;
  let versionMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // psql and tidemark take turns step by step, and swap who goes first every round.
    const floorDb = await freshDb("floor");
    const db = await freshDb("tidemark");
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
    if (round === 0) {
      statusMs = median(() => tm(["status"], db.url));
      noopMs = median(() => tm(["up"], db.url));
      versionMs = median(() => timed(process.execPath, [CLI, "--version"]));
    }
    pair(
      () => rounds.psqlRollback.push(psql("rollback.sql", floorDb.url)),
      () => rounds.down.push(tm(["down", "--step", String(ROLLBACK)], db.url)),
    );
    rounds.downAll.push(tm(["down", "--to", "zero"], db.url));
    await floorDb.drop();
    await db.drop();
  }
  rmSync(work, { recursive: true, force: true });
  const mid = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const psqlApply = mid(rounds.psqlApply);
  const psqlRollback = mid(rounds.psqlRollback);
  const upMs = mid(rounds.up);
  const downMs = mid(rounds.down);
  const downAllMs = mid(rounds.downAll);

  results.push(["apply " + N + " migrations", upMs, psqlApply, "psql", 1.2]);
  results.push(["status, " + N + " applied", statusMs, nodeFloor, "node -e 0", null]);
  results.push(["no-op up, " + N + " applied", noopMs, nodeFloor, "node -e 0", 2]);
  results.push(["tidemark --version", versionMs, nodeFloor, "node -e 0", 1.3]);
  results.push(["roll back " + ROLLBACK, downMs, psqlRollback, "psql", 1.3]);
  results.push(["roll back the other " + (N - ROLLBACK), downAllMs, null, "", null]);

  const rows = results.map(([step, ms, floor, floorName, goal]) => {
    const ratio = floor ? ms / floor : null;
    const verdict = goal === null || ratio === null ? "" : ratio <= goal ? "ok" : "MISSED";
    return [
      step,
      `${ms.toFixed(0)} ms`,
      floor ? `${floor.toFixed(0)} ms (${floorName})` : "",
      ratio ? `${ratio.toFixed(2)}x` : "",
      goal ? `<= ${goal}x ${verdict}` : "",
    ];
  });
  const header = ["step", "tidemark", "floor", "ratio", "goal"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(
    `tidemark benchmark on PostgreSQL (${N} migrations; medians of ${ROUNDS} rounds for apply and roll back, of ${RUNS} runs for the short steps)\n`,
  );
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
}

main().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
