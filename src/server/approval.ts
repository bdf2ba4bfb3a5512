/**
 * The web admin's answer to the library's confirmation (MigratorOptions.confirm): yes exactly
 * when the run asking is the one a person reviewed on the page (the same steps) and, on a
 * protected environment, whose name they typed. Anything else (a run started elsewhere in the
 * process, another plan) is refused.
 */
import type { ConfirmFn, ConfirmSummary } from "../ops/confirmation.js";

/** What a person approved: the plan's step ids, in order, and the name they typed. */
interface Approved {
  readonly ids: readonly string[];
  readonly typed: string | null;
}

/** One admin's current approval; `confirm` is what its migrator asks. */
export class AdminApproval {
  private approved: Approved | null = null;

  /** Approves the run of `ids` (typed name `typed`) until {@link clear}. */
  grant(ids: readonly string[], typed: string | null): void {
    this.approved = { ids, typed };
  }

  clear(): void {
    this.approved = null;
  }

  /** A ConfirmFn: true for the approved plan only. */
  readonly confirm: ConfirmFn = async (summary: ConfirmSummary) => {
    const a = this.approved;
    if (a === null) return false;
    const ids = summary.steps.map((s) => s.id);
    const same = ids.length === a.ids.length && ids.every((id, i) => id === a.ids[i]);
    return same && (summary.typeToConfirm === null || summary.typeToConfirm === a.typed);
  };
}
