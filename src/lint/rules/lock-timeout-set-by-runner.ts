import { stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

/**
 * Not a request for lock_timeout (squawk asks every file to set one): tidemark sets it for each
 * migration itself, so a file that sets it only overrides the runner's value.
 */
export const lockTimeoutSetByRunner: LintRule = {
  id: "lock-timeout-set-by-runner",
  level: "info",
  syntaxes: ["postgres"],
  what: "sets lock_timeout, which tidemark already sets for every migration (note)",
  why: "tidemark runs SET LOCAL lock_timeout before each migration (--lock-timeout, environments.<name>.lockTimeout; default 5 s) and retries a migration that timed out; a SET in the file overrides that value for the rest of the migration.",
  safe: "Remove the SET and choose the timeout with --lock-timeout or the environment's lockTimeout; keep it only to give this migration a different limit on purpose.",
  *check(file) {
    for (const s of file.statements) {
      if (stmt(s.node, "VariableSetStmt")?.name === "lock_timeout")
        yield {
          statement: s,
          message: "sets lock_timeout; tidemark already sets it for each migration",
        };
    }
  },
};
