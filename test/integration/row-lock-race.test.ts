/**
 * The core's row lock: an INSERT that finds the lock row's key taken (another run took the lock
 * between the read and the insert, and may already have let it go) is "busy, wait", never an
 * error: each dialect's `isDuplicateKey` recognises its engine's own error, on the real engine.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { QueryError } from "../../src/core/errors.js";
import { resolveDialect } from "../../src/dialects/registry.js";
import { type Engine, engineSkip, freshDatabase } from "../helpers/databases.js";

describe("a taken lock key is recognised on every engine", async () => {
  for (const engine of ["sqlite", "pglite", "postgres", "mysql"] as Engine[]) {
    test(engine, { skip: await engineSkip(engine) }, async () => {
      const db = await freshDatabase(engine);
      try {
        const dialect = await resolveDialect(db.url);
        const conn = await dialect.connect({ applicationName: "test" });
        try {
          await conn.exec("CREATE TABLE lock_race (id integer PRIMARY KEY, holder text)");
          await conn.exec("INSERT INTO lock_race (id, holder) VALUES (1, 'first')");
          const err = await conn
            .exec("INSERT INTO lock_race (id, holder) VALUES (1, 'second')")
            .then(
              () => null,
              (e: unknown) => e,
            );
          assert.ok(err !== null, "the second insert fails");
          assert.ok(err instanceof QueryError, `a QueryError: ${String(err)}`);
          assert.equal(dialect.isDuplicateKey(err), true, `recognised: ${String(err)}`);
          const other = await conn.exec("INSERT INTO no_such_table VALUES (1)").then(
            () => null,
            (e: unknown) => e,
          );
          assert.ok(other instanceof QueryError);
          assert.equal(dialect.isDuplicateKey(other), false, "another failure is not taken for it");
        } finally {
          await conn.close();
        }
      } finally {
        await db.drop();
      }
    });
  }
});
