/**
 * Which migrations `lint` reads and in what context (SPEC §7): the pending ones as one run (the
 * tables an earlier one creates are new for the later ones), the whole history (`all`: each
 * migration alone, as it ran), or named files. Then the engine, and the totals.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { TidemarkError } from "../core/errors.js";
import type { LoadedMigration, MigrationInfo, MigrationSource } from "../core/migration.js";
import type { Dialect, DialectName } from "../dialects/dialect.js";
import { parseSqlFile } from "../sources/sql-file.js";
import { lintMigrations } from "./engine.js";
import { LINT_RULE_IDS, unknownRule } from "./rule-ids.js";
import type { LintFinding, LintSetting } from "./types.js";

export interface LintOptions {
  /** Lint these files (paths from the working folder, or inside the migrations folder). */
  readonly files?: readonly string[];
  /** Lint the whole history, each migration in the context it ran in. */
  readonly all?: boolean;
  /** Without a database: lint every migration as `all` does (pending ones cannot be known). */
  readonly offline?: boolean;
  /** Read the SQL as this engine's (implies `offline` unless files are named). */
  readonly dialect?: "postgres" | "mysql" | "sqlite";
  /** Rule levels over the config's `lint.rules`. */
  readonly rules?: Readonly<Record<string, LintSetting>>;
  /** For `up`: lint what `up` with these options would apply. */
  readonly to?: string;
  readonly step?: number;
  readonly allowOutOfOrder?: boolean;
  readonly resume?: boolean;
  /** The run would wrap every migration in one transaction. */
  readonly singleTransaction?: boolean;
}

export interface LintReport {
  /** What was linted: the pending migrations, the whole history, or named files. */
  readonly mode: "pending" | "all" | "files";
  /** True when the database said which migrations are pending. */
  readonly database: boolean;
  readonly dialect: DialectName;
  /** Number of migrations linted. */
  readonly migrations: number;
  readonly findings: readonly LintFinding[];
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

/** What the migrator hands to lint. */
export interface LintSources {
  readonly source: MigrationSource;
  readonly dialect: Dialect;
  /** The migrations folder, for named files; null for a custom source. */
  readonly dir: string | null;
  readonly configRules: Readonly<Record<string, LintSetting>>;
  /** The pending migrations `up` would apply (in order) and the applied ones before them. */
  readonly pending: () => Promise<{
    readonly run: readonly MigrationInfo[];
    readonly applied: readonly MigrationInfo[];
  }>;
}

/** Lints as `options` say; throws a TidemarkError when lint cannot run (bad SQL, unknown rule id). */
export async function runLint(sources: LintSources, options: LintOptions): Promise<LintReport> {
  const rules = { ...sources.configRules, ...checkRules(options.rules ?? {}) };
  const { source, dialect } = sources;
  const load = (infos: readonly MigrationInfo[]) => Promise.all(infos.map((i) => source.load(i)));
  const base = { dialect, rules, singleTransaction: options.singleTransaction };
  let mode: LintReport["mode"];
  let loaded: readonly LoadedMigration[];
  let findings: LintFinding[];
  let database = false;
  if (options.files && options.files.length > 0) {
    mode = "files";
    const all = await source.list();
    loaded = await Promise.all(options.files.map((f) => loadFile(f, all, sources)));
    const first = Math.min(
      ...loaded.map((l) => all.findIndex((i) => i.id === l.info.id)).filter((i) => i >= 0),
    );
    findings = await lintMigrations(loaded, {
      ...base,
      run: false,
      before: () => load(all.slice(0, Number.isFinite(first) ? first : all.length)),
    });
  } else if (options.all || options.offline) {
    mode = "all";
    loaded = await load(await source.list());
    findings = await lintMigrations(loaded, { ...base, run: false });
  } else {
    mode = "pending";
    database = true;
    const { run, applied } = await sources.pending();
    loaded = await load(run);
    findings = await lintMigrations(loaded, { ...base, run: true, before: () => load(applied) });
  }
  const standalone = new Set(loaded.filter((l) => l.info.checksum === "").map((l) => l.info.file));
  findings = findings.map((f) =>
    standalone.has(f.file) ? f : { ...f, path: pathOf(sources.dir, f.file) },
  );
  const count = (level: string) => findings.filter((f) => f.level === level).length;
  return {
    mode,
    database,
    dialect: dialect.name,
    migrations: loaded.length,
    findings,
    errors: count("error"),
    warnings: count("warning"),
    notes: count("info"),
  };
}

/** A migration's path from the working folder, with `/`. */
function pathOf(dir: string | null, file: string): string {
  return dir === null ? file : relative(process.cwd(), resolve(dir, file)).split(sep).join("/");
}

/** Rule settings with every id known; E_CONFIG naming an unknown one. */
export function checkRules(
  rules: Readonly<Record<string, LintSetting>>,
): Readonly<Record<string, LintSetting>> {
  for (const [id, level] of Object.entries(rules)) {
    if (!LINT_RULE_IDS.includes(id))
      throw new TidemarkError("E_CONFIG", `lint: ${unknownRule(id)}`, {
        hint: `Known rules: ${LINT_RULE_IDS.join(", ")}.`,
      });
    if (!["off", "warning", "error"].includes(level))
      throw new TidemarkError(
        "E_CONFIG",
        `lint rule "${id}" must be "off", "warning" or "error", not ${JSON.stringify(level)}`,
      );
  }
  return rules;
}

/** A named file: the migration it belongs to, or (outside the folder) the file on its own. */
async function loadFile(
  path: string,
  all: readonly MigrationInfo[],
  sources: LintSources,
): Promise<LoadedMigration> {
  const absolute = resolve(path);
  const inDir = sources.dir === null ? null : relative(resolve(sources.dir), absolute);
  const key =
    inDir !== null && !inDir.startsWith("..") && !isAbsolute(inDir)
      ? inDir.split(sep).join("/")
      : path;
  const info = all.find((i) => i.file === key || i.downFile === key);
  if (info) return sources.source.load(info);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (err) {
    throw new TidemarkError(
      "E_IO",
      `${path} could not be read: ${(err as Error).message.replace(/, \w+ '.*'$/, "")}`,
      { file: path, cause: err },
    );
  }
  return standaloneMigration(text, path);
}

/** A SQL file outside the migrations folder, as a migration of its own (no version). */
export function standaloneMigration(text: string, path: string): LoadedMigration {
  const parsed = parseSqlFile(text, path);
  const lint = {
    disable: parsed.disabledRules,
    disableNext: parsed.disabledNext,
    irreversible: parsed.irreversible,
  };
  const down =
    parsed.down && !parsed.irreversible
      ? { kind: "sql" as const, sql: parsed.down.sql, file: path, line: parsed.down.line }
      : null;
  return {
    info: {
      id: path,
      version: null,
      name: path,
      kind: "versioned",
      file: path,
      downFile: null,
      checksum: "",
      dependsOn: null,
      transaction: parsed.transaction,
      reversible: down !== null && !parsed.irreversible,
      format: "sql",
    },
    up: { kind: "sql", sql: parsed.up.sql, file: path, line: parsed.up.line, lint },
    down,
  };
}
