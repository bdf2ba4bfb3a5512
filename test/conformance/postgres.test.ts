import { runDialectConformance } from "./conformance.js";

runDialectConformance("postgres", { dollarQuotedBodies: true });
