/** Migration files shared by the honest-state tests (integration and the built CLI). */

/** `n` comment lines, to move what follows further down a file. */
export const pad = (n: number): string =>
  Array.from({ length: n }, (_, i) => `-- note ${i + 1}`).join("\n");

/**
 * A no-transaction file (so its down runs statement by statement on every engine) whose down
 * starts at line 20: DROP j2 (line 20), DROP jmissing (line 21, fails until it exists), DROP j1.
 */
export const JOURNALED = [
  "-- tidemark:no-transaction",
  "-- migrate:up",
  "CREATE TABLE j1 (id INT);",
  "CREATE TABLE j2 (id INT);",
  pad(14),
  "-- migrate:down",
  "DROP TABLE j2;",
  "DROP TABLE jmissing;",
  "DROP TABLE j1;",
  "",
].join("\n");

/** A migration creating `name`, with a down dropping it. */
export const table = (name: string): string =>
  `-- migrate:up\nCREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;
