/**
 * The conformance suite against the real MariaDB through a dialect that declares
 * `lock: "table-row"` (test/helpers/distributed-mysql-dialect.ts): the core's row lock on a
 * MySQL-protocol engine.
 */
import { DISTRIBUTED_MYSQL_MODULE } from "../helpers/distributed-mysql-dialect.js";
import { runDialectConformance } from "./conformance.js";

runDialectConformance("mysql", { dialectModule: DISTRIBUTED_MYSQL_MODULE });
