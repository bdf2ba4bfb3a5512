/** Conformance: batches, explicit transactions, transactional DDL and per-migration settings. */
import assert from "node:assert/strict";
import { capabilityReason } from "../../src/core/transaction-plan.js";
import type { BatchPart, Dialect } from "../../src/dialects/dialect.js";
import {
  type ConformanceCase,
  createValueTable,
  lineAt,
  queryError,
  tableExists,
  values,
} from "./harness.js";

function insertPart(dialect: Dialect, table: string, value: string): BatchPart {
  return {
    sql: `INSERT INTO ${dialect.tableRef(table)} VALUES (${dialect.placeholder(1)})`,
    params: [value],
  };
}

/** The cases of this group. */
export const transactionCases: readonly ConformanceCase[] = [
  {
    name: "batch with transaction:true runs every part and commits",
    run: async ({ dialect, connect, observer }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "b");
      const settings = dialect.migrationSettings({ lockTimeoutMs: 5000, statementTimeoutMs: 0 });
      await conn.batch(
        [
          ...settings.map((sql) => ({ sql })),
          {
            sql: `INSERT INTO ${dialect.tableRef("b")} VALUES ('script-1');\nINSERT INTO ${dialect.tableRef("b")} VALUES ('script-2'); -- done`,
          },
          insertPart(dialect, "b", "it's 'quoted' \\ text"),
          {
            sql: `DELETE FROM ${dialect.tableRef("b")} WHERE ${dialect.quoteIdent("v")} = ${dialect.placeholder(1)}`,
            params: ["script-2"],
          },
        ],
        { transaction: true },
      );
      const other = await observer(conn);
      assert.deepEqual(await values(other, dialect, "b"), ["it's 'quoted' \\ text", "script-1"]);
    },
  },

  {
    name: "a failing script part rolls back the parts before it and names the part and line",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "b");
      const script = `INSERT INTO ${dialect.tableRef("b")} VALUES ('two');\nINSERT INTO ${dialect.tableRef("missing_table")} VALUES ('x');`;
      const err = await queryError(
        conn.batch(
          [insertPart(dialect, "b", "one"), { sql: script }, insertPart(dialect, "b", "three")],
          {
            transaction: true,
          },
        ),
      );
      assert.equal(err.part, 1);
      if (err.position !== undefined) assert.equal(lineAt(script, err.position), 2);
      assert.deepEqual(await values(conn, dialect, "b"), []);
    },
  },

  {
    name: "a constraint failure in a parameterised part names that part",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "b");
      await conn.query(insertPart(dialect, "b", "taken").sql, ["taken"]);
      const parts = [
        insertPart(dialect, "b", "one"),
        { sql: `INSERT INTO ${dialect.tableRef("b")} VALUES ('two')` },
        insertPart(dialect, "b", "taken"),
      ];
      const err = await queryError(conn.batch(parts, { transaction: true }));
      assert.equal(err.part, 2);
      assert.deepEqual(await values(conn, dialect, "b"), ["taken"]);
    },
  },

  {
    name: "a constraint failure inside a script part points at the failing statement's line",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "b");
      const ref = dialect.tableRef("b");
      const script = `INSERT INTO ${ref} VALUES ('a');\n\nINSERT INTO ${ref} VALUES ('a');`;
      const err = await queryError(
        conn.batch([insertPart(dialect, "b", "z"), { sql: script }], { transaction: true }),
      );
      assert.equal(err.part, 1);
      if (err.position !== undefined) assert.equal(lineAt(script, err.position), 3);
      assert.deepEqual(await values(conn, dialect, "b"), []);
    },
  },

  {
    name: "batch with transaction:false joins the caller's transaction",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "b");
      await conn.begin();
      await conn.batch([insertPart(dialect, "b", "one"), insertPart(dialect, "b", "two")], {
        transaction: false,
      });
      await conn.rollback();
      assert.deepEqual(await values(conn, dialect, "b"), []);
      await conn.begin();
      await conn.batch([insertPart(dialect, "b", "one")], { transaction: false });
      await conn.commit();
      assert.deepEqual(await values(conn, dialect, "b"), ["one"]);
    },
  },

  {
    name: "begin/commit keeps rows and begin/rollback discards them",
    run: async ({ dialect, connect, observer }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "tx");
      const insert = insertPart(dialect, "tx", "");
      await conn.begin();
      await conn.query(insert.sql, ["rolled back"]);
      await conn.rollback();
      await conn.begin();
      await conn.query(insert.sql, ["kept"]);
      await conn.commit();
      assert.deepEqual(await values(await observer(conn), dialect, "tx"), ["kept"]);
    },
  },

  {
    name: "CREATE TABLE rolls back exactly when capabilities.transactionalDdl",
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await conn.begin();
      await createValueTable(conn, dialect, "ddl");
      await conn.rollback();
      assert.equal(await tableExists(conn, dialect, "ddl"), !dialect.capabilities.transactionalDdl);
    },
  },

  {
    name: "the transaction plan follows capabilities.transactionalDdl and ddlPerTransaction",
    run: async ({ dialect }) => {
      const { transactionalDdl, ddlPerTransaction } = dialect.capabilities;
      const create = `CREATE TABLE ${dialect.tableRef("plan")} (${dialect.quoteIdent("v")} ${dialect.types.key})`;
      const insert = `INSERT INTO ${dialect.tableRef("plan")} (${dialect.quoteIdent("v")}) VALUES ('x')`;
      const one = await capabilityReason(`${create};\n`, dialect);
      const two = await capabilityReason(`${insert};\n${create};\n`, dialect);
      const data = await capabilityReason(`${insert};\n${insert};\n`, dialect);
      assert.equal(one === null, transactionalDdl, `one DDL statement: ${one}`);
      assert.equal(two === null, transactionalDdl && ddlPerTransaction === "many", `${two}`);
      // The reason names the DDL statement's line, which the run turns into the file's line.
      if (two !== null) assert.match(two, /\(line 2\)/);
      assert.equal(data, null, "data statements alone run in one transaction everywhere");
    },
  },

  {
    name: "a lock wait beyond the migration's lock timeout fails as a lock timeout",
    appliesTo: (caps) => caps.lockTimeouts && !caps.singleConnection,
    run: async ({ dialect, connect }) => {
      const conn = await connect();
      await createValueTable(conn, dialect, "busy");
      await conn.query(insertPart(dialect, "busy", "").sql, ["row"]);
      const holder = await connect();
      await holder.begin();
      await holder.query(
        `UPDATE ${dialect.tableRef("busy")} SET ${dialect.quoteIdent("v")} = 'held'`,
      );
      const settings = dialect
        .migrationSettings({ lockTimeoutMs: 200, statementTimeoutMs: 0 })
        .map((sql) => ({ sql }));
      const update = {
        sql: `UPDATE ${dialect.tableRef("busy")} SET ${dialect.quoteIdent("v")} = 'mine'`,
      };
      const started = Date.now();
      const err = await queryError(conn.batch([...settings, update], { transaction: true }));
      assert.ok(
        dialect.isLockTimeout(err),
        `expected a lock timeout, got ${err.sqlState}: ${err.message}`,
      );
      assert.ok(Date.now() - started < 10_000);
      await holder.rollback();
      assert.deepEqual(await values(conn, dialect, "busy"), ["row"]);
    },
  },
];
