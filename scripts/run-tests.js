#!/usr/bin/env node
// Runs the test suite with Node's own test runner, TypeScript loaded by tsx.
// Usage: node scripts/run-tests.js [folder-or-file ...]   (default: test/)
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function collect(path, out) {
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (entry === "node_modules" || entry === "fixtures") continue;
      collect(join(path, entry), out);
    }
  } else if (/\.test\.ts$/.test(path)) {
    out.push(path);
  }
  return out;
}

const roots = process.argv.slice(2);
const files = (roots.length > 0 ? roots : ["test"]).flatMap((root) => collect(root, []));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const concurrency = process.env.TIDEMARK_TEST_CONCURRENCY ?? "4";
// The CLI's store of what it learnt of each folder's files (see FactsStore) goes to a folder of
// this run, not the user's cache: the tests make thousands of folders.
const cacheDir = mkdtempSync(join(tmpdir(), "tidemark-test-cache-"));
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    "--test-reporter=spec",
    `--test-concurrency=${concurrency}`,
    ...files,
  ],
  { stdio: "inherit", env: { ...process.env, TIDEMARK_CACHE_DIR: cacheDir } },
);
rmSync(cacheDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
