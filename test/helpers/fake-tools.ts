/**
 * Stand-ins for an engine's command-line tools, put first on PATH: a spy that records how it
 * was started (its /proc/<pid>/cmdline and the password it got in its environment) and then
 * execs the real tool, or a tool that fails or reports another version.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The real program's path, looked up on the current PATH. */
export function realTool(name: string): string {
  return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
}

function writeScript(dir: string, name: string, body: string): void {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

/**
 * A spy for `name` in `dir`: each run writes `<name>.<pid>.cmdline` (its own /proc cmdline,
 * one argument a line) and, when it has one, `<name>.<pid>.password` (the value of `variable`),
 * then execs the real tool with the same arguments.
 */
export function spyTool(dir: string, name: string, variable: string): void {
  const real = realTool(name);
  writeScript(
    dir,
    name,
    [
      `tr '\\0' '\\n' < /proc/$$/cmdline > "${dir}/${name}.$$.cmdline"`,
      `if [ -n "$${variable}" ]; then printf '%s' "$${variable}" > "${dir}/${name}.$$.password"; fi`,
      `exec "${real}" "$@"`,
    ].join("\n"),
  );
}

/** A `name` in `dir` that answers `--version` with `versionLine` and otherwise runs the real tool, or fails with `failure`. */
export function fakeTool(
  dir: string,
  name: string,
  options: { readonly versionLine?: string; readonly failure?: string },
): void {
  const real = realTool(name);
  const version = options.versionLine
    ? `echo '${options.versionLine}'; exit 0`
    : `exec "${real}" --version`;
  const rest = options.failure ? `echo '${options.failure}' >&2; exit 1` : `exec "${real}" "$@"`;
  writeScript(dir, name, `if [ "$1" = "--version" ]; then ${version}; fi\n${rest}`);
}

/** One run of a spy: its command line (one argument a line) and the password it was given. */
export interface SpiedRun {
  readonly cmdline: string;
  readonly password: string | null;
}

/** What the spies in `dir` recorded, one entry a run. */
export function spied(dir: string): SpiedRun[] {
  const files = readdirSync(dir);
  return files
    .filter((f) => f.endsWith(".cmdline"))
    .map((f) => {
      const password = join(dir, f.replace(/\.cmdline$/, ".password"));
      return {
        cmdline: readFileSync(join(dir, f), "utf8"),
        password: existsSync(password) ? readFileSync(password, "utf8") : null,
      };
    });
}

/** Runs `fn` with `dir` first on PATH (this process and the children it starts). */
export async function withPath<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const old = process.env.PATH;
  process.env.PATH = `${dir}:${old ?? ""}`;
  try {
    return await fn();
  } finally {
    process.env.PATH = old;
  }
}
