import type { Statement } from "../dialect.js";
import { skipAt } from "./mysql-lexer.js";

/**
 * Which statements may run inside one transaction that a failure rolls back. MySQL commits
 * implicitly before and after DDL (and after LOCK TABLES, user management, …), so only
 * plain data statements qualify; everything else makes the file run statement by statement.
 *
 * Allowed: INSERT, UPDATE, DELETE, REPLACE, SELECT, WITH, VALUES, TABLE, DO, LOAD DATA / XML,
 * and SET of variables. Not allowed: CALL (a procedure may run DDL or COMMIT), transaction
 * control (START TRANSACTION, BEGIN, COMMIT, ROLLBACK, SAVEPOINT: the file manages its own),
 * and SET PASSWORD / ROLE / DEFAULT ROLE / TRANSACTION / autocommit (they commit, or are refused
 * inside a transaction).
 */
const DATA = new Set([
  "INSERT",
  "UPDATE",
  "DELETE",
  "REPLACE",
  "SELECT",
  "WITH",
  "VALUES",
  "TABLE",
  "DO",
]);
const TRANSACTION_CONTROL = new Set([
  "START",
  "BEGIN",
  "COMMIT",
  "ROLLBACK",
  "SAVEPOINT",
  "RELEASE",
  "XA",
]);
const SET_COMMITS =
  /^SET\s+(PASSWORD|ROLE|DEFAULT\s+ROLE|(GLOBAL\s+|SESSION\s+|LOCAL\s+)?TRANSACTION)\b|\bAUTOCOMMIT\b/i;
/** The object a DDL verb acts on, named in the reason ("CREATE TABLE"). */
const OBJECTS = new Set([
  "TABLE",
  "INDEX",
  "VIEW",
  "PROCEDURE",
  "FUNCTION",
  "TRIGGER",
  "EVENT",
  "DATABASE",
  "SCHEMA",
  "USER",
  "ROLE",
  "SEQUENCE",
  "SERVER",
  "TABLESPACE",
]);

/** The statement's words from its start, with executable-comment markers and parentheses removed. */
export function leadingWords(sql: string, max = 8): string[] {
  const text = sql.replace(/^[\s(]*\/\*M?!\d*/, "").replace(/^[\s(]+/, "");
  const words: string[] = [];
  const re = /[A-Za-z_][A-Za-z0-9_$]*/y;
  let i = 0;
  while (i < text.length && words.length < max) {
    const skip = skipAt(text, i);
    if (skip && skip.kind !== "executable") {
      i = skip.end;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(text);
    if (m) {
      words.push(m[0].toUpperCase());
      i = re.lastIndex;
    } else i++;
  }
  return words;
}

/** Why `statement` cannot run in a rolled-back transaction, or null when it can. */
export function statementReason(statement: Statement): string | null {
  const words = leadingWords(statement.sql);
  const first = words[0];
  if (first === undefined) return null;
  const where = `line ${statement.line}`;
  const tail = "so the file runs statement by statement";
  if (first === "SET") {
    return SET_COMMITS.test(statement.sql)
      ? `${where}: ${words.slice(0, 2).join(" ")} cannot run inside a migration's transaction on MySQL, ${tail}`
      : null;
  }
  if (DATA.has(first)) return null;
  if (first === "LOAD" && (words[1] === "DATA" || words[1] === "XML")) return null;
  if (first === "CALL")
    return `${where}: CALL may run statements that commit implicitly on MySQL, ${tail}`;
  if (TRANSACTION_CONTROL.has(first))
    return `${where}: ${first} controls the transaction itself, ${tail}`;
  return `${where}: ${verbOf(words)} commits implicitly on MySQL, ${tail}`;
}

/** "CREATE TABLE" for `CREATE TEMPORARY TABLE …`, "ALTER TABLE", "OPTIMIZE" … */
function verbOf(words: readonly string[]): string {
  const object = words.slice(1).find((w) => OBJECTS.has(w));
  return object ? `${words[0]} ${object}` : words[0]!;
}

/** The first statement that keeps `statements` out of one transaction, as a reason; null when all are data statements. */
export function nonTransactionalReason(statements: readonly Statement[]): string | null {
  for (const statement of statements) {
    const reason = statementReason(statement);
    if (reason !== null) return reason;
  }
  return null;
}
