/**
 * Debian's chromium driven by playwright-core, for the browser tests: where it is, whether the
 * test runs (under CI a missing chromium fails it; elsewhere it is skipped, loudly), and a
 * fresh headless profile removed after use.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = process.env.TIDEMARK_CHROMIUM ?? "/usr/bin/chromium";
export const IN_CI = process.env.CI === "true" || process.env.CI === "1";
/** Where screenshots go. */
export const SHOTS = resolve(import.meta.dirname, "../../test-artifacts/browser");
export const CHROMIUM_MISSING = !existsSync(CHROMIUM);
/** The `skip` of a browser test: only outside CI, and said on stderr. */
export const BROWSER_SKIP = CHROMIUM_MISSING && !IN_CI;
if (BROWSER_SKIP)
  console.warn(
    `\n!!! browser test SKIPPED: no chromium at ${CHROMIUM} (apt-get install chromium)\n`,
  );

/** A page of a fresh headless chromium (1100 × 800); `close` ends it and removes its profile. */
export async function openChromium(): Promise<{ page: Page; close(): Promise<void> }> {
  if (CHROMIUM_MISSING) throw new Error(`chromium is required under CI: none at ${CHROMIUM}`);
  mkdirSync(SHOTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "tidemark-chromium-"));
  let context: BrowserContext | undefined;
  const close = async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1100, height: 800 },
    });
    return { page: context.pages()[0] ?? (await context.newPage()), close };
  } catch (err) {
    await close();
    throw err;
  }
}
