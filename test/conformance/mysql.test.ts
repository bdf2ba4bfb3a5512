import { runDialectConformance } from "./conformance.js";

runDialectConformance("mysql");
