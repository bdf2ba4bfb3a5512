/** The tools `import --from` knows, by their `--from` name. */
import { TidemarkError } from "../../core/errors.js";
import { alembic } from "./alembic.js";
import { dbmate } from "./dbmate.js";
import { django } from "./django.js";
import { flyway } from "./flyway.js";
import { golangMigrate } from "./golang-migrate.js";
import { goose } from "./goose.js";
import type { Importer } from "./importer.js";
import { knex } from "./knex.js";
import { nodePgMigrate } from "./node-pg-migrate.js";
import { prisma } from "./prisma.js";
import { sqitch } from "./sqitch.js";

const IMPORTERS: readonly Importer[] = [
  flyway,
  golangMigrate,
  dbmate,
  goose,
  knex,
  nodePgMigrate,
  sqitch,
  alembic,
  django,
  prisma,
];

/** The names `--from` accepts. */
export const IMPORT_TOOLS: readonly string[] = IMPORTERS.map((i) => i.tool);

/** The importer for `tool`; E_USAGE naming the known ones when there is none. */
export function importerFor(tool: string): Importer {
  const found = IMPORTERS.find((i) => i.tool === tool.toLowerCase());
  if (!found)
    throw new TidemarkError("E_USAGE", `import --from ${tool}: not a tool tidemark imports from`, {
      hint: `Use one of: ${IMPORT_TOOLS.join(", ")}.`,
    });
  return found;
}
