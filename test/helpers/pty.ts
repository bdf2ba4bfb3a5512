/**
 * Runs the built CLI at a real pseudo-terminal (python3's `pty`), as a person at a terminal:
 * waits for `prompt` in its output, types `answer` and Enter, and collects everything shown.
 */
import { spawn } from "node:child_process";
import { CLI, cleanEnv } from "./cli.js";

const DRIVER = `
import os, pty, select, sys, time
prompt, answer, cmd = sys.argv[1].encode(), sys.argv[2].encode(), sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(cmd[0], cmd)
out, sent, deadline = b"", False, time.time() + 90
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if fd not in ready:
        continue
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
    if not sent and prompt in out:
        os.write(fd, answer + b"\\r")
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`;

export interface PtyResult {
  readonly code: number | null;
  /** Everything the terminal showed (stdout and stderr together, as a terminal shows them). */
  readonly output: string;
}

/** Runs `tidemark <args>` in `cwd` at a pseudo-terminal; answers `answer` once `prompt` shows. */
export function runCliInPty(
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly prompt: string;
    readonly answer: string;
    readonly env?: Record<string, string | undefined>;
  },
): Promise<PtyResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "python3",
      ["-c", DRIVER, options.prompt, options.answer, process.execPath, CLI, ...args],
      { cwd: options.cwd, env: cleanEnv(options.env), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output: output.replace(/\r\n/g, "\n") }));
  });
}
