/**
 * The engines' own command-line clients and dump tools, for comparing what tidemark does with
 * what `mariadb`, `psql` and `sqlite3` do. Passwords reach the tools through their environment
 * (MYSQL_PWD, PGPASSWORD), never their arguments.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` with `input` on stdin; never throws on a non-zero exit. */
export function runTool(
  command: string,
  args: readonly string[],
  options: { input?: string; env?: Record<string, string> } = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A tool that stops early (an error with -bail) closes its input: its exit code says why.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** Host, port, user and database of a server URL, and its password for the environment. */
function parts(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

function mysqlArgs(url: string): { args: string[]; env: Record<string, string> } {
  const p = parts(url);
  return {
    args: ["--protocol=tcp", "-h", p.host, "-P", p.port || "3306", "-u", p.user || "root"],
    env: p.password ? { MYSQL_PWD: p.password } : {},
  };
}

/** The `mariadb` client (or `mysql`) running `script` as a user pipes a file into it. */
export async function mysqlClient(url: string, script: string): Promise<ToolResult> {
  const { args, env } = mysqlArgs(url);
  // --comments: comments reach the server, as tidemark sends them (and MySQL 8's client does).
  const options = ["--comments", "--default-character-set=utf8mb4", parts(url).database];
  return runTool("mariadb", [...args, ...options], { input: script, env });
}

/** `mariadb-dump` of a database: schema, routines, events, triggers and data, tidemark's tables left out. */
export async function mysqlDump(url: string, ignore: readonly string[]): Promise<string> {
  const { args, env } = mysqlArgs(url);
  const database = parts(url).database;
  const r = await runTool(
    "mariadb-dump",
    [
      ...args,
      "--routines",
      "--events",
      "--triggers",
      "--skip-dump-date",
      "--skip-comments",
      "--no-tablespaces",
      ...ignore.map((t) => `--ignore-table=${database}.${t}`),
      database,
    ],
    { env },
  );
  if (r.code !== 0) throw new Error(`mariadb-dump failed: ${r.stderr}`);
  return r.stdout;
}

function pgConnection(url: string): { conninfo: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  return { conninfo: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** `psql` running a file as a user would: stop at the first error, no ~/.psqlrc. */
export async function psqlClient(url: string, file: string): Promise<ToolResult> {
  const { conninfo, env } = pgConnection(url);
  return runTool("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", file], {
    env,
  });
}

/** `pg_dump` of a database (schema and data), tidemark's tables left out, run-specific lines removed. */
export async function pgDump(url: string, exclude: readonly string[]): Promise<string> {
  const { conninfo, env } = pgConnection(url);
  const r = await runTool(
    "pg_dump",
    [
      "--no-owner",
      "--no-privileges",
      ...exclude.map((t) => `--exclude-table=${t}`),
      "-d",
      conninfo,
    ],
    { env },
  );
  if (r.code !== 0) throw new Error(`pg_dump failed: ${r.stderr}`);
  // pg_dump 15.14+ fences the script with \restrict / \unrestrict and a random key.
  return r.stdout.replace(/^\\(un)?restrict .*$/gm, "");
}

/** The `sqlite3` shell running `script` against a database file, stopping at the first error. */
export function sqliteShell(path: string, script: string): Promise<ToolResult> {
  return runTool("sqlite3", ["-bail", path], { input: script });
}

/** `sqlite3 .dump` of a database file. */
export async function sqliteDump(path: string): Promise<string> {
  const r = await runTool("sqlite3", [path, ".dump"]);
  if (r.code !== 0) throw new Error(`sqlite3 .dump failed: ${r.stderr}`);
  // Emptied by DROP TABLE of tidemark's tables, which use AUTOINCREMENT; says nothing of the script.
  // sqlite_stat4 exists only where SQLite was built with STAT4 (better-sqlite3's library is, the
  // sqlite3 shell here is not): ANALYZE's extra table says nothing of how the script was run.
  return r.stdout
    .replace(/^DELETE FROM sqlite_sequence;\n/m, "")
    .replace(/^(ANALYZE sqlite_schema;|INSERT INTO sqlite_stat4 VALUES.*)\n/gm, "");
}

/** The scripts of a conformance folder: name → text (bytes as written: BOM and CRLF kept). */
export function readScript(path: string): string {
  return readFileSync(path, "utf8");
}
