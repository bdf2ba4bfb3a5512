import { alterTable } from "../text-nodes.js";
import type { LintRule } from "../types.js";

/** ALTER TABLE clauses MySQL/MariaDB can do only by copying the table (ALGORITHM=COPY). */
const COPYING: readonly [RegExp, string][] = [
  [/^(MODIFY|CHANGE)\b/i, "redefining a column may change its type, which copies the table"],
  [/^CONVERT\s+TO\s+(CHARACTER\s+SET|CHARSET)\b/i, "CONVERT TO CHARACTER SET copies the table"],
  [/^DROP\s+PRIMARY\s+KEY\b/i, "dropping the primary key copies the table"],
  [/^ENGINE\s*=?/i, "changing the engine copies the table"],
  [/^ORDER\s+BY\b/i, "ORDER BY copies the table"],
  [/^ADD\s+(FULLTEXT|SPATIAL)\b/i, "a FULLTEXT or SPATIAL index blocks writes while it builds"],
  [/^ALGORITHM\s*=?\s*COPY\b/i, "ALGORITHM=COPY copies the table"],
];

/** MySQL DDL on an existing table that cannot run ALGORITHM=INPLACE or INSTANT. */
export const mysqlNotOnline: LintRule = {
  id: "mysql-not-online",
  level: "warning",
  syntaxes: ["mysql"],
  what: "ALTER TABLE that MySQL/MariaDB cannot do INPLACE or INSTANT",
  why: "The table is copied row by row while writes are blocked: on a big table, minutes of errors or queued writes.",
  safe: "Ask for ALGORITHM=INPLACE (or INSTANT), LOCK=NONE so MySQL refuses instead of copying; otherwise use an online schema change tool (gh-ost, pt-online-schema-change).",
  *check(file) {
    for (const s of file.statements) {
      const alter = alterTable(s.code);
      if (!alter || file.isNew(alter.table, s.index)) continue;
      if (alter.clauses.some((c) => /^ALGORITHM\s*=?\s*(INPLACE|INSTANT)\b/i.test(c))) continue;
      const addsKey = alter.clauses.some((c) => /^ADD\s+PRIMARY\s+KEY\b/i.test(c));
      const reasons = alter.clauses.flatMap((c) =>
        COPYING.filter(([re]) => re.test(c) && !(addsKey && /PRIMARY/i.test(re.source))).map(
          ([, why]) => why,
        ),
      );
      if (reasons.length > 0)
        yield { statement: s, message: `on ${alter.table}: ${[...new Set(reasons)].join("; ")}` };
    }
  },
};
