/**
 * Tracks BEGIN … END nesting inside compound statements (CREATE PROCEDURE / FUNCTION / TRIGGER /
 * EVENT, ALTER EVENT, and MariaDB's top-level BEGIN NOT ATOMIC / IF / CASE / LOOP / WHILE /
 * REPEAT / FOR), so that the `;` inside a body written without DELIMITER does not end the
 * statement. Everywhere else a `;` always ends the statement, as in the `mysql` client.
 */

/** A frame is a block closed by END; CASE used as an expression is kept apart (see `atStatementStart`). */
type Frame = "block" | "expression";

const ROUTINES = new Set(["PROCEDURE", "FUNCTION", "TRIGGER", "EVENT"]);
/** Objects whose name may follow CREATE before a routine keyword could (`CREATE TABLE function`). */
const NOT_ROUTINES = new Set([
  "TABLE",
  "VIEW",
  "INDEX",
  "DATABASE",
  "SCHEMA",
  "USER",
  "ROLE",
  "SEQUENCE",
]);
/** Flow statements a body may hold; they open a block only where a statement starts. */
const FLOW = new Set(["IF", "LOOP", "WHILE", "REPEAT", "FOR"]);
/** The words that may follow END to close a flow statement (`END IF`, `END CASE`, …). */
const END_FOLLOWERS = new Set(["IF", "LOOP", "WHILE", "REPEAT", "FOR", "CASE"]);
/** Tokens after which a new statement of a body starts. "" is the start of the whole statement. */
const STATEMENT_AFTER = new Set([
  "",
  ";",
  "BEGIN",
  "THEN",
  "ELSE",
  "DO",
  "LOOP",
  "REPEAT",
  "ROW",
  ":",
]);
/** Where a routine body written without BEGIN starts: after the parameter list or a characteristic. */
const ROUTINE_BODY_AFTER = new Set([")", "DETERMINISTIC", "SQL", "DATA", "INVOKER", "DEFINER"]);
/** A statement is recognised as compound by its first words only. */
const HEAD_WORDS = 8;

/** Feed it every keyword-like word and every other token of one statement, in order. */
export class BlockTracker {
  private head: string[] = [];
  private compound = false;
  private routine = false;
  private stack: Frame[] = [];
  private parens = 0;
  private prev = "";
  private afterEnd = false;

  /** True inside a compound body, where `;` does not end the statement. */
  get inBody(): boolean {
    return this.stack.length > 0;
  }

  /** Forgets everything: the next token starts a new statement. */
  reset(): void {
    this.head = [];
    this.compound = false;
    this.routine = false;
    this.stack = [];
    this.parens = 0;
    this.prev = "";
    this.afterEnd = false;
  }

  /** An unquoted word that may be a keyword, upper-cased. */
  word(word: string): void {
    if (this.afterEnd) {
      this.afterEnd = false;
      if (END_FOLLOWERS.has(word)) {
        this.prev = word;
        return;
      }
    }
    if (this.compound) this.track(word);
    else if (this.head.length < HEAD_WORDS) {
      this.head.push(word);
      this.detect(word);
    }
    this.prev = word;
  }

  /** Anything else: `;`, `(`, `)`, `:`, an operator, a literal or an identifier ("x"). */
  token(token: string): void {
    if (token === "(") this.parens++;
    else if (token === ")") this.parens = Math.max(0, this.parens - 1);
    this.afterEnd = false;
    this.prev = token;
  }

  private detect(word: string): void {
    const first = this.head[0];
    if (this.head.length === 1 && (FLOW.has(word) || word === "CASE")) {
      this.compound = true;
      this.track(word);
    } else if (this.head.length === 2 && first === "BEGIN" && word === "NOT") {
      this.compound = true;
      this.stack.push("block");
    } else if ((first === "CREATE" || first === "ALTER") && ROUTINES.has(word)) {
      if (this.head.some((w) => NOT_ROUTINES.has(w))) return;
      this.compound = true;
      this.routine = word === "PROCEDURE" || word === "FUNCTION";
    }
  }

  private track(word: string): void {
    if (word === "BEGIN") this.stack.push("block");
    else if (word === "END") {
      this.stack.pop();
      this.afterEnd = true;
    } else if (word === "CASE") this.stack.push(this.atStatementStart() ? "block" : "expression");
    else if (FLOW.has(word) && this.atStatementStart()) this.stack.push("block");
  }

  /**
   * Whether the current word starts a statement of the body. This tells the IF statement from
   * the IF() function, REPEAT … END REPEAT from REPEAT(), and the CASE statement (END CASE)
   * from the CASE expression (END): words inside parentheses or a CASE expression never do.
   */
  private atStatementStart(): boolean {
    if (this.parens > 0 || this.stack.at(-1) === "expression") return false;
    if (STATEMENT_AFTER.has(this.prev)) return true;
    return this.routine && this.stack.length === 0 && ROUTINE_BODY_AFTER.has(this.prev);
  }
}
