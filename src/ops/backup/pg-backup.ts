/**
 * PostgreSQL backups with the server's own tools: `pg_dump -Fc` (custom format) and
 * `pg_restore --clean --create` (drop and recreate the database, with its settings, from the
 * archive). Both are found on PATH; the connection reaches them through libpq's variables
 * (PGHOST, PGPASSWORD, PGSSLMODE, …), so the password is never in their argument list.
 */
import { TidemarkError } from "../../core/errors.js";
import type { BackupSubject, BackupTool, ToolIdentity } from "./backup-tool.js";
import { runTool, versionIn } from "./child-process.js";

const INSTALL =
  "Install the PostgreSQL client tools (pg_dump, pg_restore) of the server's major version or newer, e.g. `apt-get install postgresql-client`, and put them on PATH.";

/** URL parameters that libpq also reads from a variable. */
const PARAMS: Readonly<Record<string, string>> = {
  sslmode: "PGSSLMODE",
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  sslcrl: "PGSSLCRL",
  connect_timeout: "PGCONNECT_TIMEOUT",
  target_session_attrs: "PGTARGETSESSIONATTRS",
  host: "PGHOST",
  port: "PGPORT",
};

/** Where the maintenance connection of a restore goes (the database itself is dropped). */
const MAINTENANCE_DATABASE = "postgres";

/**
 * libpq's variables for `url` (`schema=` and other tidemark-only parameters left out). The
 * password is set only when the URL has one: otherwise libpq looks in ~/.pgpass and PGPASSWORD,
 * as the `pg` driver does.
 */
export function pgEnvironment(url: string): Record<string, string> {
  const u = new URL(url);
  const decode = (s: string) => decodeURIComponent(s);
  const env: Record<string, string> = {
    PGHOST: u.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    PGPORT: u.port || "5432",
    PGAPPNAME: "tidemark backup",
  };
  if (u.username) env.PGUSER = decode(u.username);
  if (u.password) env.PGPASSWORD = decode(u.password);
  const database = decode(u.pathname.replace(/^\//, ""));
  if (database) env.PGDATABASE = database;
  for (const [name, value] of u.searchParams) {
    const variable = PARAMS[name.toLowerCase()];
    if (variable) env[variable] = value;
  }
  return env;
}

/** The database `url` names (libpq's default: the user's name). */
function databaseOf(url: string): string {
  const env = pgEnvironment(url);
  return env.PGDATABASE ?? env.PGUSER ?? "postgres";
}

function major(version: string): number {
  return Number(version.split(".")[0]);
}

async function identify(subject: BackupSubject): Promise<ToolIdentity> {
  const out = await runTool("pg_dump", ["--version"], { doing: "back up", install: INSTALL });
  const version = versionIn(out.stdout) ?? "unknown";
  const [server] = await subject.conn.query<{ num: string; version: string }>(
    "SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version",
  );
  const serverMajor = Math.floor(Number(server?.num ?? 0) / 10000);
  const serverVersion = String(server?.version ?? "").split(" ")[0];
  if (major(version) < serverMajor) {
    throw new TidemarkError(
      "E_BACKUP",
      `pg_dump ${version} is older than the server (PostgreSQL ${serverVersion}) and cannot back it up`,
      {
        hint: `Install the PostgreSQL ${serverMajor} client tools (or newer) and put them first on PATH.`,
      },
    );
  }
  return { tool: "pg_dump", version };
}

async function dump(subject: BackupSubject, _tool: ToolIdentity, file: string): Promise<void> {
  await runTool("pg_dump", ["--format=custom", `--file=${file}`], {
    env: pgEnvironment(subject.url),
    doing: "back up",
    install: INSTALL,
  });
}

async function checkTarget(url: string, file: string): Promise<void> {
  const list = await runTool("pg_restore", ["--list", file], {
    doing: "read the backup",
    install: INSTALL,
  });
  const archived = /^;\s+dbname: (.*)$/m.exec(list.stdout)?.[1];
  const target = databaseOf(url);
  if (archived !== target) {
    throw new TidemarkError(
      "E_BACKUP",
      `${file} is a backup of the database "${archived ?? "?"}", not of "${target}"`,
      { hint: "Restore a backup of this database, or use pg_restore yourself to copy another." },
    );
  }
}

async function restore(url: string, file: string): Promise<void> {
  const env = { ...pgEnvironment(url), PGDATABASE: MAINTENANCE_DATABASE };
  await runTool(
    "pg_restore",
    [
      "--clean",
      "--create",
      "--if-exists",
      "--exit-on-error",
      `--dbname=${MAINTENANCE_DATABASE}`,
      file,
    ],
    { env, doing: "restore", install: INSTALL },
  ).catch((err: unknown) => {
    if (err instanceof TidemarkError && /being accessed by other users/.test(err.message)) {
      throw new TidemarkError("E_BACKUP", err.message, {
        hint: "Other sessions (apps, psql, a running tidemark) are connected to the database: stop them, then run restore again. Nothing was changed.",
      });
    }
    throw err;
  });
}

/** pg_dump / pg_restore. */
export const pgBackup: BackupTool = {
  extension: "dump",
  database: databaseOf,
  identify,
  dump,
  checkTarget,
  restore,
};
