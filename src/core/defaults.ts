/** The embedded default database: a SQLite file in the current folder. */
export const DEFAULT_URL = "sqlite:./tidemark.db";
export const DEFAULT_DIR = "./migrations";
export const DEFAULT_TABLE = "tidemark_migrations";
/** Where `tidemark backup` writes when the config names no `backups.dir`. */
export const DEFAULT_BACKUPS_DIR = "./backups";
/** Backups kept per database and environment when the config names no `backups.keep`. */
export const DEFAULT_BACKUPS_KEEP = 10;
