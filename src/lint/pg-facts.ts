/**
 * What the migrations before a statement say about the schema, as far as two rules need it:
 * each column's declared type (is a type change a safe widening?) and which columns have a
 * validated `CHECK (col IS NOT NULL)` (may `SET NOT NULL` skip its full-table scan?).
 * Built by applying parsed statements in order; pure.
 */
import {
  alterCommands,
  columnConstraints,
  relName,
  stmt,
  type TypeInfo,
  typeInfo,
} from "./pg-nodes.js";
import type { PgNode } from "./types.js";

type Rec = Readonly<Record<string, unknown>>;

export class SchemaFacts {
  private readonly types = new Map<string, TypeInfo>();
  private readonly checked = new Set<string>();
  /** NOT VALID checks by constraint name: the `table.column` each proves not null once validated. */
  private readonly pending = new Map<string, string>();

  /** Facts read through where these have none of their own (see `over`). */
  private under: SchemaFacts | null = null;

  /**
   * Facts that start as these and take what one file declares without changing these: the
   * file's own facts are kept in a layer of their own, read before these. Costs nothing in
   * the size of the history (a copy per file made linting N migrations O(N²)).
   */
  over(): SchemaFacts {
    const layer = new SchemaFacts();
    layer.under = this;
    return layer;
  }

  /** The column's declared type, or undefined when no migration seen declares it. */
  columnType(table: string, column: string): TypeInfo | undefined {
    return this.typeOf(`${table}.${column}`);
  }

  /** True when a validated `CHECK (column IS NOT NULL)` exists on the column. */
  provenNotNull(table: string, column: string): boolean {
    return this.isChecked(`${table}.${column}`);
  }

  private typeOf(key: string): TypeInfo | undefined {
    return this.types.get(key) ?? this.under?.typeOf(key);
  }

  private isChecked(key: string): boolean {
    return this.checked.has(key) || this.under?.isChecked(key) === true;
  }

  private pendingColumn(key: string): string | undefined {
    return this.pending.get(key) ?? this.under?.pendingColumn(key);
  }

  /** Records what `node` declares. */
  apply(node: PgNode | null): void {
    const create = stmt(node, "CreateStmt");
    if (create) {
      const table = relName(create.relation);
      for (const elt of (create.tableElts ?? []) as Rec[]) {
        const column = elt.ColumnDef as Rec | undefined;
        if (column) this.declare(table, column);
        else if (elt.Constraint) this.constraint(table, elt.Constraint as Rec);
      }
      return;
    }
    const alter = alterCommands(node);
    for (const cmd of alter?.cmds ?? []) this.alter(alter!.table, cmd);
  }

  private declare(table: string, column: Rec): void {
    const type = typeInfo(column.typeName);
    if (type) this.types.set(`${table}.${String(column.colname)}`, type);
    for (const c of columnConstraints(column)) this.constraint(table, c, String(column.colname));
  }

  private alter(table: string, cmd: Rec): void {
    const def = (cmd.def ?? {}) as Rec;
    switch (cmd.subtype) {
      case "AT_AddColumn":
        this.declare(table, def.ColumnDef as Rec);
        return;
      case "AT_AlterColumnType": {
        const type = typeInfo((def.ColumnDef as Rec | undefined)?.typeName);
        if (type) this.types.set(`${table}.${String(cmd.name)}`, type);
        return;
      }
      case "AT_AddConstraint":
        if (def.Constraint) this.constraint(table, def.Constraint as Rec);
        return;
      case "AT_ValidateConstraint": {
        const column = this.pendingColumn(`${table}:${String(cmd.name)}`);
        if (column) this.checked.add(column);
        return;
      }
    }
  }

  /** A CHECK (col IS NOT NULL): proven now, or once validated when NOT VALID. */
  private constraint(table: string, c: Rec, ownColumn?: string): void {
    if (c.contype !== "CONSTR_CHECK") return;
    const test = (c.raw_expr as Rec | undefined)?.NullTest as Rec | undefined;
    if (test?.nulltesttype !== "IS_NOT_NULL") return;
    const fields = ((test.arg as Rec | undefined)?.ColumnRef as Rec | undefined)?.fields;
    const last = Array.isArray(fields) ? (fields[fields.length - 1] as Rec) : undefined;
    const column = String((last?.String as Rec | undefined)?.sval ?? ownColumn ?? "");
    const key = `${table}.${column}`;
    if (c.skip_validation === true) this.pending.set(`${table}:${String(c.conname ?? "")}`, key);
    else this.checked.add(key);
  }
}
