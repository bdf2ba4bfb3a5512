/**
 * The conformance suite every dialect must pass against its real engine. Each test takes a
 * fresh database; behaviour differences are decided by `capabilities` only.
 *
 * Usage, in `test/conformance/<engine>.test.ts`: `runDialectConformance("postgres")`.
 */
import { describe } from "node:test";
import type { Engine } from "../helpers/databases.js";
import { basicTests } from "./conformance-basics.js";
import { lockTests } from "./conformance-lock.js";
import { transactionTests } from "./conformance-transactions.js";
import type { ConformanceOptions } from "./harness.js";

export type { ConformanceOptions } from "./harness.js";

/** Registers the dialect conformance tests (node:test) for `engine`. */
export function runDialectConformance(engine: Engine, options: ConformanceOptions = {}): void {
  describe(`${engine} dialect conformance`, () => {
    describe("queries and scripts", () => basicTests(engine, options));
    describe("transactions and batches", () => transactionTests(engine));
    describe("migration lock", () => lockTests(engine));
  });
}
