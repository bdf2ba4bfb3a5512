/**
 * The transaction plan from the dialect's capabilities (not its name): whether a migration's
 * SQL can run as one transaction, beyond what the dialect itself says of a statement
 * (`nonTransactionalReason`: CREATE INDEX CONCURRENTLY, MySQL's implicit commits, …).
 *
 * - `transactionalDdl: false`: SQL holding DDL runs statement by statement (the journal).
 * - `ddlPerTransaction: "one"`: SQL holding DDL among two or more statements runs statement by
 *   statement, each committed alone (CockroachDB commits each schema change on its own and
 *   refuses one after a write in the same transaction). A single statement is one transaction.
 */
import type { Dialect, Statement } from "../dialects/dialect.js";

/** Statement verbs that change the schema, in every SQL dialect tidemark knows. */
const DDL = /^(CREATE|ALTER|DROP|RENAME|TRUNCATE|COMMENT|GRANT|REVOKE)\b/i;

/** True when `sql` (one statement) starts with a schema-changing verb, after comments. */
export function isDdlStatement(sql: string): boolean {
  const text = sql.replace(/^(?:\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, "");
  return DDL.test(text);
}

/** Why the dialect's capabilities keep `script` out of one transaction, or null. */
export async function capabilityReason(script: string, dialect: Dialect): Promise<string | null> {
  const caps = dialect.capabilities;
  if (caps.transactionalDdl && caps.ddlPerTransaction === "many") return null;
  const statements = await dialect.splitStatements(script);
  return planReason(statements, caps);
}

/** {@link capabilityReason} of statements already cut. */
export function planReason(
  statements: readonly Statement[],
  caps: Pick<Dialect["capabilities"], "transactionalDdl" | "ddlPerTransaction">,
): string | null {
  const ddl = statements.find((s) => isDdlStatement(s.sql));
  if (!ddl) return null;
  if (!caps.transactionalDdl)
    return `holds DDL (line ${ddl.line}), which this database commits implicitly`;
  if (caps.ddlPerTransaction === "one" && statements.length > 1)
    return `holds DDL (line ${ddl.line}) among ${statements.length} statements, and this database commits each DDL statement on its own`;
  return null;
}
