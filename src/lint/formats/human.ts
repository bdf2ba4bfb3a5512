/**
 * Findings for people: `file:line:col  level  rule  message`, the statement's line with a caret
 * under where it starts, then why it hurts and the safe pattern; coloured by level.
 */
import type { LintFinding, LintLevel } from "../types.js";

/** Colours the caller's terminal supports (identity when colour is off). */
export type Paint = (color: "red" | "yellow" | "cyan" | "gray" | "bold", text: string) => string;

const COLORS: Readonly<Record<LintLevel, "red" | "yellow" | "cyan">> = {
  error: "red",
  warning: "yellow",
  info: "cyan",
};

/** The lines that show `findings`, and a closing summary line. */
export function formatHuman(
  findings: readonly LintFinding[],
  paint: Paint = (_, t) => t,
): string[] {
  const lines: string[] = [];
  for (const f of findings) {
    const level = paint(COLORS[f.level], f.level);
    lines.push(
      `${paint("bold", `${f.path}:${f.line}:${f.column}`)}  ${level}  ${f.rule}  ${f.message}`,
    );
    if (f.source !== "") {
      const gutter = `${f.line} | `;
      const width = Math.max(1, f.source.trimEnd().length - (f.column - 1));
      lines.push(paint("gray", gutter) + f.source);
      lines.push(
        " ".repeat(gutter.length + f.column - 1) +
          paint(COLORS[f.level], `^${"~".repeat(Math.min(width, 60) - 1)}`),
      );
    }
    lines.push(`  ${paint("gray", "why:")}  ${f.why}`);
    lines.push(`  ${paint("gray", "safe:")} ${f.safe}`);
    lines.push("");
  }
  lines.push(summary(findings));
  return lines;
}

/** `2 errors, 1 warning, 0 notes` (or "No lint findings."). */
export function summary(findings: readonly LintFinding[]): string {
  if (findings.length === 0) return "No lint findings.";
  const n = (level: LintLevel, noun: string) => {
    const c = findings.filter((f) => f.level === level).length;
    return `${c} ${noun}${c === 1 ? "" : "s"}`;
  };
  return `${n("error", "error")}, ${n("warning", "warning")}, ${n("info", "note")}`;
}
