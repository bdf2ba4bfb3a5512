/** Every lint rule, in the order the README's "Lint rules" table lists them. Ids are stable. */
import type { LintRule } from "../types.js";
import { changeColumnType } from "./change-column-type.js";
import { checkNotValid } from "./check-not-valid.js";
import { cluster } from "./cluster.js";
import { concurrentlyInTransaction } from "./concurrently-in-transaction.js";
import { deleteWithoutWhere } from "./delete-without-where.js";
import { downDoesNotUndo } from "./down-does-not-undo.js";
import { dropColumn } from "./drop-column.js";
import { dropDatabase } from "./drop-database.js";
import { dropIndexNotConcurrent } from "./drop-index-not-concurrent.js";
import { dropSchema } from "./drop-schema.js";
import { dropTable } from "./drop-table.js";
import { enumValueInTransaction } from "./enum-value-in-transaction.js";
import { foreignKeyNotValid } from "./foreign-key-not-valid.js";
import { indexNotConcurrent } from "./index-not-concurrent.js";
import { lockTable } from "./lock-table.js";
import { lockTimeoutSetByRunner } from "./lock-timeout-set-by-runner.js";
import { missingDown } from "./missing-down.js";
import { mysqlNotOnline } from "./mysql-not-online.js";
import { notNullWithoutDefault } from "./not-null-without-default.js";
import { preferIdentity } from "./prefer-identity.js";
import { preferText } from "./prefer-text.js";
import { preferTimestamptz } from "./prefer-timestamptz.js";
import { renameColumn } from "./rename-column.js";
import { renameTable } from "./rename-table.js";
import { setNotNull } from "./set-not-null.js";
import { sqliteUnsupportedAlter } from "./sqlite-unsupported-alter.js";
import { transactionInWrappedFile } from "./transaction-in-wrapped-file.js";
import { uniqueUsingIndex } from "./unique-using-index.js";
import { updateWithoutWhere } from "./update-without-where.js";
import { vacuumFull } from "./vacuum-full.js";
import { volatileDefault } from "./volatile-default.js";

export const LINT_RULES: readonly LintRule[] = [
  dropTable,
  dropColumn,
  dropSchema,
  dropDatabase,
  notNullWithoutDefault,
  volatileDefault,
  changeColumnType,
  renameTable,
  renameColumn,
  setNotNull,
  indexNotConcurrent,
  dropIndexNotConcurrent,
  concurrentlyInTransaction,
  foreignKeyNotValid,
  checkNotValid,
  uniqueUsingIndex,
  vacuumFull,
  cluster,
  lockTable,
  updateWithoutWhere,
  deleteWithoutWhere,
  missingDown,
  downDoesNotUndo,
  transactionInWrappedFile,
  enumValueInTransaction,
  mysqlNotOnline,
  sqliteUnsupportedAlter,
  lockTimeoutSetByRunner,
  preferIdentity,
  preferTimestamptz,
  preferText,
];
