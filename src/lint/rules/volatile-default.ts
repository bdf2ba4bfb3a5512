import { columnConstraints, typeInfo, walk } from "../pg-nodes.js";
import type { LintRule } from "../types.js";
import { existingAlters } from "./rule-kit.js";

type Rec = Readonly<Record<string, unknown>>;

/** Functions whose value differs row by row: as a new column's default, every row is rewritten. */
const VOLATILE = new Set([
  "random",
  "clock_timestamp",
  "timeofday",
  "gen_random_uuid",
  "uuid_generate_v1",
  "uuid_generate_v1mc",
  "uuid_generate_v4",
  "nextval",
  "txid_current",
  "statement_timestamp",
]);
const SERIAL = /^(small|big)?serial[248]?$/;

/** `ADD COLUMN … DEFAULT random()` (or a serial) on an existing table. */
export const volatileDefault: LintRule = {
  id: "volatile-default",
  level: "warning",
  syntaxes: ["postgres"],
  what: "adds a column whose default is volatile (random(), clock_timestamp(), a serial …) to an existing table",
  why: "A constant default is stored once (PostgreSQL 11+); a volatile one is computed for every row, so the whole table is rewritten under an ACCESS EXCLUSIVE lock that blocks reads and writes.",
  safe: "Add the column without a default (or with a constant one), set the default in a second statement, and backfill existing rows in batches.",
  *check(file) {
    for (const { statement, table, cmd } of existingAlters(file)) {
      if (cmd.subtype !== "AT_AddColumn") continue;
      const column = ((cmd.def ?? {}) as Rec).ColumnDef as Rec;
      const name = `${table}.${String(column.colname)}`;
      if (SERIAL.test(typeInfo(column.typeName)?.name ?? "")) {
        yield {
          statement,
          message: `adds serial column ${name}: its nextval() default fills every row`,
        };
        continue;
      }
      const fn = volatileCall(
        columnConstraints(column).find((c) => c.contype === "CONSTR_DEFAULT"),
      );
      if (fn) yield { statement, message: `adds column ${name} with volatile default ${fn}()` };
    }
  },
};

function volatileCall(constraint: Rec | undefined): string | null {
  let found: string | null = null;
  walk(constraint?.raw_expr, (node) => {
    const call = node.FuncCall as Rec | undefined;
    if (!call || found) return;
    const parts = (call.funcname as Rec[]).map((p) => String((p.String as Rec).sval));
    const name = parts[parts.length - 1]!;
    if (VOLATILE.has(name)) found = name;
  });
  return found;
}
