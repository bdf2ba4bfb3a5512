/**
 * The conformance suite every dialect must pass against its real engine. Each test takes a
 * fresh database; behaviour differences are decided by `capabilities` only.
 *
 * Usage, in `test/conformance/<engine>.test.ts`: `runDialectConformance("postgres")`.
 */
import { describe, test } from "node:test";
import type { Capabilities } from "../../src/dialects/dialect.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { type Engine, engineSkip, MYSQL_URL, PG_URL } from "../helpers/databases.js";
import { basicCases } from "./conformance-basics.js";
import { lockCases } from "./conformance-lock.js";
import { transactionCases } from "./conformance-transactions.js";
import { type ConformanceCase, type ConformanceOptions, withHarness } from "./harness.js";

export type { ConformanceOptions } from "./harness.js";

function register(
  engine: Engine,
  caps: Capabilities,
  cases: readonly ConformanceCase[],
  skip: string | false,
): void {
  for (const c of cases) {
    if (c.appliesTo && !c.appliesTo(caps)) continue;
    test(c.name, { skip }, (t) => withHarness(engine, (h) => c.run(h, t)));
  }
}

/** A URL of the engine's kind: enough to read its dialect's capabilities without connecting. */
const PROBE_URLS: Record<Engine, string> = {
  sqlite: "sqlite::memory:",
  pglite: "pglite:memory",
  postgres: PG_URL,
  mysql: MYSQL_URL,
};

/** Registers the dialect conformance tests (node:test) for `engine`, each on a fresh database. */
export function runDialectConformance(engine: Engine, options: ConformanceOptions = {}): void {
  describe(`${engine} dialect conformance`, async () => {
    const caps = (await resolveDialect(PROBE_URLS[engine])).capabilities;
    const skip = await engineSkip(engine);
    describe("queries and scripts", () => register(engine, caps, basicCases(options), skip));
    describe("transactions and batches", () => register(engine, caps, transactionCases, skip));
    describe("migration lock", () => register(engine, caps, lockCases, skip));
  });
}
