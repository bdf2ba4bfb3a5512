import type { LintRule } from "../types.js";
import { declaredTypes } from "./style-kit.js";

/** Opt-in: `timestamp without time zone` columns. */
export const preferTimestamptz: LintRule = {
  id: "prefer-timestamptz",
  level: "warning",
  optIn: true,
  syntaxes: ["postgres"],
  what: "declares a timestamp without time zone (style, opt-in)",
  why: "A timestamp without time zone stores wall-clock time with no zone: values written from servers in different zones cannot be compared.",
  safe: "timestamptz (timestamp with time zone).",
  *check(file) {
    for (const { statement, column, type } of declaredTypes(file)) {
      if (type.name === "timestamp")
        yield { statement, message: `column ${column} is timestamp without time zone` };
    }
  },
};
