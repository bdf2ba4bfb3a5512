/**
 * Code migrations (SPEC §2): a `.ts`, `.js` or `.mjs` module exporting `up(ctx)`, and
 * optionally `down(ctx)`, `validate(ctx)`, `transaction = false` and `dependsOn = [...]`,
 * as named exports or as `export default { up, down, … }`.
 * `.js`/`.mjs` load with Node's own `import()`; `.ts` loads through tsx, imported lazily.
 */
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { parseVersionRef } from "../core/app-ref.js";
import { MigrationError, messageOf, TidemarkError } from "../core/errors.js";
import { importModule } from "../core/import-module.js";
import type { CodeBody, MigrationContext, TransactionMode } from "../core/migration.js";

type TsxApi = typeof import("tsx/esm/api");

type MigrationFn = (ctx: MigrationContext) => unknown;

/** What a code migration module exports, checked. */
export interface CodeModule {
  readonly up: MigrationFn;
  readonly down: MigrationFn | null;
  /** Post-condition run after `up`; throwing or returning false fails the migration. */
  readonly validate: MigrationFn | null;
  readonly transaction: TransactionMode;
  readonly dependsOn: readonly string[] | null;
}

type Importer = (url: string) => Promise<Record<string, unknown>>;
let tsImporter: Promise<Importer> | undefined;

/**
 * One tsx namespace for the whole process: every `.ts` migration is imported through it, so
 * tsx's loader hooks are registered once (tsImport() would register a new set per call).
 */
function typescriptImporter(): Promise<Importer> {
  tsImporter ??= (importModule("tsx/esm/api") as Promise<TsxApi>).then(({ register }) => {
    const api = register({ namespace: `tidemark-${randomUUID()}` });
    return (url: string) => api.import(url, import.meta.url);
  });
  return tsImporter;
}

/**
 * Imports and checks a code migration. `absPath` is the module's absolute path; `file` (relative
 * to the migrations folder) names it in errors. Throws E_PARSE when the module does not load or
 * its exports are wrong.
 */
export async function importCodeMigration(absPath: string, file: string): Promise<CodeModule> {
  const url = pathToFileURL(absPath).href;
  let mod: Record<string, unknown>;
  try {
    mod = absPath.endsWith(".ts")
      ? await (await typescriptImporter())(url)
      : ((await importModule(url)) as Record<string, unknown>);
  } catch (err) {
    const esmHint = /import statement outside a module|Unexpected token 'export'/.test(
      messageOf(err),
    );
    throw new TidemarkError("E_PARSE", `${file} could not be loaded: ${messageOf(err)}`, {
      file,
      cause: err,
      hint: esmHint
        ? 'Name the file .mjs, or add "type": "module" to the nearest package.json.'
        : "Fix the module so that it loads with `node` (or `tsx` for .ts).",
    });
  }
  return checkExports(mod, file);
}

function checkExports(mod: Record<string, unknown>, file: string): CodeModule {
  const fallback = mod.default;
  const exports =
    typeof mod.up !== "function" && typeof fallback === "object" && fallback !== null
      ? (fallback as Record<string, unknown>)
      : mod;
  const fn = (name: string, required: boolean): MigrationFn | null => {
    const value = exports[name];
    if (typeof value === "function") return value as MigrationFn;
    if ((value === undefined || value === null) && !required) return null;
    throw new TidemarkError("E_PARSE", `${file} must export a function \`${name}(ctx)\``, {
      file,
      hint: "export async function up(ctx) { await ctx.sql`...`; }",
    });
  };
  return {
    up: fn("up", true)!,
    down: fn("down", false),
    validate: fn("validate", false),
    transaction: transactionOf(exports.transaction, file),
    dependsOn: dependsOnOf(exports.dependsOn, file),
  };
}

function transactionOf(value: unknown, file: string): TransactionMode {
  if (value === undefined || value === true || value === "auto") return "auto";
  if (value === false || value === "never") return "never";
  throw new TidemarkError("E_PARSE", `${file}: \`transaction\` must be false (or absent)`, {
    file,
  });
}

function dependsOnOf(value: unknown, file: string): readonly string[] | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.length === 0 || list.some((v) => typeof v !== "string" || parseVersionRef(v) === null)) {
    throw new TidemarkError("E_PARSE", `${file}: \`dependsOn\` must list versions as strings`, {
      file,
      hint: 'export const dependsOn = ["20250101120000"];',
    });
  }
  return list as string[];
}

/** The runnable up and down of a checked module. */
export function codeBodies(mod: CodeModule, file: string): { up: CodeBody; down: CodeBody | null } {
  const { down, validate } = mod;
  const up: CodeBody = {
    kind: "code",
    file,
    async run(ctx) {
      await mod.up(ctx);
      if (validate) await runValidate(validate, ctx, file);
    },
  };
  const downBody: CodeBody | null = down
    ? {
        kind: "code",
        file,
        async run(ctx) {
          await down(ctx);
        },
      }
    : null;
  return { up, down: downBody };
}

async function runValidate(
  validate: MigrationFn,
  ctx: MigrationContext,
  file: string,
): Promise<void> {
  let result: unknown;
  try {
    result = await validate(ctx);
  } catch (err) {
    throw new MigrationError(`${file}: validate() failed after up: ${messageOf(err)}`, {
      file,
      cause: err,
      direction: "up",
    });
  }
  if (result === false) {
    throw new MigrationError(`${file}: validate() returned false after up`, {
      file,
      direction: "up",
      hint: "up() ran but its post-condition does not hold; fix the migration or what validate() checks.",
    });
  }
}
