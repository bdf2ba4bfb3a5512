import { stmt } from "../pg-nodes.js";
import type { LintRule } from "../types.js";

type Rec = Readonly<Record<string, unknown>>;

/** `VACUUM FULL`. */
export const vacuumFull: LintRule = {
  id: "vacuum-full",
  level: "error",
  syntaxes: ["postgres"],
  what: "runs VACUUM FULL",
  why: "VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock: no reads or writes until it is done.",
  safe: "Plain VACUUM (no lock on reads and writes), or pg_repack for an online rewrite; outside migrations.",
  *check(file) {
    for (const s of file.statements) {
      const options = (stmt(s.node, "VacuumStmt")?.options ?? []) as Rec[];
      if (options.some((o) => (o.DefElem as Rec | undefined)?.defname === "full"))
        yield { statement: s, message: "VACUUM FULL locks the table for the whole rewrite" };
    }
  },
};
