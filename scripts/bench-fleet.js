// The fan-out benchmark of scripts/bench.js (SPEC §12): N PostgreSQL schemas as tenants of one
// database, 5 migrations each, `tidemark up --concurrency C` through the built CLI with the
// targets from a schema query. Measures the wall time, the CLI's peak RSS and the most tidemark
// sessions open at once (pg_stat_activity, polled every 20 ms), then a no-op re-run and status.
// The goal: time linear in N ÷ C, sessions never above C, memory flat in N.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const CLI = fileURLToPath(new URL("../dist/cli/main.cjs", import.meta.url));
const RSS_HOOK = fileURLToPath(new URL("./bench-rss-hook.cjs", import.meta.url));

async function admin(url, sql) {
  const client = new pg.Client({ connectionString: url, application_name: "bench-admin" });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Runs the CLI, polling pg_stat_activity of `dbName` meanwhile; resolves to time, RSS, sessions. */
async function measured(args, cwd, baseUrl, dbName) {
  const rssFile = join(cwd, `rss-${Date.now()}`);
  const poller = new pg.Client({ connectionString: baseUrl, application_name: "bench-poller" });
  await poller.connect();
  let peak = 0;
  let running = true;
  const poll = (async () => {
    while (running) {
      const { rows } = await poller.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name LIKE 'tidemark%'",
        [dbName],
      );
      peak = Math.max(peak, rows[0].n);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--require", RSS_HOOK, CLI, ...args, "--quiet"], {
      cwd,
      env: { ...process.env, TIDEMARK_BENCH_RSS: rssFile },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("close", resolve);
  });
  const ms = performance.now() - started;
  running = false;
  await poll;
  await poller.end();
  if (code !== 2 && code !== 0) throw new Error(`tidemark ${args.join(" ")} exited ${code}`);
  return { ms, rssKb: Number(readFileSync(rssFile, "utf8")), sessions: peak };
}

/** One fleet of `count` schemas: up, no-op up, status. */
async function fleetRound(baseUrl, count, concurrency) {
  const dbName = `tm_bench_fleet_${process.pid}_${count}`;
  await admin(baseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin(baseUrl, `CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const work = mkdtempSync(join(tmpdir(), "tidemark-bench-fleet-"));
  try {
    const schemas = Array.from(
      { length: count },
      (_, i) => `tenant_${String(i + 1).padStart(4, "0")}`,
    );
    await admin(url.toString(), schemas.map((s) => `CREATE SCHEMA ${s};`).join("\n"));
    mkdirSync(join(work, "migrations"));
    for (let i = 1; i <= 5; i++) {
      writeFileSync(
        join(work, "migrations", `00${i}_t${i}.sql`),
        `CREATE TABLE t${i} (id int PRIMARY KEY, label text NOT NULL);\nCREATE INDEX t${i}_label ON t${i} (label);\n`,
      );
    }
    const query = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant\\_%' ORDER BY 1";
    writeFileSync(
      join(work, "tidemark.config.json"),
      JSON.stringify({ targets: { url: url.toString(), schemasQuery: query } }),
    );
    const flags = ["--concurrency", String(concurrency)];
    const up = await measured(["up", ...flags], work, baseUrl, dbName);
    const noop = await measured(["up", ...flags], work, baseUrl, dbName);
    const status = await measured(["status", ...flags], work, baseUrl, dbName);
    return { count, up, noop, status };
  } finally {
    rmSync(work, { recursive: true, force: true });
    await admin(baseUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

/** Runs the fleet rounds for each count and prints one table. */
export async function fleetBench(baseUrl, counts, concurrency) {
  const rounds = [];
  for (const count of counts) rounds.push(await fleetRound(baseUrl, count, concurrency));
  const rows = rounds.flatMap(({ count, up, noop, status }) =>
    [
      ["up (5 migrations each)", up],
      ["no-op up", noop],
      ["status", status],
    ].map(([step, m]) => [
      `${count} schemas: ${step}`,
      `${(m.ms / 1000).toFixed(1)} s`,
      `${(m.ms / (count / concurrency)).toFixed(0)} ms`,
      `${(m.rssKb / 1024).toFixed(0)} MB`,
      `${m.sessions}`,
    ]),
  );
  const header = ["step", "time", "per target ÷ concurrency", "peak RSS", "max sessions"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  console.log(`\nfan-out on PostgreSQL schemas, --concurrency ${concurrency}\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  const worst = Math.max(...rounds.flatMap((r) => [r.up, r.noop, r.status].map((m) => m.sessions)));
  console.log(`\nmost tidemark sessions open at once: ${worst} (bound: ${concurrency})`);
}
