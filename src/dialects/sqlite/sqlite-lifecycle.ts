/**
 * `create` and `drop` for SQLite: the database is a file. `:memory:` has nothing to create or
 * drop. There is no server, so nothing to wait for (no `ping`).
 */
import { existsSync, rmSync } from "node:fs";
import type { Dialect } from "../dialect.js";
import { openSqlite } from "./sqlite-driver.js";

/** Files SQLite keeps beside the database while it is in use. */
const COMPANIONS = ["-wal", "-shm", "-journal"];

/**
 * The lifecycle members of the SQLite dialect for `file` (resolved, or `:memory:`); `open`
 * turns an open failure into the dialect's error.
 */
export function sqliteLifecycle(
  file: string,
  openError: (err: unknown) => Error,
): Required<Pick<Dialect, "createDatabase" | "dropDatabase">> {
  const memory = file === ":memory:";
  return {
    async createDatabase() {
      if (memory || existsSync(file)) return false;
      try {
        (await openSqlite(file)).close();
      } catch (err) {
        throw openError(err);
      }
      return true;
    },
    async dropDatabase() {
      if (memory || !existsSync(file)) return false;
      for (const path of [file, ...COMPANIONS.map((suffix) => `${file}${suffix}`)])
        rmSync(path, { force: true });
      return true;
    },
  };
}
