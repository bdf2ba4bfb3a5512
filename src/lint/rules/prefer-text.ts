import type { LintRule } from "../types.js";
import { declaredTypes } from "./style-kit.js";

/** Opt-in: `varchar(n)` columns. */
export const preferText: LintRule = {
  id: "prefer-text",
  level: "warning",
  optIn: true,
  syntaxes: ["postgres"],
  what: "declares varchar(n) (style, opt-in)",
  why: "In PostgreSQL varchar(n) is text with a length check; raising n later is cheap but lowering it rewrites, and the limit is rarely the real rule.",
  safe: "text, with a CHECK (length(col) <= n) when a limit is really wanted.",
  *check(file) {
    for (const { statement, column, type } of declaredTypes(file)) {
      if (type.name === "varchar" && type.mods.length > 0)
        yield { statement, message: `column ${column} is varchar(${type.mods[0]})` };
    }
  },
};
