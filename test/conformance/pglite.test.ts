import { runDialectConformance } from "./conformance.js";

runDialectConformance("pglite", { dollarQuotedBodies: true });
