/**
 * Recognises, with the real parser, statements PostgreSQL refuses inside a transaction
 * block (its `PreventInTransactionBlock` callers), and scripts that run their own
 * BEGIN/COMMIT: such a file must run statement by statement, outside tidemark's transaction.
 */
import { parseStatements } from "./pg-parser.js";

type Node = Readonly<Record<string, unknown>>;

// Cheap pre-check: a script without any of these words cannot hold such a statement,
// so the parser (a WASM module) is not loaded for it. False positives only cost a parse.
const KEYWORDS =
  /\b(concurrently|vacuum|system|database|tablespace|cluster|reindex|subscription|begin|start|commit|rollback|end|abort|prepare|prepared)\b/i;

const FORBIDDEN_TRANSACTION_KINDS: Readonly<Record<string, string>> = {
  TRANS_STMT_BEGIN: "BEGIN",
  TRANS_STMT_START: "START TRANSACTION",
  TRANS_STMT_COMMIT: "COMMIT",
  TRANS_STMT_ROLLBACK: "ROLLBACK",
  TRANS_STMT_PREPARE: "PREPARE TRANSACTION",
};

const PREPARED_KINDS: Readonly<Record<string, string>> = {
  TRANS_STMT_COMMIT_PREPARED: "COMMIT PREPARED",
  TRANS_STMT_ROLLBACK_PREPARED: "ROLLBACK PREPARED",
};

const ALWAYS_FORBIDDEN: Readonly<Record<string, string>> = {
  AlterSystemStmt: "ALTER SYSTEM",
  CreatedbStmt: "CREATE DATABASE",
  DropdbStmt: "DROP DATABASE",
  CreateTableSpaceStmt: "CREATE TABLESPACE",
  DropTableSpaceStmt: "DROP TABLESPACE",
  CreateSubscriptionStmt: "CREATE SUBSCRIPTION",
  DropSubscriptionStmt: "DROP SUBSCRIPTION",
};

function hasOption(options: unknown, name: string): boolean {
  if (!Array.isArray(options)) return false;
  return options.some((o) => (o as { DefElem?: { defname?: string } }).DefElem?.defname === name);
}

function detachesConcurrently(stmt: Node): boolean {
  const cmds = Array.isArray(stmt.cmds) ? stmt.cmds : [];
  return cmds.some((c) => {
    const cmd = (
      c as {
        AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } };
      }
    ).AlterTableCmd;
    return cmd?.subtype === "AT_DetachPartition" && cmd.def?.PartitionCmd?.concurrent === true;
  });
}

function reindexLabel(stmt: Node): string | null {
  if (hasOption(stmt.params, "concurrently")) return "REINDEX CONCURRENTLY";
  const kind = String(stmt.kind ?? "");
  if (kind === "REINDEX_OBJECT_SCHEMA") return "REINDEX SCHEMA";
  if (kind === "REINDEX_OBJECT_SYSTEM") return "REINDEX SYSTEM";
  if (kind === "REINDEX_OBJECT_DATABASE") return "REINDEX DATABASE";
  return null;
}

/** The statement's name when it cannot run inside a transaction block, else null. */
function forbiddenLabel(node: Node): string | null {
  const [type, body] = Object.entries(node)[0] ?? [];
  const stmt = (body ?? {}) as Node;
  switch (type) {
    case "IndexStmt":
      return stmt.concurrent === true ? "CREATE INDEX CONCURRENTLY" : null;
    case "DropStmt":
      return stmt.concurrent === true ? "DROP INDEX CONCURRENTLY" : null;
    case "ReindexStmt":
      return reindexLabel(stmt);
    case "VacuumStmt":
      return stmt.is_vacuumcmd === true ? "VACUUM" : null;
    case "ClusterStmt":
      return stmt.relation === undefined ? "CLUSTER without a table name" : null;
    case "AlterTableStmt":
      return detachesConcurrently(stmt) ? "DETACH PARTITION CONCURRENTLY" : null;
    case "AlterDatabaseStmt":
      return hasOption(stmt.options, "tablespace") ? "ALTER DATABASE SET TABLESPACE" : null;
    case "AlterSubscriptionStmt":
      return /REFRESH|PUBLICATION/.test(String(stmt.kind))
        ? "ALTER SUBSCRIPTION … PUBLICATION"
        : null;
    case "TransactionStmt":
      return PREPARED_KINDS[String(stmt.kind)] ?? null;
    default:
      return ALWAYS_FORBIDDEN[type ?? ""] ?? null;
  }
}

function ownTransaction(node: Node): string | null {
  const stmt = node.TransactionStmt as Node | undefined;
  return stmt ? (FORBIDDEN_TRANSACTION_KINDS[String(stmt.kind)] ?? null) : null;
}

/**
 * Why `script` cannot run inside one transaction, e.g.
 * "CREATE INDEX CONCURRENTLY cannot run inside a transaction block (line 3)", or null.
 * A script the parser rejects yields null: the server will report the syntax error itself.
 */
export async function pgNonTransactionalReason(script: string): Promise<string | null> {
  if (!KEYWORDS.test(script)) return null;
  let statements: Awaited<ReturnType<typeof parseStatements>>;
  try {
    statements = await parseStatements(script);
  } catch {
    return null;
  }
  for (const statement of statements) {
    const label = forbiddenLabel(statement.node);
    if (label) return `${label} cannot run inside a transaction block (line ${statement.line})`;
    const own = ownTransaction(statement.node);
    if (own) return `the script manages its own transaction (${own} at line ${statement.line})`;
  }
  return null;
}
