import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checksum } from "../../src/core/checksum.js";
import type { CodeBody, LoadedMigration, MigrationContext } from "../../src/core/migration.js";
import { DirectorySource } from "../../src/sources/directory-source.js";
import { folderMaker } from "../helpers/folders.js";

const folder = folderMaker("tidemark-code-");

/** A ctx that records what the migration sends; `rows` is what every query returns. */
function fakeContext(rows: Record<string, unknown>[] = []) {
  const calls: { text: string; params: unknown[] }[] = [];
  const logs: string[] = [];
  const ctx: MigrationContext = {
    async query(text, params = []) {
      calls.push({ text, params: [...params] });
      return rows;
    },
    async sql(strings, ...values) {
      calls.push({ text: strings.join("?"), params: [...values] });
      return rows;
    },
    dialect: "sqlite",
    log: (message) => logs.push(message),
    signal: new AbortController().signal,
  };
  return { ctx, calls, logs };
}

async function loadOnly(files: Record<string, string>): Promise<LoadedMigration> {
  const source = new DirectorySource(folder(files));
  const list = await source.list();
  return source.load(list[list.length - 1]!);
}

const TS_MIGRATION = `
interface Ctx {
  sql(strings: TemplateStringsArray, ...values: unknown[]): Promise<Record<string, unknown>[]>;
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  log(message: string): void;
}
export const transaction = false;
export const dependsOn: string[] = ["001"];
export async function up(ctx: Ctx): Promise<void> {
  const name: string = "dark_mode";
  await ctx.sql\`insert into features (name) values (\${name})\`;
  ctx.log("feature added");
}
export async function down(ctx: Ctx): Promise<void> {
  await ctx.query("delete from features where name = ?", ["dark_mode"]);
}
export async function validate(ctx: Ctx): Promise<boolean> {
  const rows = await ctx.query("select count(*) as n from features");
  return rows.length > 0;
}
`;

describe("code migrations", () => {
  it("lists and runs a .ts migration without a build step", async () => {
    const dir = folder({ "001_init.sql": "select 1;\n", "003_add_feature.ts": TS_MIGRATION });
    const source = new DirectorySource(dir);
    const [, info] = await source.list();
    assert.deepEqual(
      { ...info, checksum: undefined },
      {
        id: "003",
        version: "003",
        name: "add_feature",
        kind: "versioned",
        file: "003_add_feature.ts",
        downFile: null,
        checksum: undefined,
        dependsOn: ["001"],
        transaction: "never",
        reversible: true,
        format: "code",
      },
    );
    assert.equal(info!.checksum, checksum(TS_MIGRATION));
    const loaded = await source.load(info!);
    assert.equal(loaded.up.kind, "code");
    assert.equal(loaded.up.file, "003_add_feature.ts");
    const { ctx, calls, logs } = fakeContext([{ n: 1 }]);
    await (loaded.up as CodeBody).run(ctx);
    assert.deepEqual(calls, [
      { text: "insert into features (name) values (?)", params: ["dark_mode"] },
      { text: "select count(*) as n from features", params: [] },
    ]);
    assert.deepEqual(logs, ["feature added"]);
    const down = fakeContext();
    await (loaded.down as CodeBody).run(down.ctx);
    assert.deepEqual(down.calls, [
      { text: "delete from features where name = ?", params: ["dark_mode"] },
    ]);
  });

  it("loads an .mjs migration with export default { up, down }", async () => {
    const text = [
      "export default {",
      "  async up(ctx) { await ctx.query('create table m (id int)'); },",
      "  async down(ctx) { await ctx.query('drop table m'); },",
      "};",
      "",
    ].join("\n");
    const loaded = await loadOnly({ "20250101120000_m.mjs": text });
    assert.equal(loaded.info.format, "code");
    assert.equal(loaded.info.transaction, "auto");
    assert.equal(loaded.info.reversible, true);
    const { ctx, calls } = fakeContext();
    await (loaded.up as CodeBody).run(ctx);
    await (loaded.down as CodeBody).run(ctx);
    assert.deepEqual(
      calls.map((c) => c.text),
      ["create table m (id int)", "drop table m"],
    );
  });

  it("loads a CommonJS .js migration without a down as irreversible", async () => {
    const loaded = await loadOnly({
      "7_cjs.js": "exports.up = async (ctx) => { ctx.log('up'); };\n",
    });
    assert.equal(loaded.info.reversible, false);
    assert.equal(loaded.down, null);
    const { ctx, logs } = fakeContext();
    await (loaded.up as CodeBody).run(ctx);
    assert.deepEqual(logs, ["up"]);
  });

  it("fails the migration when validate returns false", async () => {
    const text =
      "export async function up() {}\nexport async function validate() { return false; }\n";
    const loaded = await loadOnly({ "1_v.mjs": text });
    await assert.rejects((loaded.up as CodeBody).run(fakeContext().ctx), {
      code: "E_MIGRATION",
      file: "1_v.mjs",
      message: /validate\(\) returned false/,
    });
  });

  it("fails the migration when validate throws, with its message", async () => {
    const text =
      "export async function up() {}\nexport function validate() { throw new Error('no rows'); }\n";
    const loaded = await loadOnly({ "1_v.mjs": text });
    await assert.rejects((loaded.up as CodeBody).run(fakeContext().ctx), {
      code: "E_MIGRATION",
      message: /validate\(\) failed after up: no rows/,
    });
  });
});

describe("code migrations: errors", () => {
  const listError = (files: Record<string, string>) => new DirectorySource(folder(files)).list();

  it("requires an up function", async () => {
    await assert.rejects(listError({ "1_a.mjs": "export async function down() {}\n" }), {
      code: "E_PARSE",
      file: "1_a.mjs",
      message: /must export a function `up\(ctx\)`/,
    });
  });

  it("reports a module that does not parse, with the underlying message", async () => {
    await assert.rejects(
      listError({ "1_a.mjs": "export async function up( {\n" }),
      (err: Error) => {
        assert.equal((err as { code?: string }).code, "E_PARSE");
        assert.equal((err as { file?: string }).file, "1_a.mjs");
        assert.match(err.message, /^1_a\.mjs could not be loaded: \S/);
        return true;
      },
    );
    await assert.rejects(listError({ "2_b.ts": "export const up = (: number) => ;\n" }), {
      code: "E_PARSE",
      file: "2_b.ts",
    });
  });

  it("rejects a transaction export that is not false", async () => {
    await assert.rejects(
      listError({ "1_a.mjs": "export const transaction = 'no';\nexport function up() {}\n" }),
      {
        code: "E_PARSE",
        file: "1_a.mjs",
      },
    );
  });

  it("rejects dependsOn that is not a list of version strings", async () => {
    await assert.rejects(
      listError({ "1_a.mjs": "export const dependsOn = [1];\nexport function up() {}\n" }),
      {
        code: "E_PARSE",
        file: "1_a.mjs",
      },
    );
  });

  it("reports dependsOn naming a version that does not exist", async () => {
    await assert.rejects(
      listError({ "2_a.mjs": "export const dependsOn = ['9'];\nexport function up() {}\n" }),
      {
        code: "E_DEPENDENCY",
        file: "2_a.mjs",
        message: /version 9/,
      },
    );
  });
});
