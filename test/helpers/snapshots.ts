/** Hand-made schema snapshots for the pure comparison tests: one of every object kind. */
import { emptySnapshot, type SchemaSnapshot, type TableInfo } from "../../src/schema/snapshot.js";

/** A `users` table with a serial id, a generated-name unique constraint, a check and an index. */
export function usersTable(): TableInfo {
  return {
    name: "public.users",
    schema: "public",
    columns: [
      {
        name: "id",
        type: "integer",
        nullable: false,
        default: "nextval('users_id_seq'::regclass)",
      },
      { name: "email", type: "text", nullable: false },
      { name: "status", type: "public.status", nullable: true, default: "'active'::public.status" },
    ],
    constraints: [
      { name: "users_pkey", generatedName: true, kind: "primary key", columns: ["id"] },
      { name: "users_email_key", generatedName: true, kind: "unique", columns: ["email"] },
      {
        name: "users_email_check",
        generatedName: true,
        kind: "check",
        columns: ["email"],
        expression: "CHECK ((email <> ''::text))",
      },
    ],
    indexes: [
      {
        name: "users_lower_email_idx",
        method: "btree",
        unique: false,
        columns: ["lower(email)"],
        definition: "CREATE INDEX users_lower_email_idx ON public.users USING btree (lower(email))",
      },
    ],
  };
}

/** A snapshot holding one object of every kind. */
export function fullSnapshot(): SchemaSnapshot {
  return {
    ...emptySnapshot("postgres"),
    schemas: [{ name: "public" }],
    extensions: [{ name: "citext", schema: "public", version: "1.6" }],
    enums: [{ name: "public.status", schema: "public", values: ["active", "banned"] }],
    domains: [
      {
        name: "public.email",
        schema: "public",
        type: "text",
        nullable: true,
        checks: ["CHECK ((VALUE ~~ '%@%'::text))"],
      },
    ],
    sequences: [
      {
        name: "public.users_id_seq",
        schema: "public",
        type: "integer",
        start: "1",
        increment: "1",
        min: "1",
        max: "2147483647",
        cycle: false,
        ownedBy: "public.users.id",
      },
      {
        name: "public.invoice_no",
        schema: "public",
        type: "bigint",
        start: "1000",
        increment: "1",
        min: "1",
        max: "9223372036854775807",
        cycle: false,
      },
    ],
    tables: [
      usersTable(),
      {
        name: "public.orders",
        schema: "public",
        columns: [
          { name: "id", type: "bigint", nullable: false, identity: "always" },
          { name: "user_id", type: "integer", nullable: false },
        ],
        constraints: [
          { name: "orders_pkey", generatedName: true, kind: "primary key", columns: ["id"] },
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
          " SELECT users.id,\n    users.email\n   FROM users\n  WHERE (users.status = 'active'::status);",
      },
      {
        name: "public.user_counts",
        schema: "public",
        materialized: true,
        definition: " SELECT count(*) AS n\n   FROM users;",
        indexes: [{ name: "user_counts_n_idx", method: "btree", unique: false, columns: ["n"] }],
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
        body: "\nbegin\n  new.updated_at := now();\n  return new;\nend;\n",
      },
    ],
    triggers: [
      {
        name: "public.users.users_touch",
        table: "public.users",
        timing: "BEFORE",
        events: ["UPDATE"],
        definition:
          "CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION touch()",
      },
    ],
    events: [{ name: "purge", definition: "DELETE FROM sessions WHERE expires < NOW()" }],
  };
}

/** A type with every `readonly` taken away, all the way down. */
export type Mutable<T> = T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;

/** A deep copy to edit. */
export function copy<T>(value: T): Mutable<T> {
  return structuredClone(value) as Mutable<T>;
}
