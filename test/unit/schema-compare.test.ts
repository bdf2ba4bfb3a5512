import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareSnapshots, type SchemaDifference } from "../../src/schema/compare.js";
import { emptySnapshot, type SchemaSnapshot } from "../../src/schema/snapshot.js";
import { copy, fullSnapshot, type Mutable } from "../helpers/snapshots.js";

/** The differences from the full snapshot to the full snapshot edited by `edit`. */
function diffAfter(edit: (s: Mutable<SchemaSnapshot>) => void): readonly SchemaDifference[] {
  const b = copy(fullSnapshot());
  edit(b);
  return compareSnapshots(fullSnapshot(), b as SchemaSnapshot).differences;
}

const brief = (ds: readonly SchemaDifference[]) => ds.map((d) => `${d.change} ${d.kind} ${d.name}`);

describe("compareSnapshots: equal schemas", () => {
  it("finds no difference between a snapshot and its copy, nor between empty ones", () => {
    const r = compareSnapshots(fullSnapshot(), copy(fullSnapshot()) as SchemaSnapshot);
    assert.deepEqual(r, { equal: true, differences: [], warnings: [] });
    assert.equal(compareSnapshots(emptySnapshot("mysql"), emptySnapshot("mysql")).equal, true);
  });

  it("pairs constraints and indexes whose name the server invented by what they are", () => {
    const ds = diffAfter((s) => {
      const users = s.tables[0]!;
      users.constraints[1]!.name = "users_email_key1";
      users.constraints[2]!.name = "users_email_check1";
      s.views[1]!.indexes![0]!.name = "user_counts_n_idx1";
      s.views[1]!.indexes![0]!.generatedName = true;
    });
    // The view index was not marked generated in the reference: a renamed user index is a change.
    assert.deepEqual(brief(ds), [
      "missing index public.user_counts.user_counts_n_idx",
      "extra index public.user_counts.user_counts_n_idx1",
    ]);
  });

  it("compares an owned sequence through its column, whatever its name", () => {
    const ds = diffAfter((s) => {
      s.sequences[0]!.name = "public.users_id_seq1";
      s.tables[0]!.columns[0]!.default = "nextval('users_id_seq1'::regclass)";
    });
    assert.deepEqual(ds, []);
  });

  it("ignores layout in bodies, view definitions, checks and trigger definitions", () => {
    const ds = diffAfter((s) => {
      s.routines[0]!.body = "begin new.updated_at := now(); return new; end";
      s.views[0]!.definition =
        "SELECT users.id, users.email FROM users WHERE ( users.status = 'active'::status )";
      s.tables[0]!.constraints[2]!.expression = "CHECK ( (email <> ''::text) )";
      s.triggers[0]!.definition = s.triggers[0]!.definition.replaceAll(" ", "  ");
    });
    assert.deepEqual(ds, []);
  });

  it("reports column order as a warning, not a difference", () => {
    const b = copy(fullSnapshot());
    b.tables[0]!.columns.reverse();
    const r = compareSnapshots(fullSnapshot(), b as SchemaSnapshot);
    assert.equal(r.equal, true);
    assert.deepEqual(r.warnings, [
      "columns of public.users are in another order: (id, email, status) then (status, email, id)",
    ]);
  });
});

describe("compareSnapshots: each kind missing, extra and changed", () => {
  const cases: [string, (s: Mutable<SchemaSnapshot>) => void, string[]][] = [
    ["schema", (s) => s.schemas.push({ name: "audit" }), ["extra schema audit"]],
    ["extension", (s) => s.extensions.pop(), ["missing extension citext"]],
    [
      "enum",
      (s) => s.enums.push({ name: "public.mood", values: ["ok"] }),
      ["extra enum public.mood"],
    ],
    ["domain", (s) => s.domains.pop(), ["missing domain public.email"]],
    ["sequence", (s) => s.sequences.pop(), ["missing sequence public.invoice_no"]],
    ["table", (s) => s.tables.pop(), ["missing table public.orders"]],
    [
      "column",
      (s) => s.tables[1]!.columns.push({ name: "note", type: "text", nullable: true }),
      ["extra column public.orders.note"],
    ],
    [
      "constraint",
      (s) => s.tables[1]!.constraints.pop(),
      ["missing constraint public.orders.orders_user_fk"],
    ],
    [
      "index",
      (s) => s.tables[0]!.indexes.pop(),
      ["missing index public.users.users_lower_email_idx"],
    ],
    ["view", (s) => s.views.shift(), ["missing view public.active_users"]],
    [
      "routine",
      (s) => s.routines.push({ ...s.routines[0]!, name: "public.touch2()" }),
      ["extra routine public.touch2()"],
    ],
    ["trigger", (s) => s.triggers.pop(), ["missing trigger public.users.users_touch"]],
    ["event", (s) => s.events.pop(), ["missing event purge"]],
  ];
  for (const [kind, edit, expected] of cases) {
    it(`${kind}: missing or extra`, () => assert.deepEqual(brief(diffAfter(edit)), expected));
  }

  const changes: [string, (s: Mutable<SchemaSnapshot>) => void, SchemaDifference][] = [
    [
      "schema comment",
      (s) => {
        s.schemas[0]!.comment = "main";
      },
      {
        kind: "schema",
        name: "public",
        change: "changed",
        details: [{ field: "comment", to: "main" }],
      },
    ],
    [
      "extension version",
      (s) => {
        s.extensions[0]!.version = "1.5";
      },
      {
        kind: "extension",
        name: "citext",
        change: "changed",
        details: [{ field: "version", from: "1.6", to: "1.5" }],
      },
    ],
    [
      "enum values",
      (s) => {
        s.enums[0]!.values.push("gone");
      },
      {
        kind: "enum",
        name: "public.status",
        change: "changed",
        details: [{ field: "values", from: "(active, banned)", to: "(active, banned, gone)" }],
      },
    ],
    [
      "domain nullability",
      (s) => {
        s.domains[0]!.nullable = false;
      },
      {
        kind: "domain",
        name: "public.email",
        change: "changed",
        details: [{ field: "nullable", from: "true", to: "false" }],
      },
    ],
    [
      "free sequence increment",
      (s) => {
        s.sequences[1]!.increment = "10";
      },
      {
        kind: "sequence",
        name: "public.invoice_no",
        change: "changed",
        details: [{ field: "increment", from: "1", to: "10" }],
      },
    ],
    [
      "owned sequence, through its column",
      (s) => {
        s.sequences[0]!.cycle = true;
      },
      {
        kind: "sequence",
        name: "public.users_id_seq",
        change: "changed",
        details: [{ field: "cycle", from: "false", to: "true" }],
      },
    ],
    [
      "table comment",
      (s) => {
        s.tables[1]!.comment = "orders";
      },
      {
        kind: "table",
        name: "public.orders",
        change: "changed",
        details: [{ field: "comment", to: "orders" }],
      },
    ],
    [
      "column type and default",
      (s) => {
        const c = s.tables[0]!.columns[1]!;
        c.type = "character varying(40)";
        c.default = "''";
      },
      {
        kind: "column",
        name: "public.users.email",
        change: "changed",
        details: [
          { field: "type", from: "text", to: "character varying(40)" },
          { field: "default", to: "''" },
        ],
      },
    ],
    [
      "foreign key action",
      (s) => {
        s.tables[1]!.constraints[1]!.references!.onDelete = "restrict";
      },
      {
        kind: "constraint",
        name: "public.orders.orders_user_fk",
        change: "changed",
        details: [
          {
            field: "references",
            from: "columns=(id) onDelete=cascade onUpdate=no action table=public.users",
            to: "columns=(id) onDelete=restrict onUpdate=no action table=public.users",
          },
        ],
      },
    ],
    [
      "index predicate",
      (s) => {
        s.tables[0]!.indexes[0]!.where = "(status = 'active')";
      },
      {
        kind: "index",
        name: "public.users.users_lower_email_idx",
        change: "changed",
        details: [{ field: "where", to: "(status = 'active')" }],
      },
    ],
    [
      "view definition",
      (s) => {
        s.views[0]!.definition = " SELECT users.id\n   FROM users;";
      },
      {
        kind: "view",
        name: "public.active_users",
        change: "changed",
        details: [
          {
            field: "definition",
            from: fullSnapshot().views[0]!.definition,
            to: " SELECT users.id\n   FROM users;",
          },
        ],
      },
    ],
    [
      "routine body (the definition repeating it is not reported twice)",
      (s) => {
        const r = s.routines[0]!;
        r.body = "begin return new; end";
        r.definition = "CREATE FUNCTION … begin return new; end";
      },
      {
        kind: "routine",
        name: "public.touch()",
        change: "changed",
        details: [
          { field: "body", from: fullSnapshot().routines[0]!.body, to: "begin return new; end" },
        ],
      },
    ],
    [
      "trigger events",
      (s) => {
        s.triggers[0]!.events.push("INSERT");
      },
      {
        kind: "trigger",
        name: "public.users.users_touch",
        change: "changed",
        details: [{ field: "events", from: "(UPDATE)", to: "(UPDATE, INSERT)" }],
      },
    ],
    [
      "event definition",
      (s) => {
        s.events[0]!.definition = "DELETE FROM sessions";
      },
      {
        kind: "event",
        name: "purge",
        change: "changed",
        details: [
          {
            field: "definition",
            from: "DELETE FROM sessions WHERE expires < NOW()",
            to: "DELETE FROM sessions",
          },
        ],
      },
    ],
  ];
  for (const [what, edit, expected] of changes) {
    it(`changed: ${what}`, () => assert.deepEqual(diffAfter(edit), [expected]));
  }

  it("a generated-name constraint whose content changed, under the same name, is changed", () => {
    const ds = diffAfter((s) => {
      s.tables[0]!.constraints[2]!.expression = "CHECK ((length(email) > 3))";
    });
    assert.deepEqual(brief(ds), ["changed constraint public.users.users_email_check"]);
  });

  it("reports a missing table once, not each of its columns", () => {
    const r = compareSnapshots(fullSnapshot(), emptySnapshot("postgres"));
    assert.equal(r.differences.filter((d) => d.name.startsWith("public.users")).length, 1 + 1);
    assert.ok(r.differences.every((d) => d.change === "missing"));
    assert.equal(r.differences.length, 12, "the owned sequence goes with its table");
  });

  it("leaves out the kinds it is told to ignore", () => {
    const b = copy(fullSnapshot());
    b.extensions.pop();
    b.tables.pop();
    const r = compareSnapshots(fullSnapshot(), b as SchemaSnapshot, { ignore: ["extension"] });
    assert.deepEqual(brief(r.differences), ["missing table public.orders"]);
  });
});
