/**
 * `create` and `drop` for PGlite: the database is a data directory. In memory there is
 * nothing to create or drop; in process there is no server to wait for (no `ping`).
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TidemarkError } from "../../core/errors.js";
import type { Dialect } from "../dialect.js";
import { openPGliteSession } from "./pglite-session.js";

/** The lifecycle members of the PGlite dialect for `dataDir` (null: in memory). */
export function pgliteLifecycle(
  dataDir: string | null,
  openError: (err: unknown) => Error,
): Required<Pick<Dialect, "createDatabase" | "dropDatabase">> {
  // Every data directory PostgreSQL initialised holds PG_VERSION.
  const initialised = () => dataDir !== null && existsSync(join(dataDir, "PG_VERSION"));
  return {
    async createDatabase() {
      if (dataDir === null || initialised()) return false;
      try {
        await (await openPGliteSession(dataDir)).end();
      } catch (err) {
        throw openError(err);
      }
      return true;
    },
    async dropDatabase() {
      if (dataDir === null || !existsSync(dataDir)) return false;
      if (!initialised())
        throw new TidemarkError(
          "E_USAGE",
          `${dataDir} is not a PGlite data directory (it has no PG_VERSION): not removed`,
          { hint: "Check the pglite: URL." },
        );
      rmSync(dataDir, { recursive: true, force: true });
      return true;
    },
  };
}
