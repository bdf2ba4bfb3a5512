/**
 * The admin page's Targets section in a real browser (chromium via playwright-core): three
 * SQLite targets at three versions show as version skew, an unreadable fourth is listed.
 * Saved as a screenshot under test-artifacts/browser. Skipped, loudly, without chromium
 * outside CI (see helpers/browser.ts).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { createMigrator, urlTarget } from "../../src/index.js";
import { startAdmin, TOKEN } from "../helpers/admin.js";
import { BROWSER_SKIP, openChromium, SHOTS } from "../helpers/browser.js";
import { writeFiles } from "../helpers/cli.js";
import { tempDir } from "../helpers/databases.js";

const table = (n: string) =>
  `-- migrate:up\nCREATE TABLE ${n} (id INT);\n-- migrate:down\nDROP TABLE ${n};\n`;

test("the Targets section in chromium", { skip: BROWSER_SKIP, timeout: 120_000 }, async () => {
  const folder = tempDir();
  const dir = join(folder.path, "migrations");
  writeFiles(dir, { "001_a.sql": table("a"), "002_b.sql": table("b") });
  const urls = [1, 2, 3].map((i) => `sqlite:${join(folder.path, `t${i}.db`)}`);
  const main = await createMigrator({ url: urls[0]!, dir });
  const others = await Promise.all(urls.slice(1).map((url) => createMigrator({ url, dir })));
  await main.up();
  await others[0]!.up({ to: "001" });
  await others[1]!.status(); // t3: the database exists, nothing applied
  const targets = [...urls, `sqlite:${join(folder.path, "gone", "t4.db")}`].map(urlTarget);
  const admin = await startAdmin(main, { targets });
  let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
  try {
    browser = await openChromium();
    const { page } = browser;
    const port = new URL(admin.origin).port;
    await page.goto(`http://localhost:${port}/admin/migrations`);
    await page.fill("#token", TOKEN);
    await page.click("button[type=submit]");
    const section = page.locator("#targets");
    await section.waitFor();
    assert.match(String(await section.locator("h2").textContent()), /Targets\s*4/);
    assert.match(
      String(await page.locator("#skew-verdict").textContent()),
      /Version skew: 3 versions\. 1 up to date · 2 pending · 0 problems · 1 failed/,
    );
    const rows = await section.locator("tbody tr").allTextContents();
    assert.equal(rows.length, 3);
    assert.match(rows[0]!, /^002\s*1\s*sqlite:\S+t1\.db$/);
    assert.match(rows[1]!, /^001\s*1\s*1 pending\s*sqlite:\S+t2\.db$/);
    assert.match(rows[2]!, /^none\s*1\s*1 pending\s*sqlite:\S+t3\.db$/);
    const failed = await page.locator("#targets-failed li").allTextContents();
    assert.equal(failed.length, 1);
    assert.match(failed[0]!, /gone\/t4\.db/);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "20-targets.png"), fullPage: true });
  } finally {
    await browser?.close();
    await admin.close();
    for (const m of [main, ...others]) await m.close();
    folder.remove();
  }
});
