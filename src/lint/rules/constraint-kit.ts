/** What the three add-constraint rules share: the constraints added to existing tables. */
import type { LintFile, LintStatement } from "../types.js";
import { existingAlters } from "./rule-kit.js";

type Rec = Readonly<Record<string, unknown>>;

/** Each constraint an ALTER TABLE adds to a table that existed before the run. */
export function* addedConstraints(
  file: LintFile,
): Generator<{ statement: LintStatement; table: string; constraint: Rec }> {
  for (const { statement, table, cmd } of existingAlters(file)) {
    const constraint = ((cmd.def ?? {}) as Rec).Constraint as Rec | undefined;
    if (cmd.subtype === "AT_AddConstraint" && constraint) yield { statement, table, constraint };
  }
}

/** `constraint c` or `a constraint`, for messages. */
export function named(constraint: Rec): string {
  return constraint.conname ? `constraint ${String(constraint.conname)}` : "a constraint";
}
