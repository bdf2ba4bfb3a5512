import { stmt } from "../pg-nodes.js";
import type { LintRule, LintStatement } from "../types.js";

const PG_KINDS: Readonly<Record<string, string>> = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
};

function control(s: LintStatement): string | null {
  const pg = stmt(s.node, "TransactionStmt");
  if (pg) return PG_KINDS[String(pg.kind)] ?? null;
  const [first, second] = s.words;
  if (first === "START" && second === "TRANSACTION") return "START TRANSACTION";
  if (first === "ROLLBACK" && second === "TO") return null;
  return first === "BEGIN" || first === "COMMIT" || first === "END" || first === "ROLLBACK"
    ? first
    : null;
}

/** BEGIN/COMMIT written in a file that the runner already runs inside its own transaction. */
export const transactionInWrappedFile: LintRule = {
  id: "transaction-in-wrapped-file",
  level: "error",
  syntaxes: ["postgres", "mysql", "sqlite"],
  what: "BEGIN/COMMIT inside a file that the runner already wraps in a transaction",
  why: "The runner's transaction is already open: the file's BEGIN fails (SQLite) or its COMMIT ends the runner's transaction early, so the tracking row and the rest of the file no longer commit together.",
  safe: "Remove BEGIN/COMMIT: tidemark runs each migration in one transaction with its tracking row.",
  *check(file) {
    if (!file.wrapped) return;
    for (const s of file.statements) {
      const what = control(s);
      if (what) yield { statement: s, message: `${what} inside the migration's transaction` };
    }
  },
};
