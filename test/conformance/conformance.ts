/**
 * The conformance suite every dialect must pass against its real engine. Each test takes a
 * fresh database; behaviour differences are decided by `capabilities` only.
 *
 * Usage, in `test/conformance/<engine>.test.ts`: `runDialectConformance("postgres")`.
 */
import { describe, test } from "node:test";
import type { Engine } from "../helpers/databases.js";
import { basicCases } from "./conformance-basics.js";
import { lockCases } from "./conformance-lock.js";
import { transactionCases } from "./conformance-transactions.js";
import { type ConformanceCase, type ConformanceOptions, withHarness } from "./harness.js";

export type { ConformanceOptions } from "./harness.js";

function register(engine: Engine, cases: readonly ConformanceCase[]): void {
  for (const c of cases) test(c.name, (t) => withHarness(engine, t, (h) => c.run(h, t)));
}

/** Registers the dialect conformance tests (node:test) for `engine`, each on a fresh database. */
export function runDialectConformance(engine: Engine, options: ConformanceOptions = {}): void {
  describe(`${engine} dialect conformance`, () => {
    describe("queries and scripts", () => register(engine, basicCases(options)));
    describe("transactions and batches", () => register(engine, transactionCases));
    describe("migration lock", () => register(engine, lockCases));
  });
}
