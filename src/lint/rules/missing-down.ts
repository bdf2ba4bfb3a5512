import type { LintRule } from "../types.js";

/** A versioned migration with no down section (and no `-- tidemark:irreversible`). */
export const missingDown: LintRule = {
  id: "missing-down",
  level: "warning",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "a migration with no down",
  why: "`tidemark down` cannot roll it back: a bad deploy is undone by hand, under pressure.",
  safe: "Write a down section (`-- migrate:down`) that undoes the up; when nothing can undo it, say so with `-- tidemark:irreversible`.",
  *check(file) {
    if (file.missingDown)
      yield { statement: file.statements[0] ?? file.start, message: "has no down section" };
  },
};
