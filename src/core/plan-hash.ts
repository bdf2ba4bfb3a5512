/**
 * A short fingerprint of a plan: which migrations it runs, in which direction and order, and
 * the checksum of each. A dry run reports it; a caller that asks to run "the plan I saw" (the
 * web admin's `?plan=`) gets a refusal when the plan to run now has another fingerprint.
 */
import { createHash } from "node:crypto";

/** What the fingerprint covers of a step. */
export interface HashedStep {
  readonly direction: "up" | "down";
  readonly id: string;
  readonly checksum: string | null;
}

/** 16 hex characters of SHA-256 over the steps' direction, id and checksum, in order. */
export function planHash(steps: readonly HashedStep[]): string {
  const text = JSON.stringify(steps.map((s) => [s.direction, s.id, s.checksum]));
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}
