/**
 * Throw-away databases of the live one's engine, where `verify` and `drift` build schemas
 * (SPEC §8): a scratch database `tidemark_shadow_<random>` created and dropped on the same
 * server (PostgreSQL, MySQL), or on the server `shadowUrl` names; an in-memory database for
 * SQLite and PGlite. When PostgreSQL refuses CREATE DATABASE, an in-memory PGlite stands in
 * and the shadow says so. {@link withShadow} drops it whatever happens in between.
 */
import { randomBytes } from "node:crypto";
import { TidemarkError } from "../core/errors.js";
import type { Dialect, ScratchPlan } from "../dialects/dialect.js";
import { resolveDialect } from "../dialects/registry.js";
import { redactUrl } from "../dialects/url.js";

/** A throw-away database. Its `url` may hold the live URL's password: show `description`. */
export interface Shadow {
  readonly url: string;
  /** What it is, for people, password hidden: `scratch database tidemark_shadow_1f… on postgres://…`. */
  readonly description: string;
  /** Why it is not what was asked for (CREATE DATABASE refused → PGlite); absent otherwise. */
  readonly note?: string;
  /** The scratch database's name on its server; absent for an in-memory one. */
  readonly database?: string;
  /** Drops it; safe to call twice. An in-memory database goes with its last session. */
  drop(): Promise<void>;
}

export interface ShadowOptions {
  /** Another server to create the scratch database on (or `pglite:memory`, `sqlite::memory:`). */
  readonly shadowUrl?: string;
  /** Session name of the sessions that create and drop it. */
  readonly applicationName: string;
}

/** Creates a throw-away database for the engine of `liveUrl`. The caller must `drop()` it. */
export async function openShadow(liveUrl: string, options: ShadowOptions): Promise<Shadow> {
  const base = options.shadowUrl ?? liveUrl;
  const dialect = await resolveDialect(base);
  const plan = dialect.scratch;
  if (plan === undefined)
    throw new TidemarkError(
      "E_USAGE",
      `No throw-away database can be made for ${redactUrl(base)}`,
      {
        hint: "Pass --shadow-url with a server where tidemark may create a scratch database.",
      },
    );
  if (plan.kind === "memory") return inMemory(plan.url);
  const name = `tidemark_shadow_${randomBytes(6).toString("hex")}`;
  try {
    await runOnServer(dialect, options.applicationName, plan.createSql(name));
  } catch (err) {
    if (plan.fallbackUrl === undefined) throw refused(err, name, base);
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ...inMemory(plan.fallbackUrl),
      note: `${dialect.displayUrl} refused CREATE DATABASE (${reason}); using an in-memory PGlite instead`,
    };
  }
  // Only quicker commits: the scratch database serves as well without them.
  const setup = plan.setupSql?.(name);
  if (setup !== undefined)
    await runOnServer(dialect, options.applicationName, setup).catch(() => undefined);
  return onServer(dialect, plan, name, options.applicationName);
}

/**
 * Runs `fn` with a fresh shadow and drops it afterwards, also when `fn` throws or the run was
 * interrupted. A failed drop is reported unless `fn` failed first (its error is the one to see).
 */
export async function withShadow<T>(
  liveUrl: string,
  options: ShadowOptions,
  fn: (shadow: Shadow) => Promise<T>,
): Promise<T> {
  const shadow = await openShadow(liveUrl, options);
  let result: T;
  try {
    result = await fn(shadow);
  } catch (err) {
    await shadow.drop().catch(() => undefined);
    throw err;
  }
  await shadow.drop();
  return result;
}

function inMemory(url: string): Shadow {
  return { url, description: `an in-memory database (${url})`, drop: async () => undefined };
}

function onServer(
  dialect: Dialect,
  plan: Extract<ScratchPlan, { kind: "server" }>,
  name: string,
  applicationName: string,
): Shadow {
  let dropped = false;
  return {
    url: plan.urlFor(name),
    database: name,
    description: `scratch database ${name} on ${dialect.displayUrl}`,
    async drop() {
      if (dropped) return;
      await runOnServer(dialect, applicationName, plan.dropSql(name)).catch((err: unknown) => {
        throw new TidemarkError("E_QUERY", `Could not drop the scratch database ${name}`, {
          cause: err,
          hint: `Drop it by hand: ${plan.dropSql(name)}`,
        });
      });
      dropped = true;
    },
  };
}

/** One statement on a session of its own, to the live database (never to the scratch one). */
async function runOnServer(dialect: Dialect, applicationName: string, sql: string): Promise<void> {
  const conn = await dialect.connect({ applicationName });
  try {
    await conn.exec(sql);
  } finally {
    await conn.close();
  }
}

function refused(err: unknown, name: string, base: string): TidemarkError {
  const reason = err instanceof Error ? err.message : String(err);
  return new TidemarkError(
    "E_CONNECT",
    `Could not create the scratch database ${name}: ${reason}`,
    {
      cause: err,
      hint: `Grant the user of ${redactUrl(base)} the right to create databases, or pass --shadow-url naming a server where it may.`,
    },
  );
}
