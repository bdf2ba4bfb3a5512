/** The embedded default database: a SQLite file in the current folder. */
export const DEFAULT_URL = "sqlite:./tidemark.db";
export const DEFAULT_DIR = "./migrations";
export const DEFAULT_TABLE = "tidemark_migrations";
