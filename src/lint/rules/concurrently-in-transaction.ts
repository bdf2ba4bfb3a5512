import { stmt } from "../pg-nodes.js";
import type { LintRule, PgNode } from "../types.js";

type Rec = Readonly<Record<string, unknown>>;

function concurrently(node: PgNode | null): string | null {
  if (stmt(node, "IndexStmt")?.concurrent === true) return "CREATE INDEX CONCURRENTLY";
  if (stmt(node, "DropStmt")?.concurrent === true) return "DROP INDEX CONCURRENTLY";
  const reindex = stmt(node, "ReindexStmt");
  const params = (reindex?.params ?? []) as Rec[];
  if (params.some((p) => (p.DefElem as Rec | undefined)?.defname === "concurrently"))
    return "REINDEX CONCURRENTLY";
  return null;
}

const OPENS = new Set(["TRANS_STMT_BEGIN", "TRANS_STMT_START"]);
const CLOSES = new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"]);

/**
 * CONCURRENTLY where it will fail: in a file the runner wraps in its transaction (as the
 * executor decides), or between the file's own BEGIN and COMMIT.
 */
export const concurrentlyInTransaction: LintRule = {
  id: "concurrently-in-transaction",
  level: "error",
  syntaxes: ["postgres"],
  what: "runs CONCURRENTLY where the runner (or the file's own BEGIN) puts it inside a transaction",
  why: "PostgreSQL refuses CREATE/DROP INDEX CONCURRENTLY inside a transaction block: the migration fails when it reaches the statement.",
  safe: "Leave the statement outside any BEGIN … COMMIT of the file (tidemark runs a file with CONCURRENTLY statement by statement by itself), and run without --single-transaction.",
  *check(file) {
    let own = false;
    for (const s of file.statements) {
      const kind = String(stmt(s.node, "TransactionStmt")?.kind ?? "");
      if (OPENS.has(kind)) own = true;
      if (CLOSES.has(kind)) own = false;
      const label = concurrently(s.node);
      if (label === null || (!own && !file.wrapped)) continue;
      const where = own
        ? "inside the file's own BEGIN … COMMIT"
        : "inside the migration's transaction";
      yield { statement: s, message: `${label} runs ${where} and will fail` };
    }
  },
};
