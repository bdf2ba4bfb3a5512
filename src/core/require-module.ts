/**
 * A CommonJS package (better-sqlite3, mysql2) loaded with `require`, not `import()`: without the
 * ES-module loader, which costs such a package tens of ms more at every start (the loader's own
 * modules, and a parse of the package's source for the names it exports). Bare specifiers
 * resolve from tidemark's own install, in the CLI's bundle as in the library. A rejected
 * promise when the package cannot be loaded.
 */
import { createRequire } from "node:module";

let load: NodeJS.Require | undefined;

export async function requireModule(specifier: string): Promise<unknown> {
  load ??= createRequire(import.meta.url);
  return load(specifier);
}
