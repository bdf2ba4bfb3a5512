import type { ExecutorContext } from "./executor.js";
import type { MigrationContext, Row } from "./migration.js";
import type { PlanStep } from "./planner.js";

/** The `ctx` a code migration receives: parameterised SQL on the migrating session. */
export function codeContext(step: PlanStep, ctx: ExecutorContext): MigrationContext {
  const { conn, dialect, events } = ctx;
  const query = (text: string, params: readonly unknown[] = []): Promise<Row[]> =>
    conn.query(text, params);
  return {
    query,
    sql(strings: TemplateStringsArray, ...values: readonly unknown[]) {
      let text = strings[0] ?? "";
      values.forEach((_, i) => {
        text += dialect.placeholder(i + 1) + (strings[i + 1] ?? "");
      });
      return query(text, values);
    },
    dialect: dialect.name,
    log(message: string) {
      events.emit("migration:log", {
        id: step.id,
        version: step.version,
        name: step.name,
        direction: step.direction,
        message,
      });
    },
    signal: ctx.options.signal ?? new AbortController().signal,
  };
}
