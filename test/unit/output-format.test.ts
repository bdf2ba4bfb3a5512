/** The small formatters of the CLI's output: times with their zone, counts, aligned step lines. */
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { plural, stepLine, stepWidths, timestamp } from "../../src/cli/render.js";

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe("timestamp", () => {
  const instant = "2025-01-31T23:45:09.123Z";

  test("local time with a positive half-hour offset", () => {
    process.env.TZ = "Asia/Kolkata";
    assert.equal(timestamp(instant), "2025-02-01 05:15:09 +05:30");
    assert.equal(timestamp(new Date(instant)), "2025-02-01 05:15:09 +05:30");
  });

  test("local time with a negative offset, across a day boundary", () => {
    process.env.TZ = "America/St_Johns";
    assert.equal(timestamp(instant), "2025-01-31 20:15:09 -03:30");
  });

  test("UTC says +00:00", () => {
    process.env.TZ = "UTC";
    assert.equal(timestamp(instant), "2025-01-31 23:45:09 +00:00");
  });
});

describe("plural", () => {
  test("one is singular; zero and many are plural", () => {
    assert.equal(plural(1, "statement"), "1 statement");
    assert.equal(plural(0, "statement"), "0 statements");
    assert.equal(plural(2, "migration"), "2 migrations");
    assert.equal(plural(3, "entry", "entries"), "3 entries");
  });
});

describe("stepLine", () => {
  test("a repeatable shows R in the version column, aligned with the versions", () => {
    const steps = [
      { version: "001", name: "one" },
      { version: null, name: "a_view" },
    ];
    const widths = stepWidths(steps);
    assert.deepEqual(
      steps.map((s) => stepLine("✓", s, widths, "3 ms")),
      ["  ✓ 001  one     3 ms", "  ✓ R    a_view  3 ms"],
    );
    assert.equal(stepLine("→", steps[1]!, widths), "  → R    a_view");
  });
});
