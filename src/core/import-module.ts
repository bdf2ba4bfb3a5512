/**
 * Every dynamic `import()` of something outside tidemark — a driver, tsx, a user's migration or
 * config file — goes through here. The bundled CLI (scripts/post-build.js) replaces this module
 * with one that calls back into its ESM entry, because code compiled by `node:vm` has no
 * `import()` of its own. Bare specifiers resolve from tidemark's own install either way.
 */
export function importModule(specifier: string): Promise<unknown> {
  return import(specifier);
}
