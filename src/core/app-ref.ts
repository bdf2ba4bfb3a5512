/**
 * App names and qualified migration ids (SPEC §12 "Apps"): `accounts:0003` is version 0003 of
 * the app `accounts`. Pure; no I/O.
 */
import { isVersionToken } from "./version.js";

/** An app name: a letter, then letters, digits, `_` or `-` (never a digit first: `down 0003` is a version). */
export const APP_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** A reference to a version, maybe of another app. */
export interface VersionRef {
  /** The app named before `:`; null for a plain version (the declaring migration's own app). */
  readonly app: string | null;
  readonly version: string;
}

/** True when `ref` is written like a version: `_`-separated tokens of digits and dots. */
export function isVersionRef(ref: string): boolean {
  return ref !== "" && ref.split("_").every(isVersionToken);
}

/** `0003` or `accounts:0003` as app and version; null when it is neither. */
export function parseVersionRef(ref: string): VersionRef | null {
  const colon = ref.indexOf(":");
  if (colon < 0) return isVersionRef(ref) ? { app: null, version: ref } : null;
  const app = ref.slice(0, colon);
  const version = ref.slice(colon + 1);
  return APP_NAME.test(app) && isVersionRef(version) ? { app, version } : null;
}

/** `app:version`, or the version alone for the default app (''). */
export function qualifiedId(app: string, version: string): string {
  return app === "" ? version : `${app}:${version}`;
}
