import { TidemarkError } from "../core/errors.js";
import type { Dialect } from "./dialect.js";
import { redactUrl } from "./url.js";

/** What a dialect module exports: a factory from the user's URL. */
export interface DialectModule {
  createDialect(url: string): Dialect;
}

/** URL scheme → lazy import, so that `tidemark --help` loads no driver. */
const loaders: Readonly<Record<string, () => Promise<DialectModule>>> = {
  sqlite: () => import("./sqlite/sqlite-dialect.js"),
  postgres: () => import("./postgres/postgres-dialect.js"),
  postgresql: () => import("./postgres/postgres-dialect.js"),
  pglite: () => import("./pglite/pglite-dialect.js"),
  mysql: () => import("./mysql/mysql-dialect.js"),
  mariadb: () => import("./mysql/mysql-dialect.js"),
};

/** The scheme of a connection URL (`postgres`, `sqlite`, …), lower-cased, or null. */
export function urlScheme(url: string): string | null {
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  return m ? m[1]!.toLowerCase() : null;
}

/** Picks and loads the dialect for a URL; throws E_CONFIG naming the URL (redacted) when unknown. */
export async function resolveDialect(url: string): Promise<Dialect> {
  const scheme = urlScheme(url);
  const load = scheme ? loaders[scheme] : undefined;
  if (!load) {
    throw new TidemarkError(
      "E_CONFIG",
      `Unsupported database URL ${redactUrl(url)}: expected sqlite:, postgres://, postgresql://, pglite:, mysql:// or mariadb://`,
      { hint: "Pass --url, or set TIDEMARK_URL or DATABASE_URL." },
    );
  }
  const mod = await load();
  return mod.createDialect(url);
}
