import { runDialectConformance } from "./conformance.js";

runDialectConformance("sqlite");
