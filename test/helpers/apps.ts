/**
 * Three apps with dependencies across them (SPEC §12 "Apps"), as folders of migration files:
 * accounts, billing (needs accounts), bookings (needs billing and accounts); accounts:0003
 * needs billing:0001, so a plain `up` goes back and forth between apps.
 */
import { join } from "node:path";
import { resolveDialect } from "../../src/dialects/registry.js";

const table = (name: string, depends?: string) =>
  `-- migrate:up\n${depends ? `-- tidemark:depends ${depends}\n` : ""}CREATE TABLE ${name} (id INT);\n-- migrate:down\nDROP TABLE ${name};\n`;

/** App name → file name → text. */
export const THREE_APPS: Readonly<Record<string, Record<string, string>>> = {
  accounts: {
    "0001_users.sql": table("users"),
    "0002_emails.sql": table("emails"),
    "0003_user_plans.sql": table("user_plans", "billing:0001"),
  },
  billing: {
    "0001_plans.sql": table("plans", "accounts:0001"),
    "0002_invoices.sql": table("invoices", "accounts:0002"),
  },
  bookings: {
    "0001_rooms.sql": table("rooms"),
    "0002_bookings.sql": table("bookings", "billing:0002 accounts:0001"),
  },
};

/** The order a plain `up` applies {@link THREE_APPS} in. */
export const THREE_APPS_ORDER = [
  "accounts:0001",
  "accounts:0002",
  "billing:0001",
  "accounts:0003",
  "billing:0002",
  "bookings:0001",
  "bookings:0002",
];

/** Every table {@link THREE_APPS} creates. */
export const THREE_APPS_TABLES = [
  "bookings",
  "emails",
  "invoices",
  "plans",
  "rooms",
  "user_plans",
  "users",
];

/** The files of {@link THREE_APPS} as paths under one folder: `<app>/migrations/<file>`. */
export function threeAppFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [app, migrations] of Object.entries(THREE_APPS))
    for (const [file, text] of Object.entries(migrations))
      files[`${app}/migrations/${file}`] = text;
  return files;
}

/** The config's `apps` for {@link threeAppFiles} written under `root`. */
export function threeAppsConfig(root: string): Record<string, { dir: string }> {
  return Object.fromEntries(
    Object.keys(THREE_APPS).map((app) => [app, { dir: join(root, app, "migrations") }]),
  );
}

/** Which of {@link THREE_APPS_TABLES} the database at `url` holds (one session, closed after). */
export async function appTables(url: string): Promise<string[]> {
  const dialect = await resolveDialect(url);
  const conn = await dialect.connect({ applicationName: "tidemark-test" });
  try {
    const found: string[] = [];
    for (const t of THREE_APPS_TABLES) {
      const there = await conn.query(`SELECT 1 FROM ${t} WHERE 1 = 0`).then(
        () => true,
        () => false,
      );
      if (there) found.push(t);
    }
    return found;
  } finally {
    await conn.close();
  }
}
