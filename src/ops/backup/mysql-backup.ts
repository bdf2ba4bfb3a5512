/**
 * MySQL and MariaDB backups with the server's own tools: `mariadb-dump` (or `mysqldump`)
 * `--single-transaction --routines --triggers --events`, written with `--databases
 * --add-drop-database` so that the file itself drops and recreates the database (with its
 * character set); restore pipes it into the `mariadb` (or `mysql`) client. The password goes
 * in MYSQL_PWD, never in the argument list; ~/.my.cnf is not read (`--no-defaults`), as the
 * driver tidemark migrates with does not read it either.
 */
import { promises as fsp } from "node:fs";
import { TidemarkError } from "../../core/errors.js";
import { type MysqlTarget, parseMysqlUrl } from "../../dialects/mysql/mysql-driver.js";
import type { BackupSubject, BackupTool, ToolIdentity } from "./backup-tool.js";
import { runTool, versionIn } from "./child-process.js";

const INSTALL =
  "Install the MariaDB or MySQL client tools (mariadb-dump and mariadb, or mysqldump and mysql), e.g. `apt-get install mariadb-client`, and put them on PATH.";

/** Program names, MariaDB's first: `mariadb-dump` reads both servers. */
const DUMPERS = ["mariadb-dump", "mysqldump"] as const;
const CLIENTS = ["mariadb", "mysql"] as const;

function connectionArgs(target: MysqlTarget, program: string): string[] {
  const where = target.socketPath
    ? [`--socket=${target.socketPath}`]
    : ["--protocol=tcp", `--host=${target.host}`, `--port=${target.port}`];
  const ssl = !target.ssl
    ? []
    : program.startsWith("mariadb")
      ? ["--ssl", ...(target.ssl.rejectUnauthorized ? ["--ssl-verify-server-cert"] : [])]
      : [`--ssl-mode=${target.ssl.rejectUnauthorized ? "VERIFY_IDENTITY" : "REQUIRED"}`];
  return ["--no-defaults", ...where, `--user=${target.user}`, ...ssl];
}

/** MYSQL_PWD from the URL; an inherited one is removed when the URL has none (the driver ignores it). */
function passwordEnv(target: MysqlTarget): Record<string, string | undefined> {
  return { MYSQL_PWD: target.password === "" ? undefined : target.password };
}

/** The first of `programs` found on PATH, with its `--version` line. */
async function findProgram(
  programs: readonly string[],
  doing: string,
): Promise<{ program: string; versionLine: string }> {
  let first: unknown;
  for (const program of programs) {
    try {
      const out = await runTool(program, ["--version"], { doing, install: INSTALL });
      return { program, versionLine: out.stdout };
    } catch (err) {
      first ??= err;
    }
  }
  throw first;
}

async function identify(): Promise<ToolIdentity> {
  const { program, versionLine } = await findProgram(DUMPERS, "back up");
  // "mariadb-dump  Ver 10.19 Distrib 10.11.6-MariaDB": the distribution's version says more.
  const version = /Distrib (\S+?),?\s/.exec(versionLine)?.[1] ?? versionIn(versionLine);
  return { tool: program, version: version ?? "unknown" };
}

async function dump(subject: BackupSubject, tool: ToolIdentity, file: string): Promise<void> {
  const target = parseMysqlUrl(subject.url);
  const args = [
    ...connectionArgs(target, tool.tool),
    "--single-transaction",
    "--routines",
    "--triggers",
    "--events",
    "--hex-blob",
    "--no-tablespaces",
    "--default-character-set=utf8mb4",
    "--add-drop-database",
    `--result-file=${file}`,
    "--databases",
    target.database,
  ];
  await runTool(tool.tool, args, { env: passwordEnv(target), doing: "back up", install: INSTALL });
}

/** The database a dump file creates (`CREATE DATABASE … \`name\``), from its first 64 KiB. */
async function dumpedDatabase(file: string): Promise<string | null> {
  const handle = await fsp.open(file, "r");
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString("utf8");
    const m = /^CREATE DATABASE (?:\/\*[^*]*\*\/ )?`((?:[^`]|``)+)`/m.exec(head);
    return m ? m[1]!.replace(/``/g, "`") : null;
  } finally {
    await handle.close();
  }
}

async function checkTarget(url: string, file: string): Promise<void> {
  const target = parseMysqlUrl(url).database;
  const dumped = await dumpedDatabase(file);
  if (dumped === target) return;
  throw new TidemarkError(
    "E_BACKUP",
    dumped === null
      ? `${file} is not a tidemark backup of a MySQL database (it creates no database)`
      : `${file} is a backup of the database "${dumped}", not of "${target}"`,
    { hint: "Restore a backup that `tidemark backup` took of this database." },
  );
}

async function restore(url: string, file: string): Promise<void> {
  const target = parseMysqlUrl(url);
  const { program } = await findProgram(CLIENTS, "restore");
  const args = [...connectionArgs(target, program), "--default-character-set=utf8mb4"];
  await runTool(program, args, {
    env: passwordEnv(target),
    inputFile: file,
    doing: "restore",
    install: INSTALL,
  });
}

/** mariadb-dump / mysqldump, and the client to restore. */
export const mysqlBackup: BackupTool = {
  extension: "sql",
  database: (url) => parseMysqlUrl(url).database,
  identify,
  dump,
  checkTarget,
  restore,
};
