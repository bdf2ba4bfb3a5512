/**
 * The admin page in a real browser (Debian's chromium driven by playwright-core): log in, see
 * what is pending, dry run, run with live progress, roll back, a failing migration, a wrong
 * token, a cross-origin POST. Each state is saved as a screenshot under test-artifacts/browser.
 * Under CI (CI=true) a missing chromium fails the test; elsewhere it is skipped, loudly.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { json, startAdmin, TOKEN } from "../helpers/admin.js";
import { BROWSER_SKIP, openChromium, SHOTS } from "../helpers/browser.js";
import { writeFiles } from "../helpers/cli.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";

const FILES = {
  "001_users.sql":
    "-- migrate:up\n-- Users. A comment with <b>markup</b> shows as text.\nCREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL DEFAULT 'a@b');\n-- migrate:down\nDROP TABLE users;\n",
  "002_posts.sql":
    "-- migrate:up\nCREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n-- migrate:down\nDROP TABLE posts;\n",
};
const BROKEN =
  "-- migrate:up\nCREATE TABLE tags (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n-- migrate:down\nDROP TABLE tags;\n";

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

test("the admin page in chromium", { skip: BROWSER_SKIP, timeout: 180_000 }, async () => {
  await withMigratorSetup("sqlite", FILES, async (s) => {
    const tables = async () =>
      (
        await s.query(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('users','posts','tags') ORDER BY name",
        )
      ).map((r) => r.name);
    const admin = await startAdmin(await s.migrator());
    const port = new URL(admin.origin).port;
    const base = `http://localhost:${port}/admin/migrations`;
    let planHash = "";
    // Another origin on the same site (another port): the cookie goes with it; Origin refuses it.
    const evil = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(
        `<form id="f" method="post" action="${base}/run?plan=${encodeURIComponent(planHash)}"></form><script>f.submit()</script>`,
      );
    });
    await new Promise<void>((r) => evil.listen(0, "127.0.0.1", r));
    const evilPort = (evil.address() as { port: number }).port;
    let browser: Awaited<ReturnType<typeof openChromium>> | undefined;
    try {
      browser = await openChromium();
      const { page } = browser;
      page.on("dialog", (d) => void d.accept());

      // A wrong token is refused; the right one logs in.
      await page.goto(base);
      await shot(page, "01-login");
      await page.fill("#token", "not-the-token");
      await page.click("button[type=submit]");
      await page.getByText("That token is not right.").waitFor();
      await shot(page, "02-wrong-token");
      await page.fill("#token", TOKEN);
      await page.click("button[type=submit]");
      await page.locator("#state", { hasText: "2 pending" }).waitFor();
      assert.equal(await page.locator("#pending .migration").count(), 2);
      assert.equal(await page.locator("#pending b").count(), 0, "markup in SQL is text");
      await page.getByText("<b>markup</b>").first().waitFor();
      await shot(page, "03-pending");

      // A cross-origin POST (same site, other port) is refused, and nothing runs.
      planHash = (await json(await admin.post("/run?dry_run=true"))).planHash;
      await page.goto(`http://localhost:${evilPort}/`);
      await page.getByText("E_ORIGIN").waitFor();
      await shot(page, "04-cross-origin-refused");
      assert.deepEqual(await tables(), []);

      // Dry run shows the SQL; Run shows live progress and ends up to date.
      await page.goto(base);
      await page.click("#dry-run");
      await page.locator("#plan", { hasText: "CREATE TABLE posts" }).waitFor();
      assert.match(
        String(await page.locator("#plan").textContent()),
        /Dry run: would apply 2 migrations/,
      );
      await shot(page, "05-dry-run");
      await page.click("#run");
      await page.locator("#result", { hasText: "Applied 2 migrations." }).waitFor();
      await page.locator("#state", { hasText: "Up to date" }).waitFor();
      assert.equal(
        await page.locator("#progress li.done").count(),
        2,
        "live progress per migration",
      );
      await shot(page, "06-applied");
      assert.deepEqual(await tables(), ["posts", "users"]);

      // Roll back 002 with the same flow.
      await page.selectOption("#rollback-version", "002");
      await page.click("form.rollback button");
      await page.locator("#plan", { hasText: "DROP TABLE posts" }).waitFor();
      await page.click("#run");
      await page.locator("#result", { hasText: "Rolled back 1 migration." }).waitFor();
      await shot(page, "07-rolled-back");
      assert.deepEqual(await tables(), ["users"]);

      // A failing migration: file, line and the server's message; the database as it left it.
      writeFiles(s.dir, { "003_tags.sql": BROKEN });
      await page.reload();
      await page.click("#dry-run");
      await page.locator("#plan", { hasText: "no_such_table" }).waitFor();
      await page.click("#run");
      const error = page.locator(".error-box");
      await error.waitFor();
      assert.match(String(await error.locator(".where").textContent()), /003_tags\.sql:3$/);
      assert.match(
        String(await error.locator(".message").textContent()),
        /no such table: no_such_table/,
      );
      await page.locator("#progress li.failed").waitFor();
      await shot(page, "08-failed");
      assert.deepEqual(
        await tables(),
        ["posts", "users"],
        "002 applied, 003 rolled back with its transaction",
      );

      // Readable on a phone, in dark mode.
      await page.setViewportSize({ width: 390, height: 800 });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.reload();
      await shot(page, "09-phone-dark");
    } finally {
      await browser?.close();
      await admin.close();
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });
});
