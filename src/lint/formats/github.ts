/**
 * GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): each
 * finding becomes an annotation on the pull request's diff.
 */
import type { LintFinding } from "../types.js";

const COMMANDS = { error: "error", warning: "warning", info: "notice" } as const;

/** Data escaping of a workflow command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property escaping (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** One workflow command line per finding. */
export function formatGithub(findings: readonly LintFinding[]): string[] {
  return findings.map((f) => {
    const props = [
      `file=${escapeProperty(f.path)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `title=${escapeProperty(`tidemark ${f.rule}`)}`,
    ].join(",");
    return `::${COMMANDS[f.level]} ${props}::${escapeData(`${f.message}. ${f.why} Safe: ${f.safe}`)}`;
  });
}
