/**
 * SARIF 2.1.0 (OASIS), the format code-scanning services read: one run, the tool's rules with
 * their help, and one result per finding with its physical location.
 */
import { TOOL_VERSION } from "../../core/tool-version.js";
import { LINT_RULES } from "../rules/index.js";
import type { LintFinding } from "../types.js";

const LEVELS = { error: "error", warning: "warning", info: "note" } as const;

/** The SARIF log of `findings`, as a JSON-ready object. */
export function formatSarif(findings: readonly LintFinding[]): Record<string, unknown> {
  const index = new Map(LINT_RULES.map((r, i) => [r.id, i]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "tidemark",
            version: TOOL_VERSION,
            rules: LINT_RULES.map((r) => ({
              id: r.id,
              shortDescription: { text: r.what },
              fullDescription: { text: r.why },
              help: { text: `Safe pattern: ${r.safe}` },
              defaultConfiguration: {
                level: r.optIn ? "none" : LEVELS[r.level],
                enabled: !r.optIn,
              },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: index.get(f.rule),
          level: LEVELS[f.level],
          message: { text: `${f.message}. ${f.why} Safe pattern: ${f.safe}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(f.path) },
                region: { startLine: f.line, startColumn: f.column },
              },
            },
          ],
        })),
      },
    ],
  };
}
