import { relName, stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

type Rec = Readonly<Record<string, unknown>>;

/** `LOCK TABLE` on an existing table. */
export const lockTable: LintRule = {
  id: "lock-table",
  level: "warning",
  syntaxes: ["postgres"],
  what: "takes an explicit LOCK TABLE",
  why: "The lock (ACCESS EXCLUSIVE unless a mode is given) is held until the migration commits: everything else on the table queues behind it.",
  safe: "Drop the explicit lock and let each statement take the lock it needs; tidemark's lock_timeout then bounds the wait.",
  *check(file) {
    for (const s of file.statements) {
      const relations = (stmt(s.node, "LockStmt")?.relations ?? []) as Rec[];
      const tables = relations
        .map((r) => relName(r.RangeVar))
        .filter((t) => !file.isNew(t, s.index));
      if (tables.length > 0)
        yield { statement: s, message: `locks ${tables.join(", ")} until the migration commits` };
    }
  },
};
