/**
 * Runs the rules over a list of migrations with what the runner knows: whether each file runs
 * in one transaction (the executor's own `nonTransactional`, never a second guess), which tables
 * are new (created earlier in the same file, or, for a run, in an earlier migration of it), the
 * column facts of earlier migrations, the file's disable directives and the config's levels.
 */
import { messageOf, QueryError, TidemarkError } from "../core/errors.js";
import { nonTransactional } from "../core/executor.js";
import { locate } from "../core/locate.js";
import type { LoadedMigration, SqlBody } from "../core/migration.js";
import { parseErrorInFile } from "../core/step-errors.js";
import type { Dialect } from "../dialects/dialect.js";
import { SchemaFacts } from "./pg-facts.js";
import { alterCommands, createdBy, type NamedObject } from "./pg-nodes.js";
import { unknownRule } from "./rule-ids.js";
import { LINT_RULES } from "./rules/index.js";
import { lintStatements, sourceLine } from "./statements.js";
import { createdByText } from "./text-nodes.js";
import type {
  LintFile,
  LintFinding,
  LintLevel,
  LintRule,
  LintSetting,
  LintStatement,
  LintSyntax,
} from "./types.js";

/** Whose SQL a dialect speaks, for the rules (the parser for PostgreSQL, classification elsewhere). */
export interface EngineOptions {
  readonly dialect: Dialect;
  /** Levels from the config (and the caller), by rule id; unknown ids were refused before. */
  readonly rules: Readonly<Record<string, LintSetting>>;
  /** True when the migrations run together (pending ones): a table created by an earlier one is new. */
  readonly run: boolean;
  /** The runner wraps every migration (`--single-transaction`). */
  readonly singleTransaction?: boolean;
  /** The migrations applied before these, in order, loaded only when a rule needs their facts. */
  readonly before?: () => Promise<readonly LoadedMigration[]>;
}

interface Parsed {
  readonly loaded: LoadedMigration;
  readonly up: LintStatement[];
  readonly down: LintStatement[] | null;
}

/** Lints `migrations` in order; throws E_PARSE / E_LINT (file:line) when lint cannot run. */
export async function lintMigrations(
  migrations: readonly LoadedMigration[],
  options: EngineOptions,
): Promise<LintFinding[]> {
  const syntax = options.dialect.syntax;
  const parsed: Parsed[] = [];
  for (const loaded of migrations) parsed.push(await parse(loaded, syntax, options.dialect));
  let facts = new SchemaFacts();
  if (syntax === "postgres" && options.before && parsed.some((p) => p.up.some(needsHistory)))
    facts = await historyFacts(await options.before(), options.dialect);
  const active = LINT_RULES.filter(
    (r) => r.syntaxes.includes(syntax) && levelOf(r, options.rules) !== null,
  );
  const findings: LintFinding[] = [];
  const runTables = new Set<string>();
  const runIndexes = new Set<string>();
  for (const p of parsed) {
    const run = { tables: runTables, indexes: runIndexes };
    const file = await lintFile(p, syntax, facts, options, run);
    findings.push(...check(file, p, active, options.rules));
    for (const s of p.up) facts.apply(s.node);
    if (!options.run) continue;
    for (const s of p.up) {
      for (const o of createdIn(syntax, s)) {
        if (o.kind === "table") runTables.add(o.name);
        if (o.kind === "index") runIndexes.add(o.name);
      }
    }
  }
  return findings;
}

/** The level a rule reports at, or null when it is off. */
export function levelOf(
  rule: LintRule,
  settings: Readonly<Record<string, LintSetting>>,
): LintLevel | null {
  const set = settings[rule.id];
  if (set === "off") return null;
  if (set !== undefined) return set;
  return rule.optIn ? null : rule.level;
}

async function parse(
  loaded: LoadedMigration,
  syntax: LintSyntax,
  dialect: Dialect,
): Promise<Parsed> {
  const version = loaded.info.version ?? loaded.info.id;
  const read = async (body: SqlBody) => {
    try {
      return await lintStatements(body.sql, body.line, syntax, dialect);
    } catch (err) {
      throw unparsable(err, body, version);
    }
  };
  const up = loaded.up.kind === "sql" ? await read(loaded.up) : [];
  const down = loaded.down?.kind === "sql" ? await read(loaded.down) : null;
  return { loaded, up, down };
}

function unparsable(err: unknown, body: SqlBody, version: string): TidemarkError {
  // The splitter's own refusals (a client command, a bad DELIMITER) count lines from the section.
  if (err instanceof TidemarkError && !(err instanceof QueryError))
    return parseErrorInFile(err, body, version) as TidemarkError;
  const at = locate(body, err instanceof QueryError ? err.position : undefined);
  const where = at.line === undefined ? body.file : `${body.file}:${at.line}:${at.column}`;
  return new TidemarkError("E_PARSE", `${where}: ${messageOf(err)}`, {
    file: body.file,
    line: at.line,
    column: at.column,
    version,
    cause: err,
    hint: "Lint reads the SQL with the engine's parser: fix the statement (`tidemark validate` shows the same error).",
  });
}

/** A type change or SET NOT NULL: whether it is safe depends on earlier migrations. */
function needsHistory(s: LintStatement): boolean {
  const cmds = alterCommands(s.node)?.cmds ?? [];
  return cmds.some((c) => c.subtype === "AT_AlterColumnType" || c.subtype === "AT_SetNotNull");
}

async function historyFacts(
  before: readonly LoadedMigration[],
  dialect: Dialect,
): Promise<SchemaFacts> {
  const facts = new SchemaFacts();
  for (const loaded of before) {
    if (loaded.up.kind !== "sql") continue;
    // An applied file the parser refuses says nothing usable; its own lint reports it.
    const statements = await lintStatements(
      loaded.up.sql,
      loaded.up.line,
      "postgres",
      dialect,
    ).catch(() => []);
    for (const s of statements) facts.apply(s.node);
  }
  return facts;
}

async function lintFile(
  p: Parsed,
  syntax: LintSyntax,
  facts: SchemaFacts,
  options: EngineOptions,
  run: { readonly tables: ReadonlySet<string>; readonly indexes: ReadonlySet<string> },
): Promise<LintFile> {
  const { loaded } = p;
  const outside = await nonTransactional(loaded, loaded.up, options.dialect);
  const firstCreated = new Map<string, number>();
  for (const s of p.up) {
    for (const o of createdIn(syntax, s)) {
      const key = `${o.kind}:${o.name}`;
      if (!firstCreated.has(key)) firstCreated.set(key, s.index);
    }
  }
  const before = (key: string, index: number) =>
    (firstCreated.get(key) ?? Number.POSITIVE_INFINITY) < index;
  const line = loaded.up.kind === "sql" ? loaded.up.line : 1;
  const declared = loaded.up.kind === "sql" && loaded.up.lint?.irreversible === true;
  return {
    syntax,
    file: loaded.up.file,
    statements: p.up,
    start: { index: 0, sql: "", line, column: 1, node: null, words: [], code: "" },
    down: p.down,
    wrapped: options.singleTransaction === true || outside === null,
    outside,
    missingDown: loaded.info.kind === "versioned" && loaded.down === null && !declared,
    isNew: (table, index) => run.tables.has(table) || before(`table:${table}`, index),
    isNewIndex: (name, index) => run.indexes.has(name) || before(`index:${name}`, index),
    facts,
  };
}

function createdIn(syntax: LintSyntax, s: LintStatement): NamedObject[] {
  return syntax === "postgres" ? createdBy(s.node) : createdByText(s.code);
}

/** The findings of the active rules on one file, minus those its directives disable. */
function check(
  file: LintFile,
  p: Parsed,
  active: readonly LintRule[],
  settings: Readonly<Record<string, LintSetting>>,
): LintFinding[] {
  const body = p.loaded.up;
  const directives = body.kind === "sql" ? body.lint : undefined;
  for (const d of [...(directives?.disable ?? []), ...(directives?.disableNext ?? [])]) {
    if (!LINT_RULES.some((r) => r.id === d.rule))
      throw new TidemarkError("E_LINT", `${file.file}:${d.line}: ${unknownRule(d.rule)}`, {
        file: file.file,
        line: d.line,
        hint: 'The rule ids are listed in the README\'s "Lint rules" table and in `tidemark lint --help`.',
      });
  }
  const offForFile = new Set((directives?.disable ?? []).map((d) => d.rule));
  const offForStatement = new Set<string>();
  for (const d of directives?.disableNext ?? []) {
    const next = p.up.find((s) => s.line > d.line);
    if (next) offForStatement.add(`${next.index}:${d.rule}`);
  }
  const out: LintFinding[] = [];
  for (const rule of active) {
    if (offForFile.has(rule.id)) continue;
    for (const hit of rule.check(file)) {
      if (hit.statement !== file.start && offForStatement.has(`${hit.statement.index}:${rule.id}`))
        continue;
      out.push({
        rule: rule.id,
        level: levelOf(rule, settings)!,
        file: file.file,
        path: file.file,
        line: hit.statement.line,
        column: hit.statement.column,
        version: p.loaded.info.version,
        message: hit.message,
        why: rule.why,
        safe: rule.safe,
        source: body.kind === "sql" ? sourceLine(body.sql, hit.statement, body.line) : "",
      });
    }
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}
