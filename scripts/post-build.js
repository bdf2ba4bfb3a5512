#!/usr/bin/env node
// After tsc: bundles the CLI into dist/cli/tidemark.cjs (what dist/cli/main.cjs runs, with a V8
// code cache beside it) and marks the entry point executable (tsc keeps the shebang, not the
// mode). Drivers with native or WebAssembly parts, and tsx, stay outside the bundle: they are
// loaded only when a URL or a migration needs them.
import { chmodSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const cliDir = fileURLToPath(new URL("../dist/cli/", import.meta.url));
for (const name of readdirSync(cliDir)) {
  if (name.startsWith("tidemark.cjs")) rmSync(`${cliDir}${name}`, { force: true });
}
await build({
  entryPoints: [`${cliDir}cli.js`],
  outfile: `${cliDir}tidemark.cjs`,
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["better-sqlite3", "@electric-sql/pglite", "libpg-query", "mysql2", "tsx", "tsx/*"],
  // Paths taken relative to a module (package.json) resolve the same from dist/cli as from
  // dist/core, both two levels below the package root.
  define: { "import.meta.url": "__tidemark_module_url" },
  banner: {
    js: 'const __tidemark_module_url = require("node:url").pathToFileURL(__filename).href;',
  },
  plugins: [
    {
      // Built-ins a package requires at load time for what tidemark seldom or never uses: a
      // stand-in loads each on first use. commander's node:child_process is for executable
      // subcommands, which tidemark has none of (~3 ms off every start); pg's node:dns is for
      // libpq connection strings, which tidemark does not build (~0.5 ms).
      name: "lazy-builtins",
      setup(b) {
        const lazy = [
          { builtin: "child_process", importer: /[\\/]commander[\\/]/ },
          { builtin: "dns", importer: /[\\/]pg[\\/]lib[\\/]connection-parameters\.js$/ },
        ];
        for (const { builtin, importer } of lazy) {
          b.onResolve({ filter: new RegExp(`^(node:)?${builtin}$`) }, (args) =>
            importer.test(args.importer) ? { path: builtin, namespace: "lazy-builtin" } : undefined,
          );
        }
        b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
          contents: `let m;\nmodule.exports = new Proxy({}, { get: (_, k) => (m ??= require("node:${args.path}"))[k] });`,
          loader: "js",
        }));
      },
    },
    {
      // Code compiled by node:vm has no import(): the bundle calls the one its ESM entry
      // (dist/cli/main.cjs) passes in as __tidemark_import.
      name: "import-module",
      setup(b) {
        b.onLoad({ filter: /[\\/]core[\\/]import-module\.js$/ }, () => ({
          contents: "export const importModule = (specifier) => __tidemark_import(specifier);",
          loader: "js",
        }));
      },
    },
  ],
  // Smaller source, fewer bytes to read, hash and deserialise at every start; names are kept
  // (errors take their name from their class, and --verbose stack traces stay readable).
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "warning",
});
const bundle = readFileSync(`${cliDir}tidemark.cjs`, "utf8");
if (dynamicImports(bundle.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, "")) > 0) {
  console.error("post-build: the bundle still calls import(); route it through importModule()");
  process.exit(1);
}
chmodSync(`${cliDir}main.cjs`, 0o755);

/**
 * How many `import(…)` calls `code` holds: a method named `import` (`async import(tool){…}`)
 * is not one. Its parameters are followed by its body's `{`; a call's are not.
 */
function dynamicImports(code) {
  let calls = 0;
  for (const match of code.matchAll(/(?<![\w$.])import\(/g)) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < code.length; end++) {
      if (code[end] === "(") depth++;
      else if (code[end] === ")" && --depth === 0) break;
    }
    if (!/^\s*\{/.test(code.slice(end + 1, end + 20))) calls++;
  }
  return calls;
}
