/**
 * The pure PostgreSQL differ on hand-made snapshots: every object kind added, dropped and
 * changed, each direction; creates in dependency order, drops in reverse; the safety patterns
 * (three-step NOT NULL, CONCURRENTLY, drop warnings, possible renames).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TidemarkError } from "../../src/core/errors.js";
import {
  type ChangeOptions,
  type ChangeStatement,
  directedChange,
  schemaChange,
} from "../../src/schema/schema-change.js";
import { emptySnapshot, type SchemaSnapshot, type TableInfo } from "../../src/schema/snapshot.js";
import { copy, type Mutable } from "../helpers/snapshots.js";

const PUBLIC = { ...emptySnapshot("postgres"), schemas: [{ name: "public" }] };

function users(): TableInfo {
  return {
    name: "public.users",
    schema: "public",
    columns: [
      { name: "id", type: "integer", nullable: false },
      { name: "email", type: "text", nullable: false },
      { name: "status", type: "public.status", nullable: true, default: "'active'::public.status" },
    ],
    constraints: [
      {
        name: "users_pkey",
        generatedName: true,
        kind: "primary key",
        columns: ["id"],
        definition: "PRIMARY KEY (id)",
      },
      {
        name: "users_email_check",
        kind: "check",
        columns: ["email"],
        expression: "CHECK ((email <> ''::text))",
        definition: "CHECK ((email <> ''::text))",
      },
    ],
    indexes: [
      {
        name: "users_email_idx",
        method: "btree",
        unique: false,
        columns: ["lower(email)"],
        definition: "CREATE INDEX users_email_idx ON public.users USING btree (lower(email))",
      },
    ],
  };
}

/** One object of every kind, named and defined as the introspector prints them. */
function full(): SchemaSnapshot {
  return {
    ...PUBLIC,
    schemas: [{ name: "app" }, { name: "public" }],
    extensions: [{ name: "citext", schema: "public", version: "1.6" }],
    enums: [{ name: "public.status", schema: "public", values: ["active", "banned"] }],
    domains: [
      {
        name: "app.email",
        schema: "app",
        type: "text",
        nullable: true,
        checks: ["CONSTRAINT email_check CHECK ((VALUE ~~ '%@%'::text))"],
      },
    ],
    sequences: [
      {
        name: "public.invoice_no",
        schema: "public",
        type: "bigint",
        start: "1",
        increment: "1",
        min: "1",
        max: "9223372036854775807",
        cycle: false,
        cache: "1",
      },
    ],
    tables: [
      users(),
      {
        name: "public.orders",
        schema: "public",
        columns: [
          { name: "id", type: "bigint", nullable: false },
          { name: "user_id", type: "integer", nullable: false },
        ],
        constraints: [
          {
            name: "orders_user_fk",
            kind: "foreign key",
            columns: ["user_id"],
            references: {
              table: "public.users",
              columns: ["id"],
              onUpdate: "no action",
              onDelete: "cascade",
            },
            definition: "FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE",
          },
        ],
        indexes: [],
      },
    ],
    views: [
      {
        name: "public.active_users",
        schema: "public",
        materialized: false,
        definition:
          " SELECT users.id, users.email FROM public.users WHERE (users.status = 'active'::public.status);",
      },
      {
        name: "public.active_count",
        schema: "public",
        materialized: false,
        definition: " SELECT count(*) AS n FROM public.active_users;",
      },
    ],
    routines: [
      {
        name: "public.touch()",
        schema: "public",
        kind: "function",
        arguments: "",
        returns: "trigger",
        language: "plpgsql",
        body: "begin return new; end",
        definition:
          "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\nAS $function$begin return new; end$function$\n",
      },
    ],
    triggers: [
      {
        name: "public.users.users_touch",
        table: "public.users",
        timing: "BEFORE",
        events: ["UPDATE"],
        definition:
          "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch()",
      },
    ],
  };
}

const sqlOf = (statements: readonly ChangeStatement[]) => statements.map((s) => s.sql);
const up = (a: SchemaSnapshot, b: SchemaSnapshot, o?: ChangeOptions) =>
  sqlOf(directedChange(a, b, o).statements);

/** The position of the first statement matching `pattern`; fails when none does. */
function at(statements: readonly string[], pattern: RegExp): number {
  const i = statements.findIndex((s) => pattern.test(s));
  assert.ok(i >= 0, `no statement matches ${pattern}:\n${statements.join("\n")}`);
  return i;
}

/** `edit` applied to a copy of `full()`. */
function edited(edit: (s: Mutable<SchemaSnapshot>) => void): SchemaSnapshot {
  const s = copy(full());
  edit(s);
  return s;
}

describe("schemaChange: a whole schema from nothing and back", () => {
  const change = schemaChange(PUBLIC, full());
  const ups = sqlOf(change.up.statements);
  const downs = sqlOf(change.down.statements);

  test("the up creates what others need first", () => {
    assert.ok(at(ups, /^CREATE SCHEMA IF NOT EXISTS app;/) < at(ups, /^CREATE DOMAIN app\.email/));
    assert.ok(
      at(ups, /^CREATE EXTENSION IF NOT EXISTS citext/) < at(ups, /^CREATE TABLE public\.users/),
    );
    assert.ok(
      at(ups, /^CREATE TYPE public\.status AS ENUM \('active', 'banned'\);/) <
        at(ups, /^CREATE TABLE public\.users/),
    );
    assert.ok(
      at(ups, /^CREATE OR REPLACE FUNCTION public\.touch/) < at(ups, /^CREATE TRIGGER users_touch/),
    );
    assert.ok(
      at(ups, /^CREATE TABLE public\.orders/) <
        at(ups, /ADD CONSTRAINT orders_user_fk FOREIGN KEY/),
    );
    assert.ok(
      at(ups, /ADD CONSTRAINT users_pkey PRIMARY KEY/) < at(ups, /ADD CONSTRAINT orders_user_fk/),
    );
    assert.ok(
      at(ups, /^CREATE VIEW public\.active_users/) < at(ups, /^CREATE VIEW public\.active_count/),
    );
    assert.equal(at(ups, /^SET LOCAL check_function_bodies = false;/), 0);
    assert.deepEqual(change.up.warnings, []);
  });

  test("the down drops dependents first, with a warning on each table", () => {
    // The trigger goes with its table; the function it calls after both.
    assert.equal(downs.filter((d) => d.startsWith("DROP TRIGGER")).length, 0);
    assert.ok(
      at(downs, /^DROP TABLE public\.users;/) < at(downs, /^DROP FUNCTION public\.touch\(\);/),
    );
    assert.ok(
      at(downs, /^DROP VIEW public\.active_count;/) < at(downs, /^DROP VIEW public\.active_users;/),
    );
    assert.ok(
      at(downs, /^DROP VIEW public\.active_users;/) < at(downs, /^DROP TABLE public\.users;/),
    );
    assert.ok(at(downs, /^DROP TABLE public\.orders;/) < at(downs, /^DROP TABLE public\.users;/));
    assert.ok(at(downs, /^DROP TABLE public\.users;/) < at(downs, /^DROP TYPE public\.status;/));
    assert.ok(at(downs, /^DROP DOMAIN app\.email;/) < at(downs, /^DROP SCHEMA app;/));
    assert.ok(at(downs, /^DROP TABLE/) < at(downs, /^DROP EXTENSION citext;/));
    assert.ok(at(downs, /^DROP SEQUENCE public\.invoice_no;/) >= 0);
    const drop = change.down.statements.find((s) => s.sql === "DROP TABLE public.users;")!;
    assert.deepEqual(drop.notes, ["warning: drops table public.users and the data in it"]);
    assert.deepEqual(change.down.warnings, [
      "drops table public.orders",
      "drops table public.users",
    ]);
  });

  test("equal snapshots need nothing", () => {
    assert.deepEqual(schemaChange(full(), full()).up.statements, []);
  });
});

describe("schemaChange: one kind at a time, each direction", () => {
  test("extension version", () => {
    const b = edited((s) => {
      s.extensions[0]!.version = "1.7";
    });
    assert.deepEqual(up(full(), b), ["ALTER EXTENSION citext UPDATE TO '1.7';"]);
    assert.deepEqual(up(b, full()), ["ALTER EXTENSION citext UPDATE TO '1.6';"]);
  });

  test("enum value appended: ADD VALUE outside a transaction; back: the type created again", () => {
    const b = edited((s) => {
      s.enums[0]!.values = ["active", "away", "banned"];
    });
    const forth = directedChange(full(), b).statements;
    assert.deepEqual(sqlOf(forth), ["ALTER TYPE public.status ADD VALUE 'away' AFTER 'active';"]);
    assert.equal(forth[0]!.noTransaction, true);
    const back = up(b, full());
    assert.deepEqual(back.slice(0, 9), [
      "DROP VIEW public.active_count;",
      "DROP VIEW public.active_users;",
      "ALTER TYPE public.status RENAME TO status__old;",
      "CREATE TYPE public.status AS ENUM ('active', 'banned');",
      "ALTER TABLE public.users ALTER COLUMN status DROP DEFAULT;",
      "ALTER TABLE public.users ALTER COLUMN status TYPE public.status USING status::text::public.status;",
      "ALTER TABLE public.users ALTER COLUMN status SET DEFAULT 'active'::public.status;",
      "DROP TYPE public.status__old;",
      `CREATE VIEW public.active_users AS\n${full().views[0]!.definition.replace(/;$/, "")};`,
    ]);
  });

  test("domain default and check", () => {
    const b = edited((s) => {
      s.domains[0]!.default = "'x@y'::text";
      s.domains[0]!.checks = ["CONSTRAINT email_long CHECK ((length(VALUE) > 3))"];
    });
    assert.deepEqual(up(full(), b), [
      "ALTER DOMAIN app.email SET DEFAULT 'x@y'::text;",
      "ALTER DOMAIN app.email DROP CONSTRAINT email_check;",
      "ALTER DOMAIN app.email ADD CONSTRAINT email_long CHECK ((length(VALUE) > 3));",
    ]);
    assert.deepEqual(up(b, full())[0], "ALTER DOMAIN app.email DROP DEFAULT;");
  });

  test("sequence options", () => {
    const b = edited((s) => {
      s.sequences[0]!.increment = "10";
    });
    assert.match(
      up(full(), b)[0]!,
      /^ALTER SEQUENCE public\.invoice_no AS bigint START WITH 1 INCREMENT BY 10 /,
    );
    assert.match(up(b, full())[0]!, /INCREMENT BY 1 /);
  });

  test("a NOT NULL column without a default on an existing table: three steps; back: dropped with a warning", () => {
    const b = edited((s) => {
      s.tables[1]!.columns.push({ name: "total", type: "numeric(10,2)", nullable: false });
    });
    const forth = directedChange(full(), b);
    assert.deepEqual(sqlOf(forth.statements), [
      "ALTER TABLE public.orders ADD COLUMN total numeric(10,2);",
      "ALTER TABLE public.orders ALTER COLUMN total SET NOT NULL;",
    ]);
    assert.match(forth.statements[1]!.notes![0]!, /^TODO: fill public\.orders\.total/);
    assert.deepEqual(up(full(), b, { safeNotNull: false }), [
      "ALTER TABLE public.orders ADD COLUMN total numeric(10,2) NOT NULL;",
    ]);
    const back = directedChange(b, full());
    assert.deepEqual(sqlOf(back.statements), ["ALTER TABLE public.orders DROP COLUMN total;"]);
    assert.deepEqual(back.statements[0]!.notes, [
      "warning: drops column public.orders.total and the data in it",
    ]);
  });

  test("a column type change under a view: the views over it dropped and created again", () => {
    const b = edited((s) => {
      s.tables[0]!.columns[1]!.type = "character varying(200)";
    });
    const forth = directedChange(full(), b);
    const sql = sqlOf(forth.statements);
    assert.ok(
      at(sql, /^DROP VIEW public\.active_users;/) <
        at(
          sql,
          /ALTER COLUMN email TYPE character varying\(200\) USING email::character varying\(200\);/,
        ),
    );
    assert.ok(at(sql, /ALTER COLUMN email TYPE/) < at(sql, /^CREATE VIEW public\.active_users/));
    assert.ok(
      at(sql, /^CREATE VIEW public\.active_users/) < at(sql, /^CREATE VIEW public\.active_count/),
    );
    assert.match(
      forth.warnings[0]!,
      /changes the type of public\.users\.email from text to character varying\(200\)/,
    );
    assert.match(up(b, full()).join("\n"), /ALTER COLUMN email TYPE text USING email::text;/);
  });

  test("nullability and default", () => {
    const b = edited((s) => {
      s.tables[0]!.columns[1]!.nullable = true;
      s.tables[0]!.columns[1]!.default = "''::text";
    });
    assert.deepEqual(up(full(), b), [
      "ALTER TABLE public.users ALTER COLUMN email SET DEFAULT ''::text;",
      "ALTER TABLE public.users ALTER COLUMN email DROP NOT NULL;",
    ]);
    assert.deepEqual(up(b, full()), [
      "ALTER TABLE public.users ALTER COLUMN email DROP DEFAULT;",
      "ALTER TABLE public.users ALTER COLUMN email SET NOT NULL;",
    ]);
  });

  test("a check constraint changed: dropped and added again", () => {
    const b = edited((s) => {
      const c = s.tables[0]!.constraints[1]!;
      c.expression = c.definition = "CHECK ((length(email) > 3))";
    });
    assert.deepEqual(up(full(), b), [
      "ALTER TABLE public.users DROP CONSTRAINT users_email_check;",
      "ALTER TABLE public.users ADD CONSTRAINT users_email_check CHECK ((length(email) > 3));",
    ]);
  });

  test("a primary key replaced: the foreign keys on it dropped first and added after", () => {
    const b = edited((s) => {
      s.tables[0]!.constraints[0]!.definition = "PRIMARY KEY (id) DEFERRABLE";
      s.tables[0]!.constraints[0]!.deferrable = true;
    });
    assert.deepEqual(up(full(), b), [
      "ALTER TABLE public.orders DROP CONSTRAINT orders_user_fk;",
      "ALTER TABLE public.users DROP CONSTRAINT users_pkey;",
      "ALTER TABLE public.users ADD CONSTRAINT users_pkey PRIMARY KEY (id) DEFERRABLE;",
      "ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;",
    ]);
  });

  test("an index on an existing table, plainly or CONCURRENTLY outside a transaction", () => {
    const b = edited((s) => {
      s.tables[1]!.indexes.push({
        name: "orders_user_idx",
        method: "btree",
        unique: false,
        columns: ["user_id"],
        definition: "CREATE INDEX orders_user_idx ON public.orders USING btree (user_id)",
      });
    });
    assert.deepEqual(up(full(), b), [
      "CREATE INDEX orders_user_idx ON public.orders USING btree (user_id);",
    ]);
    const concurrent = directedChange(full(), b, { concurrentIndexes: true }).statements;
    assert.deepEqual(sqlOf(concurrent), [
      "CREATE INDEX CONCURRENTLY orders_user_idx ON public.orders USING btree (user_id);",
    ]);
    assert.equal(concurrent[0]!.noTransaction, true);
    assert.deepEqual(up(b, full(), { concurrentIndexes: true }), [
      "DROP INDEX CONCURRENTLY public.orders_user_idx;",
    ]);
  });

  test("a view's definition changed: it and the views over it created again", () => {
    const b = edited((s) => {
      s.views[0]!.definition = " SELECT users.id, users.email FROM public.users;";
    });
    assert.deepEqual(up(full(), b), [
      "DROP VIEW public.active_count;",
      "DROP VIEW public.active_users;",
      "CREATE VIEW public.active_users AS\n SELECT users.id, users.email FROM public.users;",
      `CREATE VIEW public.active_count AS\n SELECT count(*) AS n FROM public.active_users;`,
    ]);
  });

  test("a routine's body: CREATE OR REPLACE; its result type: dropped and created", () => {
    const body = edited((s) => {
      s.routines[0]!.body = "begin new.id := 1; return new; end";
      s.routines[0]!.definition = s.routines[0]!.definition!.replace("begin", "begin new.id := 1;");
    });
    assert.deepEqual(up(full(), body), [
      "SET LOCAL check_function_bodies = false;",
      `${body.routines[0]!.definition!.trimEnd()};`,
    ]);
    const result = edited((s) => {
      s.routines[0]!.returns = "integer";
      s.routines[0]!.definition =
        "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS integer\n LANGUAGE sql\nAS $function$SELECT 1$function$\n";
      s.triggers = [];
    });
    const sql = up(full(), result);
    assert.ok(at(sql, /^DROP TRIGGER users_touch/) < at(sql, /^DROP FUNCTION public\.touch\(\);/));
    assert.ok(at(sql, /^DROP FUNCTION public\.touch\(\);/) < at(sql, /RETURNS integer/));
  });

  test("a trigger changed: dropped and created again; a comment added and removed", () => {
    const b = edited((s) => {
      s.triggers[0]!.definition = s.triggers[0]!.definition.replace(
        "BEFORE UPDATE",
        "BEFORE INSERT OR UPDATE",
      );
      s.tables[0]!.comment = "people";
      s.tables[0]!.columns[0]!.comment = "the key";
    });
    assert.deepEqual(up(full(), b), [
      "DROP TRIGGER users_touch ON public.users;",
      `${b.triggers[0]!.definition};`,
      "COMMENT ON TABLE public.users IS 'people';",
      "COMMENT ON COLUMN public.users.id IS 'the key';",
    ]);
    assert.deepEqual(up(b, full()).slice(2), [
      "COMMENT ON TABLE public.users IS NULL;",
      "COMMENT ON COLUMN public.users.id IS NULL;",
    ]);
  });
});

describe("schemaChange: renames", () => {
  const renamed = edited((s) => {
    s.tables[1]!.columns[1]!.name = "owner_id";
    const fk = s.tables[1]!.constraints[0]!;
    fk.columns = ["owner_id"];
    fk.definition = fk.definition!.replace("(user_id)", "(owner_id)");
  });

  test("a column dropped and one of its type added: drop + add, with a warning naming --rename", () => {
    const change = directedChange(full(), renamed);
    const hint =
      "public.orders.user_id may have been renamed to owner_id: written as drop + add, which loses its data; to rename it instead, pass --rename public.orders.user_id:owner_id";
    assert.deepEqual(
      change.warnings.filter((w) => w.includes("renamed")),
      [hint],
    );
    assert.match(
      sqlOf(change.statements).join("\n"),
      /DROP COLUMN user_id;[\s\S]*ADD COLUMN owner_id integer;/,
    );
  });

  test("accepted with --rename: RENAME COLUMN forth and back, nothing else", () => {
    const change = schemaChange(full(), renamed, {
      renames: [{ from: "public.orders.user_id", to: "owner_id" }],
    });
    assert.deepEqual(sqlOf(change.up.statements), [
      "ALTER TABLE public.orders RENAME COLUMN user_id TO owner_id;",
    ]);
    assert.deepEqual(sqlOf(change.down.statements), [
      "ALTER TABLE public.orders RENAME COLUMN owner_id TO user_id;",
    ]);
  });

  test("a table renamed with --rename", () => {
    const b = edited((s) => {
      s.tables[1]!.name = "public.purchases";
    });
    const change = schemaChange(full(), b, {
      renames: [{ from: "public.orders", to: "purchases" }],
    });
    assert.deepEqual(sqlOf(change.up.statements), [
      "ALTER TABLE public.orders RENAME TO purchases;",
    ]);
    assert.deepEqual(sqlOf(change.down.statements), [
      "ALTER TABLE public.purchases RENAME TO orders;",
    ]);
  });

  test("an unknown name is refused", () => {
    assert.throws(
      () => directedChange(full(), renamed, { renames: [{ from: "public.orders.nope", to: "x" }] }),
      (err: unknown) =>
        err instanceof TidemarkError &&
        err.code === "E_USAGE" &&
        /no table or column public\.orders\.nope/.test(err.message),
    );
  });
});

describe("schemaChange: engines", () => {
  test("two engines are refused with one line", () => {
    assert.throws(
      () => directedChange(emptySnapshot("mysql"), PUBLIC),
      /Cannot diff a mysql schema against a postgres schema/,
    );
  });
});

/** A MySQL / SQLite `users` table as the introspectors print it. */
function plainUsers(engine: "mysql" | "sqlite"): SchemaSnapshot {
  const int = engine === "mysql" ? "int(11)" : "INTEGER";
  return {
    ...emptySnapshot(engine),
    tables: [
      {
        name: "users",
        columns: [
          { name: "id", type: int, nullable: false },
          { name: "score", type: int, nullable: true, default: "0" },
        ],
        constraints: [
          {
            name: engine === "mysql" ? "PRIMARY" : "users_pkey",
            generatedName: true,
            kind: "primary key",
            columns: ["id"],
          },
        ],
        indexes: [],
      },
    ],
    views: [
      {
        name: "v_users",
        materialized: false,
        definition:
          engine === "mysql"
            ? "select `users`.`id` AS `id` from `users`"
            : "CREATE VIEW v_users AS SELECT id FROM users",
      },
    ],
  };
}

describe("schemaChange on MySQL", () => {
  test("a column added NOT NULL in three steps, its type changed with MODIFY (the view over it again); back: dropped", () => {
    const b = copy(plainUsers("mysql"));
    b.tables[0]!.columns.push({ name: "nick", type: "varchar(20)", nullable: false });
    b.tables[0]!.columns[1]!.type = "bigint(20)";
    const change = schemaChange(plainUsers("mysql"), b);
    const view = "CREATE VIEW `v_users` AS select `users`.`id` AS `id` from `users`;";
    assert.deepEqual(sqlOf(change.up.statements), [
      "DROP VIEW `v_users`;",
      "ALTER TABLE `users` ADD COLUMN `nick` varchar(20) NULL;",
      "ALTER TABLE `users` MODIFY COLUMN `nick` varchar(20) NOT NULL;",
      "ALTER TABLE `users` MODIFY COLUMN `score` bigint(20) NULL DEFAULT 0;",
      view,
    ]);
    assert.match(change.up.statements[2]!.notes![0]!, /^TODO: fill users\.nick/);
    assert.deepEqual(sqlOf(change.down.statements), [
      "DROP VIEW `v_users`;",
      "ALTER TABLE `users` DROP COLUMN `nick`;",
      "ALTER TABLE `users` MODIFY COLUMN `score` int(11) NULL DEFAULT 0;",
      view,
    ]);
  });

  test("a view changed: dropped and created again; a routine changed: dropped and created between DELIMITER lines", () => {
    const a = {
      ...plainUsers("mysql"),
      routines: [
        {
          name: "add1",
          kind: "function" as const,
          arguments: "`x` int(11)",
          returns: "int(11)",
          language: "SQL",
          body: "RETURN x + 1",
          definition: "CREATE FUNCTION `add1`(x int) RETURNS int(11)\nRETURN x + 1",
        },
      ],
    };
    const b = copy(a);
    b.views[0]!.definition = "select `users`.`id` AS `id`,`users`.`score` AS `score` from `users`";
    b.routines[0]!.body = "RETURN x + 2";
    b.routines[0]!.definition = b.routines[0]!.definition!.replace("x + 1", "x + 2");
    assert.deepEqual(up(a, b), [
      "DROP VIEW `v_users`;",
      "DROP FUNCTION `add1`;",
      "DELIMITER ;;\nCREATE FUNCTION `add1`(x int) RETURNS int(11)\nRETURN x + 2;;\nDELIMITER ;",
      `CREATE VIEW \`v_users\` AS ${b.views[0]!.definition};`,
    ]);
  });
});

describe("schemaChange on SQLite", () => {
  test("a nullable column is added in place; dropping it rebuilds the table, rows copied", () => {
    const b = copy(plainUsers("sqlite"));
    b.tables[0]!.columns.push({ name: "bio", type: "TEXT", nullable: true });
    const change = schemaChange(plainUsers("sqlite"), b);
    assert.deepEqual(sqlOf(change.up.statements), ['ALTER TABLE "users" ADD COLUMN "bio" TEXT;']);
    assert.deepEqual(sqlOf(change.down.statements), [
      'DROP VIEW "v_users";',
      'CREATE TABLE "_tidemark_new_users" (\n  "id" INTEGER NOT NULL,\n  "score" INTEGER DEFAULT 0,\n  PRIMARY KEY ("id")\n);',
      'INSERT INTO "_tidemark_new_users" ("id", "score") SELECT "id", "score" FROM "users";',
      'DROP TABLE "users";',
      'ALTER TABLE "_tidemark_new_users" RENAME TO "users";',
      "CREATE VIEW v_users AS SELECT id FROM users;",
    ]);
    assert.match(change.down.statements[1]!.notes![0]!, /^rebuilds users/);
  });
});
