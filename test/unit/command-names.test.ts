/**
 * The entry names a code cache after the command it runs, from a list of its own (it must not
 * load the program to know them): that list is the program's, so that no command runs without
 * its cache and no typo leaves a cache file beside the bundle.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import names from "../../src/cli/command-names.cjs";
import { buildProgram } from "../../src/cli/program.js";

test("the entry's command names are the program's", () => {
  const program = buildProgram(async () => undefined);
  const commands = program.commands.map((c) => c.name()).sort();
  assert.deepEqual([...names.COMMAND_NAMES].sort(), commands);
});
