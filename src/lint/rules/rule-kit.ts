/**
 * What several rules share: the objects a statement creates or drops whatever the syntax,
 * and the ALTER TABLE commands of a PostgreSQL statement on a table that is not new.
 */

import type { SchemaFacts } from "../pg-facts.js";
import { alterCommands, createdBy, droppedBy, type NamedObject } from "../pg-nodes.js";
import { createdByText, droppedByText } from "../text-nodes.js";
import type { LintFile, LintStatement } from "../types.js";

type Rec = Readonly<Record<string, unknown>>;

/** The objects `statement` creates, read by the file's syntax. */
export function createdObjects(file: LintFile, statement: LintStatement): NamedObject[] {
  return file.syntax === "postgres" ? createdBy(statement.node) : createdByText(statement.code);
}

/** The objects `statement` drops, read by the file's syntax. */
export function droppedObjects(file: LintFile, statement: LintStatement): NamedObject[] {
  return file.syntax === "postgres" ? droppedBy(statement.node) : droppedByText(statement.code);
}

/** Each ALTER TABLE command (PostgreSQL) on a table that existed before this file's run. */
export function* existingAlters(
  file: LintFile,
): Generator<{ statement: LintStatement; table: string; cmd: Rec }> {
  for (const statement of file.statements) {
    const alter = alterCommands(statement.node);
    if (!alter || file.isNew(alter.table, statement.index)) continue;
    for (const cmd of alter.cmds) yield { statement, table: alter.table, cmd };
  }
}

/** Statements whose leading words (MySQL/SQLite) start with `words`. */
export function startsWith(statement: LintStatement, ...words: string[]): boolean {
  return words.every((w, i) => statement.words[i] === w);
}

/**
 * Each statement with the schema facts as they stand before it (PostgreSQL): what earlier
 * migrations and earlier statements of this file declared.
 */
export function* withFacts(
  file: LintFile,
): Generator<{ statement: LintStatement; facts: SchemaFacts }> {
  const facts = file.facts.over();
  for (const statement of file.statements) {
    yield { statement, facts };
    facts.apply(statement.node);
  }
}
