/** The ids of every lint rule, for the config's and the directives' checks (unknown ids are refused by name). */
import { LINT_RULES } from "./rules/index.js";

export const LINT_RULE_IDS: readonly string[] = LINT_RULES.map((r) => r.id);

/** "unknown lint rule "x" (did you mean "y"?)": the message part naming a bad id. */
export function unknownRule(id: string): string {
  const near = LINT_RULE_IDS.find(
    (known) => known.startsWith(id.slice(0, 4)) || id.startsWith(known.slice(0, 6)),
  );
  return `unknown lint rule "${id}"${near ? ` (did you mean "${near}"?)` : ""}`;
}
