/**
 * The rows the PostgreSQL introspector's catalog queries return (pg-introspect-sql.ts), as
 * parsed from their JSON: NULL is null, arrays are arrays, booleans are booleans.
 */

export interface SchemaRow {
  readonly name: string;
  readonly comment: string | null;
}

export interface TableRow {
  readonly name: string;
  readonly schema: string;
  readonly comment: string | null;
  readonly persistence: string;
  readonly partition_by: string | null;
  readonly partition_bound: string | null;
  readonly is_partition: boolean;
  readonly parents: string | null;
}

export interface ColumnRow {
  readonly rel: string;
  readonly num: number;
  readonly name: string;
  readonly type: string;
  readonly not_null: boolean;
  /** The default, or a generated column's expression. */
  readonly expr: string | null;
  /** pg_attribute.attidentity: '', 'a' (always), 'd' (by default). */
  readonly identity: string;
  /** pg_attribute.attgenerated: '' or 's' (stored). */
  readonly generated: string;
  readonly collation: string | null;
  readonly comment: string | null;
}

export interface ConstraintRow {
  readonly rel: string;
  readonly relname: string;
  readonly name: string;
  /** pg_constraint.contype: p, u, c, f, x. */
  readonly type: string;
  readonly definition: string;
  readonly columns: readonly string[];
  readonly ref_table: string | null;
  readonly ref_columns: readonly string[];
  readonly on_update: string;
  readonly on_delete: string;
  readonly match: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly validated: boolean;
  /** The backing index's columns (null = expression), for primary key, unique and exclude. */
  readonly name_columns: readonly (string | null)[] | null;
  readonly comment: string | null;
}

export interface IndexRow {
  readonly rel: string;
  readonly relname: string;
  readonly name: string;
  readonly method: string;
  readonly unique: boolean;
  readonly definition: string;
  readonly where: string | null;
  readonly columns: readonly string[];
  readonly name_columns: readonly (string | null)[];
  readonly comment: string | null;
}

export interface ViewRow {
  readonly name: string;
  readonly schema: string;
  readonly materialized: boolean;
  readonly definition: string;
  readonly comment: string | null;
}

export interface RoutineRow {
  readonly schema: string;
  readonly name: string;
  /** pg_proc.prokind: f, p, a, w. */
  readonly kind: string;
  /** The argument types only (`integer, text`). */
  readonly identity: string;
  readonly arguments: string;
  readonly returns: string | null;
  readonly language: string;
  readonly body: string;
  readonly definition: string | null;
  readonly sfunc: string | null;
  readonly stype: string | null;
  readonly finalfunc: string | null;
  readonly combinefunc: string | null;
  readonly initcond: string | null;
  readonly comment: string | null;
}

export interface TriggerRow {
  readonly rel: string;
  readonly name: string;
  /** pg_trigger.tgtype bits. */
  readonly type: number;
  readonly definition: string;
  /** pg_trigger.tgenabled: O, D, R, A. */
  readonly enabled: string;
  readonly comment: string | null;
}

export interface SequenceRow {
  readonly name: string;
  readonly schema: string;
  readonly type: string;
  readonly start: string;
  readonly increment: string;
  readonly min: string;
  readonly max: string;
  readonly cycle: boolean;
  readonly cache: string;
  readonly owned_by: string | null;
  readonly comment: string | null;
}

export interface TypeRow {
  readonly schema: string;
  readonly name: string;
  /** pg_type.typtype: e (enum), d (domain). */
  readonly kind: string;
  readonly labels: readonly string[];
  readonly base_type: string;
  readonly not_null: boolean;
  readonly default: string | null;
  readonly checks: readonly string[];
  readonly comment: string | null;
}

export interface ExtensionRow {
  readonly name: string;
  readonly schema: string;
  readonly version: string;
}

/** Everything one introspection read. */
export interface Rows {
  readonly serverVersion: string;
  readonly schemas: readonly SchemaRow[];
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly constraints: readonly ConstraintRow[];
  readonly indexes: readonly IndexRow[];
  readonly views: readonly ViewRow[];
  readonly routines: readonly RoutineRow[];
  readonly triggers: readonly TriggerRow[];
  readonly sequences: readonly SequenceRow[];
  readonly types: readonly TypeRow[];
  readonly extensions: readonly ExtensionRow[];
}
