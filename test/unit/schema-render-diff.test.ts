import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countChanges, renderDifferences } from "../../src/schema/render-diff.js";

describe("renderDifferences", () => {
  it("marks extra +, missing - and changed ~ with each field from → to", () => {
    const lines = renderDifferences([
      { kind: "table", name: "public.x", change: "extra" },
      { kind: "index", name: "public.users.users_email_idx", change: "missing" },
      {
        kind: "column",
        name: "public.users.email",
        change: "changed",
        details: [
          { field: "type", from: "text", to: "varchar(40)" },
          { field: "default", to: "''" },
        ],
      },
    ]);
    assert.deepEqual(lines, [
      "+ table public.x",
      "- index public.users.users_email_idx",
      "~ column public.users.email: type text → varchar(40); default (none) → ''",
    ]);
  });

  it("cuts long texts around their first difference, on one line", () => {
    const body = `begin\n${"  perform 1;\n".repeat(20)}  return new;\nend`;
    const [line] = renderDifferences([
      {
        kind: "routine",
        name: "public.touch()",
        change: "changed",
        details: [{ field: "body", from: body, to: body.replace("return new", "return old") }],
      },
    ]);
    assert.ok(line!.startsWith("~ routine public.touch(): body …"), line);
    assert.match(line!, /return new;.*→ …/);
    assert.match(line!, /return old;/);
    assert.ok(!line!.includes("\n"));
    assert.ok(line!.length < 200, `${line!.length} characters`);
  });

  it("counts differences by change", () => {
    const counts = countChanges([
      { kind: "table", name: "a", change: "extra" },
      { kind: "table", name: "b", change: "extra" },
      { kind: "view", name: "c", change: "changed" },
    ]);
    assert.deepEqual(counts, { missing: 0, extra: 2, changed: 1 });
  });
});
