/**
 * The conformance suite every dialect must pass against its real engine. Each test takes a
 * fresh database; behaviour differences are decided by `capabilities` only.
 *
 * Usage, in `test/conformance/<engine>.test.ts`: `runDialectConformance("postgres")`.
 */
import { basename } from "node:path";
import { describe, test } from "node:test";
import type { Capabilities } from "../../src/dialects/dialect.js";
import { type Engine, engineSkip, MYSQL_URL, PG_URL } from "../helpers/databases.js";
import { basicCases } from "./conformance-basics.js";
import { lockCases } from "./conformance-lock.js";
import { transactionCases } from "./conformance-transactions.js";
import {
  type ConformanceCase,
  type ConformanceOptions,
  dialectOf,
  withHarness,
} from "./harness.js";

export type { ConformanceOptions } from "./harness.js";

function register(
  engine: Engine,
  caps: Capabilities,
  cases: readonly ConformanceCase[],
  skip: string | false,
  dialectModule: string | undefined,
): void {
  for (const c of cases) {
    if (c.appliesTo && !c.appliesTo(caps)) continue;
    test(c.name, { skip }, (t) => withHarness(engine, (h) => c.run(h, t), dialectModule));
  }
}

/** A URL of the engine's kind: enough to read its dialect's capabilities without connecting. */
const PROBE_URLS: Record<Engine, string> = {
  sqlite: "sqlite::memory:",
  pglite: "pglite:memory",
  postgres: PG_URL,
  mysql: MYSQL_URL,
};

/**
 * Registers the dialect conformance tests (node:test) for `engine`, each on a fresh database;
 * with `options.dialectModule`, for that dialect (on the engine's server) instead.
 */
export function runDialectConformance(engine: Engine, options: ConformanceOptions = {}): void {
  const module = options.dialectModule;
  const title = module ? `${engine} server, ${basename(module)}` : `${engine} dialect`;
  describe(`${title} conformance`, async () => {
    const caps = (await dialectOf(PROBE_URLS[engine], module)).capabilities;
    const skip = await engineSkip(engine);
    const reg = (cases: readonly ConformanceCase[]) => register(engine, caps, cases, skip, module);
    describe("queries and scripts", () => reg(basicCases(options)));
    describe("transactions and batches", () => reg(transactionCases));
    describe("migration lock", () => reg(lockCases));
  });
}
