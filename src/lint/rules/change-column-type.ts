import { alterCommands, type TypeInfo, typeInfo } from "../pg-nodes.js";
import { alterTable, bareName } from "../text-nodes.js";
import type { LintFile, LintRule, RuleHit } from "../types.js";
import { withFacts } from "./rule-kit.js";

type Rec = Readonly<Record<string, unknown>>;

/** `ALTER COLUMN … TYPE` (PostgreSQL) or `MODIFY`/`CHANGE` (MySQL) on an existing table. */
export const changeColumnType: LintRule = {
  id: "change-column-type",
  level: "error",
  syntaxes: ["postgres", "mysql"],
  what: "changes a column's type (safe widenings such as varchar(n) → varchar(m>n) or text excepted)",
  why: "Most type changes rewrite the whole table and its indexes under an ACCESS EXCLUSIVE lock (MySQL: a table copy), and the running code may not read the new type.",
  safe: "Add a column of the new type, write both from the code, backfill in batches, switch reads, then drop the old column.",
  check(file) {
    return file.syntax === "postgres" ? pgHits(file) : mysqlHits(file);
  },
};

function* pgHits(file: LintFile): Generator<RuleHit> {
  for (const { statement, facts } of withFacts(file)) {
    const alter = alterCommands(statement.node);
    if (!alter || file.isNew(alter.table, statement.index)) continue;
    for (const cmd of alter.cmds) {
      if (cmd.subtype !== "AT_AlterColumnType") continue;
      const def = ((cmd.def ?? {}) as Rec).ColumnDef as Rec;
      const to = typeInfo(def.typeName);
      const from = facts.columnType(alter.table, String(cmd.name));
      const column = `${alter.table}.${String(cmd.name)}`;
      if (from && to && def.raw_default === undefined && safeWidening(from, to)) continue;
      const was = from ? `${spell(from)} → ` : "";
      yield { statement, message: `changes the type of ${column} (${was}${to ? spell(to) : "?"})` };
    }
  }
}

function spell(t: TypeInfo): string {
  return `${t.name}${t.mods.length ? `(${t.mods.join(",")})` : ""}${t.array ? "[]" : ""}`;
}

const TEXTUAL = new Set(["varchar", "text"]);

/** Changes PostgreSQL makes without a rewrite (binary-coercible, limit raised or removed). */
export function safeWidening(from: TypeInfo, to: TypeInfo): boolean {
  if (from.array !== to.array) return false;
  if (TEXTUAL.has(from.name) && to.name === "text") return true;
  if (from.name === "text" && to.name === "varchar") return to.mods.length === 0;
  if (from.name === "cidr" && to.name === "inet") return true;
  if (from.name !== to.name) return false;
  if (to.mods.length === 0)
    return from.name === "varchar" || from.name === "numeric" || from.name === "varbit";
  if (from.mods.length === 0) return false;
  if (from.name === "varchar" || from.name === "varbit") return to.mods[0]! >= from.mods[0]!;
  if (from.name === "numeric")
    return to.mods[0]! >= from.mods[0]! && (to.mods[1] ?? 0) === (from.mods[1] ?? 0);
  return false;
}

function* mysqlHits(file: LintFile): Generator<RuleHit> {
  for (const statement of file.statements) {
    const alter = alterTable(statement.code);
    if (!alter || file.isNew(alter.table, statement.index)) continue;
    for (const clause of alter.clauses) {
      const m = /^(MODIFY|CHANGE)\s+(?:COLUMN\s+)?(\S+)/i.exec(clause);
      if (m)
        yield {
          statement,
          message: `redefines column ${alter.table}.${bareName(m[2]!)} (${m[1]!.toUpperCase()}): its type may change`,
        };
    }
  }
}
