/**
 * Django's `django_migrations (id, app, name, applied)`: one row per app and migration name.
 * A folder holds one app's migrations: with several apps recorded, `--app` picks one.
 */
import { TidemarkError } from "../../core/errors.js";
import { byName, type Importer } from "./importer.js";

export const django: Importer = {
  tool: "django",
  table: "django_migrations",
  async read(source, options) {
    const rows = await source.rows(this.table, "id");
    const apps = [...new Set(rows.map((r) => String(r.app)))];
    if (options.app === undefined && apps.length > 1)
      throw new TidemarkError(
        "E_IMPORT",
        `django_migrations holds several apps (${apps.join(", ")}): say which one this folder holds`,
        { hint: `Pass --app <name>, e.g. --app ${apps[0]}.` },
      );
    if (options.app !== undefined && !apps.includes(options.app))
      throw new TidemarkError("E_IMPORT", `django_migrations has no app "${options.app}"`, {
        hint: `Apps recorded: ${apps.join(", ") || "none"}.`,
      });
    return {
      applied: rows
        .filter((r) => options.app === undefined || String(r.app) === options.app)
        .map((r) => byName(r.name, r.applied)),
    };
  },
};
