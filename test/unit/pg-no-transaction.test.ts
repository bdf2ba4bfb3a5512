import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { pgNonTransactionalReason } from "../../src/dialects/postgres/pg-no-transaction.js";

const refused: ReadonlyArray<[string, string]> = [
  ["CREATE INDEX CONCURRENTLY users_email ON users (email)", "CREATE INDEX CONCURRENTLY"],
  ["create unique index concurrently if not exists i on t (x)", "CREATE INDEX CONCURRENTLY"],
  ["DROP INDEX CONCURRENTLY IF EXISTS users_email", "DROP INDEX CONCURRENTLY"],
  ["REINDEX INDEX CONCURRENTLY users_email", "REINDEX CONCURRENTLY"],
  ["REINDEX (VERBOSE, CONCURRENTLY) TABLE users", "REINDEX CONCURRENTLY"],
  ["REINDEX DATABASE app", "REINDEX DATABASE"],
  ["REINDEX SCHEMA app", "REINDEX SCHEMA"],
  ["VACUUM users", "VACUUM"],
  ["VACUUM (FULL, ANALYZE) users", "VACUUM"],
  ["ALTER SYSTEM SET work_mem = '64MB'", "ALTER SYSTEM"],
  ["CREATE DATABASE other", "CREATE DATABASE"],
  ["DROP DATABASE IF EXISTS other", "DROP DATABASE"],
  ["ALTER DATABASE app SET TABLESPACE fast", "ALTER DATABASE SET TABLESPACE"],
  ["CREATE TABLESPACE fast LOCATION '/ssd'", "CREATE TABLESPACE"],
  ["DROP TABLESPACE fast", "DROP TABLESPACE"],
  ["CLUSTER", "CLUSTER without a table name"],
  ["ALTER TABLE measurements DETACH PARTITION m2020 CONCURRENTLY", "DETACH PARTITION CONCURRENTLY"],
  ["CREATE SUBSCRIPTION s CONNECTION 'host=x' PUBLICATION p", "CREATE SUBSCRIPTION"],
  ["ALTER SUBSCRIPTION s REFRESH PUBLICATION", "ALTER SUBSCRIPTION"],
  ["COMMIT PREPARED 'tx1'", "COMMIT PREPARED"],
];

const allowed = [
  "CREATE INDEX users_email ON users (email)",
  "DROP INDEX users_email",
  "REINDEX TABLE users",
  "ANALYZE users",
  "CLUSTER users USING users_pkey",
  "ALTER DATABASE app SET work_mem = '64MB'",
  "ALTER TABLE measurements DETACH PARTITION m2020",
  "ALTER SUBSCRIPTION s DISABLE",
  "SAVEPOINT a; RELEASE SAVEPOINT a",
  "REFRESH MATERIALIZED VIEW CONCURRENTLY totals",
  "SELECT 'CREATE INDEX CONCURRENTLY i ON t (x); VACUUM' AS text -- VACUUM",
  "CREATE FUNCTION f() RETURNS void AS $$ BEGIN VACUUM; COMMIT; END $$ LANGUAGE plpgsql",
  "UPDATE t SET state = 'end' WHERE started_at < now() -- the end of the beginning",
];

describe("pgNonTransactionalReason", () => {
  for (const [sql, label] of refused) {
    test(`refuses: ${sql}`, async () => {
      const reason = await pgNonTransactionalReason(`SELECT 1;\n${sql};\nSELECT 2;`);
      assert.ok(reason, "expected a reason");
      assert.ok(reason.startsWith(label), reason);
      assert.match(reason, /cannot run inside a transaction block \(line 2\)$/);
    });
  }

  for (const sql of allowed) {
    test(`allows: ${sql}`, async () => {
      assert.equal(await pgNonTransactionalReason(sql), null);
    });
  }

  test("names the first offending statement's line", async () => {
    const reason = await pgNonTransactionalReason(
      "-- add an index\n\nCREATE INDEX CONCURRENTLY a ON t (x);\nVACUUM t;",
    );
    assert.equal(
      reason,
      "CREATE INDEX CONCURRENTLY cannot run inside a transaction block (line 3)",
    );
  });

  test("a script that manages its own transaction runs outside tidemark's", async () => {
    assert.equal(
      await pgNonTransactionalReason("BEGIN;\nUPDATE t SET x = 1;\nCOMMIT;"),
      "the script manages its own transaction (BEGIN at line 1)",
    );
    assert.equal(
      await pgNonTransactionalReason("UPDATE t SET x = 1;\nEND;"),
      "the script manages its own transaction (COMMIT at line 2)",
    );
  });

  test("a script the parser refuses is left to the server", async () => {
    assert.equal(await pgNonTransactionalReason("VACUUM users WHERE"), null);
  });

  test("plain DDL and DML can run in a transaction", async () => {
    assert.equal(
      await pgNonTransactionalReason("CREATE TABLE t (id int); INSERT INTO t VALUES (1);"),
      null,
    );
  });
});
