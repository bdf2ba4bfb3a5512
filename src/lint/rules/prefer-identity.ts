import type { LintRule } from "../types.js";
import { declaredTypes } from "./style-kit.js";

const SERIAL = /^(small|big)?serial[248]?$/;

/** Opt-in: `serial` columns. */
export const preferIdentity: LintRule = {
  id: "prefer-identity",
  level: "warning",
  optIn: true,
  syntaxes: ["postgres"],
  what: "declares a serial column (style, opt-in)",
  why: "serial makes a sequence owned by the column, with permissions and dumps of its own to keep in step; identity columns are the SQL-standard form.",
  safe: "bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT).",
  *check(file) {
    for (const { statement, column, type } of declaredTypes(file)) {
      if (SERIAL.test(type.name)) yield { statement, message: `column ${column} is ${type.name}` };
    }
  },
};
