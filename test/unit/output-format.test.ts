/** The small formatters of the CLI's output: times with their zone, counts, aligned step lines. */
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { plural, stepLine, stepWidths, timestamp, timestamps } from "../../src/cli/render.js";

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

describe("timestamps", () => {
  test("formats as timestamp does, each second once, and a new second anew", () => {
    process.env.TZ = "Asia/Kolkata";
    const time = timestamps();
    assert.equal(time("2025-01-31T23:45:09.123Z"), "2025-02-01 05:15:09 +05:30");
    assert.equal(time("2025-01-31T23:45:09.999Z"), "2025-02-01 05:15:09 +05:30");
    assert.equal(time(new Date("2025-01-31T23:45:10.000Z")), "2025-02-01 05:15:10 +05:30");
    assert.equal(time("2025-01-31T23:45:09.500Z"), "2025-02-01 05:15:09 +05:30");
  });

  test("across a change of offset, each time has its own", () => {
    process.env.TZ = "Europe/Berlin";
    const time = timestamps();
    // Summer time began at 01:00 UTC on 2025-03-30.
    assert.equal(time("2025-03-30T00:59:59.900Z"), "2025-03-30 01:59:59 +01:00");
    assert.equal(time("2025-03-30T01:00:00.000Z"), "2025-03-30 03:00:00 +02:00");
    assert.equal(timestamp("2025-03-30T01:00:00.000Z"), "2025-03-30 03:00:00 +02:00");
  });

  test("times before 1970 and far ahead", () => {
    process.env.TZ = "America/St_Johns";
    assert.equal(timestamp("1969-12-31T23:59:59.500Z"), "1969-12-31 20:29:59 -03:30");
    assert.equal(timestamps()("2999-06-01T12:00:00.000Z"), "2999-06-01 09:30:00 -02:30");
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
