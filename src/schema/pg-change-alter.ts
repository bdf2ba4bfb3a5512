/**
 * ALTER statements for PostgreSQL objects that exist on both sides: enum values, domains,
 * sequences, extensions, and the columns of kept tables (with the three-step NOT NULL and the
 * type-change warning). Pure.
 */
import { type ChangePlan, onlyAddsValues } from "./change-plan.js";
import { ident, literal, qualified } from "./pg-names.js";
import { columnSql, identitySequences, sequenceOptions } from "./render-sql-postgres.js";
import type { ChangeOptions, ChangeStatement } from "./schema-change.js";
import type { ColumnInfo, DomainInfo, EnumInfo, TableInfo } from "./snapshot.js";

/** Enum values appended (`ADD VALUE`, outside a transaction), or the enum created again. */
export function enumStatements(plan: ChangePlan): ChangeStatement[] {
  return plan.enums.changed.flatMap(([x, y]) =>
    onlyAddsValues(x, y) ? addValues(x, y) : recreateEnum(plan, x, y),
  );
}

function addValues(x: EnumInfo, y: EnumInfo): ChangeStatement[] {
  const name = qualified(y.name, y.schema);
  return y.values.flatMap((value, i) => {
    if (x.values.includes(value)) return [];
    const place =
      i > 0 ? `AFTER ${literal(y.values[i - 1]!)}` : `BEFORE ${literal(y.values[1] ?? "")}`;
    const where = y.values.length > 1 ? ` ${place}` : "";
    return [
      {
        sql: `ALTER TYPE ${name} ADD VALUE ${literal(value)}${where};`,
        notes: [
          "note: runs outside a transaction (a value added in one cannot be used before it commits)",
        ],
        noTransaction: true,
      },
    ];
  });
}

/**
 * Values removed or reordered: the old type is renamed away, the new one created, every kept
 * column of that type converted through text (its default set again), and the old type dropped.
 */
function recreateEnum(plan: ChangePlan, x: EnumInfo, y: EnumInfo): ChangeStatement[] {
  const name = qualified(y.name, y.schema);
  const bare = y.name.slice(y.name.lastIndexOf(".") + 1);
  const old = `${bare}__old`;
  const removed = x.values.filter((v) => !y.values.includes(v));
  const notes = [
    removed.length > 0
      ? `warning: enum ${y.name} loses values ${removed.join(", ")}: rows holding them make this fail; change them first`
      : `warning: enum ${y.name} changes the order of its values: it is created again`,
  ];
  const columns = plan.tables.flatMap((t) =>
    t.to.columns
      .filter((c) => c.type.replace(/\[\]$/, "") === y.name)
      .filter((c) => t.from.columns.some((f) => f.name === c.name && f.type === c.type))
      .map((c) => [t.to, c] as const),
  );
  const alter = (t: TableInfo, c: ColumnInfo, what: string) => ({
    sql: `ALTER TABLE ${qualified(t.name, t.schema)} ALTER COLUMN ${ident(c.name)} ${what};`,
  });
  return [
    { sql: `ALTER TYPE ${name} RENAME TO ${ident(old)};`, notes },
    {
      sql: `CREATE TYPE ${name} AS ENUM (${y.values.map(literal).join(", ")});`,
    },
    ...columns.flatMap(([t, c]) => [
      ...(c.default !== undefined ? [alter(t, c, "DROP DEFAULT")] : []),
      alter(t, c, `TYPE ${c.type} USING ${ident(c.name)}::text::${c.type}`),
      ...(c.default !== undefined ? [alter(t, c, `SET DEFAULT ${c.default}`)] : []),
    ]),
    {
      sql: `DROP TYPE ${y.schema === undefined ? "" : `${ident(y.schema)}.`}${ident(old)};`,
    },
  ];
}

/** ALTERs of kept domains, sequences, extensions and table columns. */
export function alterStatements(
  plan: ChangePlan,
  options: ChangeOptions,
  warnings: string[],
): ChangeStatement[] {
  const identity = identitySequences(plan.to);
  return [
    ...plan.domains.changed.flatMap(([x, y]) => alterDomain(x, y, warnings)),
    ...plan.sequences.changed.map(([, y]) => ({
      sql: `ALTER SEQUENCE ${qualified(y.name, y.schema)} AS ${y.type} ${sequenceOptions(y)};`,
    })),
    ...plan.extensions.changed.flatMap(([x, y]) => [
      ...(x.version !== y.version && y.version !== undefined
        ? [{ sql: `ALTER EXTENSION ${ident(y.name)} UPDATE TO ${literal(y.version)};` }]
        : []),
      ...(x.schema !== y.schema && y.schema !== undefined
        ? [{ sql: `ALTER EXTENSION ${ident(y.name)} SET SCHEMA ${ident(y.schema)};` }]
        : []),
    ]),
    ...plan.tables.flatMap((t) => {
      const table = qualified(t.to.name, t.to.schema);
      if (JSON.stringify(t.from.options ?? {}) !== JSON.stringify(t.to.options ?? {}))
        warnings.push(
          `table ${t.to.name} changes its options (partitioning, inheritance, persistence): not expressible yet`,
        );
      return [
        ...t.addedColumns.flatMap((c) => addColumn(t.to, table, c, options, identity, warnings)),
        ...t.changedColumns.flatMap(([a, b]) => alterColumn(t.to.name, table, a, b, warnings)),
      ];
    }),
  ];
}

function alterDomain(x: DomainInfo, y: DomainInfo, warnings: string[]): ChangeStatement[] {
  const name = qualified(y.name, y.schema);
  const out: ChangeStatement[] = [];
  if (x.type !== y.type)
    warnings.push(`domain ${y.name} changes its type (${x.type} → ${y.type}): not expressible yet`);
  if (x.default !== y.default)
    out.push({
      sql:
        y.default === undefined
          ? `ALTER DOMAIN ${name} DROP DEFAULT;`
          : `ALTER DOMAIN ${name} SET DEFAULT ${y.default};`,
    });
  if (x.nullable !== y.nullable)
    out.push({ sql: `ALTER DOMAIN ${name} ${y.nullable ? "DROP" : "SET"} NOT NULL;` });
  const checkName = (check: string) => /^CONSTRAINT (\S+)/.exec(check)?.[1];
  for (const check of x.checks.filter((c) => !y.checks.includes(c))) {
    const constraint = checkName(check);
    if (constraint === undefined)
      warnings.push(`domain ${y.name} drops an unnamed check: not expressible`);
    else out.push({ sql: `ALTER DOMAIN ${name} DROP CONSTRAINT ${constraint};` });
  }
  for (const check of y.checks.filter((c) => !x.checks.includes(c)))
    out.push({ sql: `ALTER DOMAIN ${name} ADD ${check};` });
  return out;
}

function addColumn(
  t: TableInfo,
  table: string,
  c: ColumnInfo,
  options: ChangeOptions,
  identity: ReturnType<typeof identitySequences>,
  warnings: string[],
): ChangeStatement[] {
  const threeSteps =
    options.safeNotNull !== false &&
    !c.nullable &&
    c.default === undefined &&
    c.identity === undefined &&
    c.generated === undefined;
  const column = threeSteps ? { ...c, nullable: true } : c;
  const add = { sql: `ALTER TABLE ${table} ADD COLUMN ${columnSql(t, column, identity)};` };
  if (!threeSteps) return [add];
  warnings.push(`${t.name}.${c.name} is NOT NULL without a default: fill it where marked TODO`);
  return [add, setNotNull(t.name, table, c)];
}

function setNotNull(key: string, table: string, c: ColumnInfo): ChangeStatement {
  const column = ident(c.name);
  return {
    sql: `ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;`,
    notes: [
      `TODO: fill ${key}.${c.name} in existing rows before it becomes NOT NULL, e.g.`,
      `UPDATE ${table} SET ${column} = … WHERE ${column} IS NULL;`,
    ],
  };
}

function alterColumn(
  key: string,
  table: string,
  a: ColumnInfo,
  b: ColumnInfo,
  warnings: string[],
): ChangeStatement[] {
  const at = (what: string, notes?: readonly string[]): ChangeStatement => ({
    sql: `ALTER TABLE ${table} ALTER COLUMN ${ident(b.name)} ${what};`,
    ...(notes ? { notes } : {}),
  });
  const out: ChangeStatement[] = [];
  const retyped = a.type !== b.type || a.collation !== b.collation;
  if (retyped) {
    const line = `changes the type of ${key}.${b.name} from ${a.type} to ${b.type}: rewrites the table, fails on values that do not convert`;
    warnings.push(line);
    if (a.default !== undefined) out.push(at("DROP DEFAULT"));
    const collate = b.collation === undefined ? "" : ` COLLATE ${b.collation}`;
    out.push(
      at(`TYPE ${b.type}${collate} USING ${ident(b.name)}::${b.type}`, [`warning: ${line}`]),
    );
  }
  const defaultGone = retyped && a.default !== undefined;
  if (b.default !== undefined && (b.default !== a.default || defaultGone))
    out.push(at(`SET DEFAULT ${b.default}`));
  else if (b.default === undefined && a.default !== undefined && !defaultGone)
    out.push(at("DROP DEFAULT"));
  if (a.identity !== b.identity) out.push(...alterIdentity(at, a, b));
  if (a.nullable && !b.nullable) out.push(setNotNull(key, table, b));
  else if (!a.nullable && b.nullable) out.push(at("DROP NOT NULL"));
  return out;
}

function alterIdentity(
  at: (what: string) => ChangeStatement,
  a: ColumnInfo,
  b: ColumnInfo,
): ChangeStatement[] {
  const word = (i: ColumnInfo["identity"]) => (i === "always" ? "ALWAYS" : "BY DEFAULT");
  if (b.identity === undefined) return [at("DROP IDENTITY")];
  if (a.identity === undefined) return [at(`ADD GENERATED ${word(b.identity)} AS IDENTITY`)];
  return [at(`SET GENERATED ${word(b.identity)}`)];
}
