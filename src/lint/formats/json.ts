/** The JSON document of `lint --json` / `--format json`: the whole report, findings typed as the library returns them. */
import type { LintReport } from "../lint-run.js";

/** The report as one JSON-ready object, with `ok` (no error-level finding) first. */
export function formatJson(report: LintReport): Record<string, unknown> {
  return { ok: report.errors === 0, ...report };
}
