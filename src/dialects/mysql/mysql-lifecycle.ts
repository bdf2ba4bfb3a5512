/**
 * `create`, `drop` and `wait` for MySQL and MariaDB: on a session that names no database, as
 * `mysqladmin create` / `drop` do.
 */
import { TidemarkError } from "../../core/errors.js";
import type { Dialect } from "../dialect.js";
import { type MysqlDriverConnection, type MysqlTarget, openMysql } from "./mysql-driver.js";
import { connectError, mysqlQueryError } from "./mysql-errors.js";
import { quoteMysqlIdent } from "./mysql-lexer.js";

type Lifecycle = Required<Pick<Dialect, "createDatabase" | "dropDatabase" | "ping">>;

/** The lifecycle members of the MySQL dialect for `target` (from `url`, with `secrets` hidden). */
export function mysqlLifecycle(
  target: MysqlTarget,
  url: string,
  secrets: readonly string[],
): Lifecycle {
  const name = target.database;
  const server = <T>(fn: (conn: MysqlDriverConnection) => Promise<T>) =>
    withServer(target, url, secrets, fn);
  return {
    createDatabase: () =>
      server(async (conn) => {
        if (await exists(conn, name)) return false;
        await conn.query(`CREATE DATABASE IF NOT EXISTS ${quoteMysqlIdent(name)}`);
        return true;
      }),
    dropDatabase: () =>
      server(async (conn) => {
        if (!(await exists(conn, name))) return false;
        const [rows] = await conn.query(
          `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ${conn.escape(name)} AND ID <> CONNECTION_ID()`,
        );
        const others = Number((rows as { n?: unknown }[])[0]?.n ?? 0);
        if (others > 0) {
          const who = `${others} other session${others === 1 ? " is" : "s are"} connected to it`;
          throw new TidemarkError("E_IN_USE", `Cannot drop database "${name}": ${who}`, {
            hint: "Stop the applications using it (see SHOW PROCESSLIST), then run `tidemark drop` again.",
          });
        }
        await conn.query(`DROP DATABASE IF EXISTS ${quoteMysqlIdent(name)}`);
        return true;
      }),
    ping: () => server(async () => undefined),
  };
}

async function exists(conn: MysqlDriverConnection, name: string): Promise<boolean> {
  const [rows] = await conn.query(
    `SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${conn.escape(name)}`,
  );
  return (rows as unknown[]).length > 0;
}

async function withServer<T>(
  target: MysqlTarget,
  url: string,
  secrets: readonly string[],
  fn: (conn: MysqlDriverConnection) => Promise<T>,
): Promise<T> {
  let conn: MysqlDriverConnection;
  try {
    conn = await openMysql({ ...target, database: "" }, "tidemark");
  } catch (err) {
    throw connectError(err, url, secrets);
  }
  try {
    return await fn(conn);
  } catch (err) {
    if (err instanceof TidemarkError) throw err;
    throw mysqlQueryError(err, undefined, secrets);
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}
