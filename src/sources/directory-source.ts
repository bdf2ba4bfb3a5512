/**
 * Migrations from one folder (SPEC §2). `list()` reads every file's text once to learn its
 * checksum and directives, but keeps no SQL: `load()` reads the file(s) again when the
 * executor runs the migration.
 */
import type { Dirent } from "node:fs";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { checksum } from "../core/checksum.js";
import { messageOf, TidemarkError } from "../core/errors.js";
import type {
  LoadedMigration,
  MigrationInfo,
  MigrationSource,
  SqlBody,
} from "../core/migration.js";
import { codeBodies, importCodeMigration } from "./code-migration.js";
import { classifyFile, type NamedFile } from "./file-names.js";
import {
  checkDuplicateVersions,
  compareMigrations,
  type DependencyRef,
  type MigrationFiles,
  pairFiles,
  resolveDependencies,
  sqlFacts,
} from "./migration-files.js";
import { parseDownFile, parseSqlFile } from "./sql-file.js";

interface Draft {
  readonly info: MigrationInfo;
  readonly depends: readonly DependencyRef[] | null;
}

/** A {@link MigrationSource} over the files of one folder (not its subfolders). */
export class DirectorySource implements MigrationSource {
  /** Absolute path of the folder. */
  readonly root: string;

  /** `dir` is resolved against the current directory now, and shown as given in messages. */
  constructor(readonly dir: string) {
    this.root = resolve(dir);
  }

  /** Every migration in the folder: versioned ones by version, then repeatable ones by name. */
  async list(): Promise<readonly MigrationInfo[]> {
    const named = (await this.fileNames()).flatMap((f) => classifyFile(f) ?? []);
    const migrations = pairFiles(named);
    checkDuplicateVersions(migrations);
    // SQL files are described synchronously (a thousand promises cost more than the reads);
    // code migrations are imported one after the other, in name order, as before.
    const drafts: Draft[] = [];
    for (const m of migrations) {
      drafts.push(m.up.format === "code" ? await this.describeCode(m.up) : this.describeSql(m));
    }
    return resolveDependencies(drafts).sort(compareMigrations);
  }

  /** Reads the migration's file(s) again; E_CHECKSUM when the up file changed since `list()`. */
  async load(info: MigrationInfo): Promise<LoadedMigration> {
    const text = this.read(info.file);
    if (checksum(text) !== info.checksum) {
      throw new TidemarkError("E_CHECKSUM", `${info.file} changed while tidemark was running`, {
        file: info.file,
        version: info.version ?? undefined,
        hint: "Run the command again.",
      });
    }
    if (info.format === "code") {
      const mod = await importCodeMigration(join(this.root, info.file), info.file);
      return { info, ...codeBodies(mod, info.file) };
    }
    const parsed = parseSqlFile(text, info.file);
    const up: SqlBody = { kind: "sql", sql: parsed.up.sql, file: info.file, line: parsed.up.line };
    if (!info.reversible) return { info, up, down: null };
    if (info.downFile !== null) {
      const whole = parseDownFile(this.read(info.downFile), info.downFile).up;
      return {
        info,
        up,
        down: { kind: "sql", sql: whole.sql, file: info.downFile, line: whole.line },
      };
    }
    const section = parsed.down;
    const down: SqlBody | null = section && {
      kind: "sql",
      sql: section.sql,
      file: info.file,
      line: section.line,
    };
    return { info, up, down };
  }

  private describeSql({ up, down }: MigrationFiles): Draft {
    const text = this.read(up.file);
    const downFile = down && {
      file: down.file,
      parsed: parseDownFile(this.read(down.file), down.file),
    };
    const facts = sqlFacts(up, parseSqlFile(text, up.file), downFile);
    const info: MigrationInfo = {
      ...this.baseInfo(up, down, text),
      dependsOn: null,
      transaction: facts.transaction,
      reversible: facts.reversible,
    };
    return { info, depends: facts.depends };
  }

  private async describeCode(up: NamedFile): Promise<Draft> {
    const text = this.read(up.file);
    const mod = await importCodeMigration(join(this.root, up.file), up.file);
    const depends = mod.dependsOn?.map((version) => ({ version, file: up.file, line: undefined }));
    const info: MigrationInfo = {
      ...this.baseInfo(up, null, text),
      dependsOn: null,
      transaction: mod.transaction,
      reversible: mod.down !== null,
    };
    return { info, depends: depends ?? null };
  }

  private baseInfo(up: NamedFile, down: NamedFile | null, text: string) {
    return {
      id: up.version ?? `R__${up.name}`,
      version: up.version,
      name: up.name,
      kind: up.kind,
      file: up.file,
      downFile: down?.file ?? null,
      checksum: checksum(text),
      format: up.format,
    } as const;
  }

  private async fileNames(): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.root, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        throw new TidemarkError("E_IO", `Migrations folder ${this.dir} does not exist`, {
          cause: err,
          hint: "run `tidemark init`, or pass --dir",
        });
      }
      throw new TidemarkError(
        "E_IO",
        `Cannot read migrations folder ${this.dir}: ${messageOf(err)}`,
        {
          cause: err,
          hint: "pass --dir with the folder that holds the migrations",
        },
      );
    }
    return entries.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  }

  private read(file: string): string {
    try {
      // Synchronous on purpose: for a folder of a thousand small files it is several times
      // faster than the promise API, and list() reads them all on every command.
      return readFileSync(join(this.root, file), "utf8");
    } catch (err) {
      const reason = messageOf(err).replace(/, \w+ '.*'$/, "");
      throw new TidemarkError("E_IO", `${file} could not be read: ${reason}`, {
        file,
        cause: err,
      });
    }
  }
}
