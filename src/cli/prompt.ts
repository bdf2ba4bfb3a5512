/**
 * The CLI's answer to the library's confirmations: shows the summary (title, environment,
 * redacted URL, the plan) on stderr and asks at the terminal. On a protected environment the
 * person types the environment's name; elsewhere y/N. `--yes` answers for them; without a
 * terminal (and without --yes) the change is refused with one line.
 */

import { importModule } from "../core/import-module.js";
import type { ConfirmFn, ConfirmSummary } from "../index.js";
import { TidemarkError } from "../index.js";
import { type Output, stepLine, stepWidths } from "./render.js";

const MARKS = { up: "→", down: "↩", other: "•" } as const;

/** A confirm function for `createMigrator` that asks at this process's terminal. */
export function terminalConfirm(out: Output, yes: boolean): ConfirmFn {
  return async (summary) => {
    if (yes) return true;
    assertTerminal(out, summary);
    for (const line of describe(summary, out)) process.stderr.write(`${out.redact(line)}\n`);
    const question = summary.typeToConfirm
      ? `Type the environment's name (${summary.typeToConfirm}) to confirm: `
      : "Continue? [y/N] ";
    const answer = (await ask(question)).trim();
    return summary.typeToConfirm ? answer === summary.typeToConfirm : /^y(es)?$/i.test(answer);
  };
}

/** Throws E_CONFIRM (one line that says to pass --yes) when there is no terminal to ask at. */
export function assertTerminal(
  out: Output,
  summary: Pick<ConfirmSummary, "title" | "environment" | "protected" | "url">,
): void {
  if (process.stdin.isTTY) return;
  throw new TidemarkError(
    "E_CONFIRM",
    `${out.redact(headline(summary))}? Confirmation needed, and there is no terminal to ask: pass --yes to confirm`,
  );
}

/** `Apply 2 migrations on protected environment "prod" (sqlite:./prod.db)`. */
function headline(
  summary: Pick<ConfirmSummary, "title" | "environment" | "protected" | "url">,
): string {
  const where = summary.environment
    ? `${summary.protected ? "protected " : ""}environment "${summary.environment}" (${summary.url})`
    : summary.url;
  return `${summary.title} on ${where}`;
}

/** The lines shown before the question: the headline and each step of the plan. */
export function describe(summary: ConfirmSummary, out: Output): string[] {
  const widths = stepWidths(summary.steps);
  const steps = summary.steps.map((s) =>
    stepLine(MARKS[s.direction], s, widths, s.detail ? out.paint("gray", s.detail) : ""),
  );
  return [out.paint("bold", `${headline(summary)}:`), ...steps];
}

async function ask(question: string): Promise<string> {
  // Loaded here, not at start-up: only a confirmation asked at a terminal needs it.
  const { createInterface } = (await importModule(
    "node:readline/promises",
  )) as typeof import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
