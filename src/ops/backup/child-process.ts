/**
 * Runs an engine's command-line tool (pg_dump, mariadb-dump, …) for a backup or a restore.
 * Secrets go in `env` (PGPASSWORD, MYSQL_PWD), never in `args`: every user of the machine can
 * read a process's argument list (`ps`, /proc/<pid>/cmdline), while its environment is private.
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { TidemarkError } from "../../core/errors.js";

export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunToolOptions {
  /** Variables added to (or, when undefined, removed from) the process environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Text written to the tool's input first, then `inputFile`'s bytes. */
  readonly input?: string;
  readonly inputFile?: string;
  /** What the tool is doing, for error messages: "back up", "restore". */
  readonly doing: string;
  /** What to say when the tool is not installed. */
  readonly install: string;
}

/** The last lines of a tool's error output, as one line. */
function lastLines(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  return lines.slice(-3).join(" / ");
}

function childEnv(extra: RunToolOptions["env"]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(extra ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/**
 * Runs `command args` found on PATH; resolves with its output when it exits 0. Throws E_BACKUP
 * naming the tool when it is not found (with `install`) or fails (with its last error lines).
 */
export function runTool(
  command: string,
  args: readonly string[],
  options: RunToolOptions,
): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: childEnv(options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err: NodeJS.ErrnoException) => {
      const missing = err.code === "ENOENT";
      reject(
        new TidemarkError(
          "E_BACKUP",
          missing
            ? `Cannot ${options.doing}: ${command} was not found on PATH`
            : `Cannot ${options.doing}: ${command} did not start (${err.message})`,
          { cause: err, hint: missing ? options.install : undefined },
        ),
      );
    });
    child.on("close", (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const why = lastLines(stderr) || (signal ? `killed by ${signal}` : `exit code ${code}`);
      reject(new TidemarkError("E_BACKUP", `Cannot ${options.doing}: ${command} failed: ${why}`));
    });
    // A tool that stops early closes its input: its exit code says why.
    child.stdin.on("error", () => {});
    if (options.input !== undefined) child.stdin.write(options.input);
    if (options.inputFile === undefined) {
      child.stdin.end();
      return;
    }
    const file = createReadStream(options.inputFile);
    file.on("error", (err) => {
      child.kill();
      reject(new TidemarkError("E_BACKUP", `Cannot read ${options.inputFile}: ${err.message}`));
    });
    file.pipe(child.stdin);
  });
}

/** `major.minor` (or `major`) of the first version number in a tool's `--version` line. */
export function versionIn(text: string): string | null {
  return /\b(\d+(?:\.\d+)+|\d+)\b/.exec(text)?.[1] ?? null;
}
