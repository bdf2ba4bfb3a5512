/**
 * The web admin with fan-out targets (SPEC §12): `GET targets` returns every target's status
 * and the version skew, as `tidemark status --targets --json` does; the page shows the skew and
 * the targets that could not be read (password hidden). Tenant schemas on the real PostgreSQL.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  createMigrator,
  type FleetTarget,
  type Migrator,
  schemaTargets,
  urlTarget,
} from "../../src/index.js";
import { json, startAdmin } from "../helpers/admin.js";
import { writeFiles } from "../helpers/cli.js";
import { engineSkip, freshDatabase, tempDir } from "../helpers/databases.js";
import { pgQuery } from "../helpers/sql.js";

const FILES = {
  "001_items.sql": "CREATE TABLE items (id int PRIMARY KEY);\n",
  "002_tags.sql": "CREATE TABLE tags (id int PRIMARY KEY);\n",
};
const QUERY = "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'tenant%' ORDER BY 1";
const UNREACHABLE = "postgres://postgres:s3cretpw@127.0.0.1:1/x?connect_timeout=2";

type Skew = { current: string | null; targets: string[]; pending: number; problems: number }[];

describe("admin targets on PostgreSQL tenant schemas", {
  skip: await engineSkip("postgres"),
}, () => {
  test("GET targets and the page show every target's version; a target added later is seen", async () => {
    const db = await freshDatabase("postgres");
    const folder = tempDir();
    const dir = join(folder.path, "migrations");
    writeFiles(dir, FILES);
    const opened: Migrator[] = [];
    const open = async (url: string) => {
      const m = await createMigrator({ url, dir });
      opened.push(m);
      return m;
    };
    try {
      await pgQuery(
        db.url,
        "CREATE SCHEMA tenant_a; CREATE SCHEMA tenant_b; CREATE SCHEMA tenant_c;",
      );
      await (await open(`${db.url}?schema=tenant_a`)).up();
      await (await open(`${db.url}?schema=tenant_b`)).up({ to: "001" });
      const targets = async (): Promise<FleetTarget[]> => [
        ...(await schemaTargets(db.url, QUERY)),
        urlTarget(UNREACHABLE),
      ];
      const admin = await startAdmin(await open(db.url), { targets, targetsConcurrency: 2 });
      try {
        const res = await admin.api("/targets");
        assert.equal(res.status, 200);
        const text = await res.text();
        assert.doesNotMatch(text, /s3cretpw/);
        const doc = JSON.parse(text);
        assert.equal(doc.command, "status");
        assert.deepEqual(
          doc.targets.map((t: { target: string; outcome: string }) => [t.target, t.outcome]),
          [
            ["tenant_a", "up to date"],
            ["tenant_b", "pending"],
            ["tenant_c", "pending"],
            ["postgres://postgres:***@127.0.0.1:1/x?connect_timeout=2", "failed"],
          ],
        );
        assert.equal(doc.targets[3].error.code, "E_CONNECT");
        assert.deepEqual(doc.skew as Skew, [
          { current: "002", targets: ["tenant_a"], pending: 0, problems: 0 },
          { current: "001", targets: ["tenant_b"], pending: 1, problems: 0 },
          { current: null, targets: ["tenant_c"], pending: 1, problems: 0 },
        ]);
        assert.equal(doc.summary.failed, 1);
        assert.equal(doc.summary.targets, 4);

        const page = await admin.api("", { headers: { accept: "text/html" } });
        const html = await page.text();
        assert.equal(page.status, 200);
        assert.doesNotMatch(html, /s3cretpw/);
        assert.match(html, /<section id="targets"><h2>Targets <span class="count">4<\/span><\/h2>/);
        assert.match(html, /Version skew: 3 versions\./);
        assert.match(
          html,
          /<td data-label="Version"><code>001<\/code><\/td><td data-label="Targets">1<\/td><td data-label="Attention">1 pending<\/td><td data-label="Which"><code>tenant_b<\/code><\/td>/,
        );
        assert.match(
          html,
          /<ul class="plain" id="targets-failed"><li><code>postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x/,
        );

        // A tenant created and migrated since: the next read lists it, at the newest version.
        await pgQuery(db.url, "CREATE SCHEMA tenant_d");
        await (await open(`${db.url}?schema=tenant_d`)).up();
        await (await open(`${db.url}?schema=tenant_c`)).up();
        const again = await json(await admin.api("/targets"));
        assert.deepEqual(again.skew as Skew, [
          {
            current: "002",
            targets: ["tenant_a", "tenant_c", "tenant_d"],
            pending: 0,
            problems: 0,
          },
          { current: "001", targets: ["tenant_b"], pending: 1, problems: 0 },
        ]);
        // Reading changes nothing: tenant_b is still at 001.
        const b = await pgQuery(
          db.url,
          "SELECT version FROM tenant_b.tidemark_migrations ORDER BY 1",
        );
        assert.deepEqual(
          b.map((r) => r.version),
          ["001"],
        );
      } finally {
        await admin.close();
      }
    } finally {
      for (const m of opened) await m.close();
      await db.drop();
      folder.remove();
    }
  });

  test("without targets: GET targets is 404 and the page has no Targets section", async () => {
    const db = await freshDatabase("postgres");
    const folder = tempDir();
    const dir = join(folder.path, "migrations");
    writeFiles(dir, FILES);
    const m = await createMigrator({ url: db.url, dir });
    const admin = await startAdmin(m);
    try {
      const res = await admin.api("/targets");
      assert.equal(res.status, 404);
      assert.match((await json(res)).error.message, /No targets/);
      const html = await (await admin.api("", { headers: { accept: "text/html" } })).text();
      assert.doesNotMatch(html, /id="targets"/);
    } finally {
      await admin.close();
      await m.close();
      await db.drop();
      folder.remove();
    }
  });
});
