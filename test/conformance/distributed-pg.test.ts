/**
 * The conformance suite against the real PostgreSQL through a dialect that declares
 * distributed-SQL flags (`lock: "table-row"`, `ddlPerTransaction: "one"`): the core's row lock
 * and one-DDL-per-transaction plan must pass what every dialect passes.
 */
import { DISTRIBUTED_DIALECT_MODULE } from "../helpers/distributed-pg-dialect.js";
import { runDialectConformance } from "./conformance.js";

runDialectConformance("postgres", {
  dollarQuotedBodies: true,
  dialectModule: DISTRIBUTED_DIALECT_MODULE,
});
