/**
 * The few mysql2 methods tidemark calls, typed structurally; the URL → connection options
 * mapping; and the server's flavour and version. mysql2 is loaded only by `openMysql`.
 */
import { TidemarkError } from "../../core/errors.js";
import { requireModule } from "../../core/require-module.js";
import { decodePercent } from "../redact-text.js";
import { assertReadableCredentials, percentEncodeHint, redactUrl } from "../url.js";

const MYSQL_URL_FORM = "mysql://user:password@host:3306/database";

/** A mysql2/promise connection, as far as tidemark uses it. */
export interface MysqlDriverConnection {
  query(sql: string): Promise<[unknown, unknown]>;
  /** Escapes a value for the text protocol, dates in the connection's time zone. */
  escape(value: unknown): string;
  end(): Promise<void>;
  destroy(): void;
  on(event: "error", listener: (err: Error) => void): unknown;
}

interface MysqlDriver {
  createConnection(options: Readonly<Record<string, unknown>>): Promise<MysqlDriverConnection>;
}

/** Where and as whom to connect, parsed from `mysql://user:pass@host:port/db?…`. */
export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `?socket=/run/mysqld/mysqld.sock`: a Unix socket instead of TCP. */
  readonly socketPath?: string;
  /** From `?ssl=true` or `?sslmode=require|verify-ca|verify-full|disable`. */
  readonly ssl?: { readonly rejectUnauthorized: boolean };
}

/**
 * Parses a mysql:// or mariadb:// URL. Throws E_CONFIG (with the URL redacted) when it cannot
 * be read or names no database. A `%` that starts no escape is kept as it is (`50%off`).
 */
export function parseMysqlUrl(url: string): MysqlTarget {
  assertReadableCredentials(url, "MySQL", MYSQL_URL_FORM);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TidemarkError("E_CONFIG", `Invalid MySQL URL ${redactUrl(url)}`, {
      hint: percentEncodeHint(MYSQL_URL_FORM),
    });
  }
  const database = decodePercent(u.pathname.replace(/^\//, ""));
  if (database === "" || database.includes("/")) {
    throw new TidemarkError("E_CONFIG", `The MySQL URL ${redactUrl(url)} must name one database`, {
      hint: `Write it as ${MYSQL_URL_FORM}.`,
    });
  }
  const socketPath = u.searchParams.get("socket") ?? undefined;
  const ssl = sslOption(u.searchParams.get("sslmode") ?? u.searchParams.get("ssl"));
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1") || "localhost",
    port: u.port === "" ? 3306 : Number(u.port),
    user: decodePercent(u.username) || "root",
    password: decodePercent(u.password),
    database,
    ...(socketPath ? { socketPath } : {}),
    ...(ssl ? { ssl } : {}),
  };
}

function sslOption(mode: string | null): { rejectUnauthorized: boolean } | undefined {
  const m = mode?.toLowerCase().replace(/_/g, "-");
  if (!m || m === "false" || m === "0" || m === "disable" || m === "disabled" || m === "preferred")
    return undefined;
  if (m === "require" || m === "required") return { rejectUnauthorized: false };
  return { rejectUnauthorized: true };
}

let driver: Promise<MysqlDriver> | undefined;

function loadDriver(): Promise<MysqlDriver> {
  driver ??= requireModule("mysql2/promise") as Promise<MysqlDriver>;
  return driver;
}

/**
 * Opens one session. Dates travel as UTC (`timezone: "Z"`), BIGINT and DECIMAL values come back
 * as strings so that none loses precision, and `program_name` carries the application name
 * so that a lock holder can be named (visible where performance_schema is on).
 */
export async function openMysql(
  target: MysqlTarget,
  applicationName: string,
): Promise<MysqlDriverConnection> {
  const mysql = await loadDriver();
  return mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    socketPath: target.socketPath,
    ssl: target.ssl,
    charset: "utf8mb4",
    timezone: "Z",
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    multipleStatements: false,
    // The session the `mysql` client opens: mysql2 adds IGNORE_SPACE (which makes `count` a
    // reserved word and is stored in every routine's sql_mode) and FOUND_ROWS (which changes
    // ROW_COUNT()); the client sets neither.
    flags: ["-IGNORE_SPACE", "-FOUND_ROWS"],
    connectTimeout: 10_000,
    connectAttributes: { program_name: applicationName },
  });
}

/** The server behind a connection: flavour, version and the features tidemark may use. */
export interface MysqlServerInfo {
  readonly flavor: "mysql" | "mariadb";
  /** As the server reports it, e.g. "10.11.6-MariaDB-0+deb12u1" or "8.0.36". */
  readonly version: string;
  readonly major: number;
  readonly minor: number;
  /** `ALTER TABLE … ADD COLUMN IF NOT EXISTS` (MariaDB only). */
  readonly supportsAddColumnIfNotExists: boolean;
  /** `ALTER TABLE … RENAME COLUMN a TO b` (MySQL 8+, MariaDB 10.5+). */
  readonly supportsRenameColumn: boolean;
  /** CHECK constraints that are enforced (MySQL 8.0.16+, MariaDB 10.2+). */
  readonly supportsCheckConstraints: boolean;
}

/** Reads `SELECT VERSION()` output. */
export function serverInfo(version: string): MysqlServerInfo {
  const flavor = /mariadb/i.test(version) ? "mariadb" : "mysql";
  const [major = 0, minor = 0, patch = 0] = (/^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) ?? [])
    .slice(1)
    .map((n) => Number(n ?? 0));
  const atLeast = (a: number, b: number, c = 0) =>
    major !== a ? major > a : minor !== b ? minor > b : patch >= c;
  return {
    flavor,
    version,
    major,
    minor,
    supportsAddColumnIfNotExists: flavor === "mariadb",
    supportsRenameColumn: flavor === "mariadb" ? atLeast(10, 5) : atLeast(8, 0),
    supportsCheckConstraints: flavor === "mariadb" ? atLeast(10, 2) : atLeast(8, 0, 16),
  };
}
