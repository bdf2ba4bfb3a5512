/**
 * The commands of this release, by name: what the entry (main.cts) names a code cache after,
 * without loading the program. A word that is not one of them (a typo) runs with the `cli`
 * cache, so that no typo leaves a file beside the bundle. test/unit/command-names.test.ts
 * keeps this list equal to the program's.
 */
const COMMAND_NAMES: ReadonlySet<string> = new Set([
  "backup",
  "backups",
  "changelog",
  "check",
  "compat",
  "create",
  "diff",
  "down",
  "drift",
  "drop",
  "generate",
  "heads",
  "history",
  "import",
  "init",
  "lint",
  "merge",
  "new",
  "redo",
  "repair",
  "restore",
  "schema",
  "serve",
  "sql",
  "stamp",
  "status",
  "up",
  "validate",
  "verify",
  "wait",
]);

export = { COMMAND_NAMES };
