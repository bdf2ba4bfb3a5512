/**
 * The web admin's security (SPEC §9), each rule on its own: token and session cookie, the
 * login form's rate limit, Origin and Host checks, POST only, JSON errors without stacks,
 * protected environments, read-only, and no password in any answer.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createAdminHandler, createMigrator, type Migrator } from "../../src/index.js";
import {
  type AdminServer,
  getWithHost,
  json,
  openEvents,
  startAdmin,
  TOKEN,
} from "../helpers/admin.js";
import { engineSkip } from "../helpers/databases.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";

const FILES = {
  "001_a.sql": "-- migrate:up\nCREATE TABLE a (id INT);\n-- migrate:down\nDROP TABLE a;\n",
};

async function withAdmin(
  options: Parameters<typeof startAdmin>[1],
  fn: (admin: AdminServer, migrator: Migrator) => Promise<void>,
): Promise<void> {
  await withMigratorSetup("sqlite", FILES, async (s) => {
    const migrator = await s.migrator();
    const admin = await startAdmin(migrator, options);
    try {
      await fn(admin, migrator);
    } finally {
      await admin.close();
    }
  });
}

/** A migrator on protected environment "production" whose confirmation is the admin's. */
async function protectedAdmin(url: string, dir: string) {
  let admin: AdminServer | undefined;
  const migrator = await createMigrator({
    url,
    dir,
    environment: { name: "production", protected: true },
    confirm: (summary) => (admin ? admin.confirm(summary) : Promise.resolve(false)),
  });
  admin = await startAdmin(migrator, { protectedEnvironment: "production" });
  return { admin, migrator };
}

async function withProtected(
  files: Record<string, string>,
  fn: (admin: AdminServer, migrator: Migrator) => Promise<void>,
): Promise<void> {
  await withMigratorSetup("sqlite", files, async (s) => {
    const { admin, migrator } = await protectedAdmin(s.db.url, s.dir);
    try {
      await fn(admin, migrator);
    } finally {
      await admin.close();
      await migrator.close();
    }
  });
}

/** Logs in through the form; returns the session cookie (name=value). */
async function login(admin: AdminServer, token = TOKEN): Promise<Response> {
  return fetch(`${admin.base}/login`, {
    method: "POST",
    headers: { origin: admin.origin, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ token }).toString(),
    redirect: "manual",
  });
}

describe("admin security", () => {
  test("401 without a token or with a wrong one; Bearer token accepted", async () => {
    await withAdmin({}, async (admin) => {
      const none = await admin.api("/status", { auth: false });
      assert.equal(none.status, 401);
      assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="tidemark"');
      assert.equal((await json(none)).error.code, "E_AUTH");
      const wrong = await admin.api("/status", { headers: { authorization: "Bearer nope" } });
      assert.equal(wrong.status, 401);
      assert.equal((await admin.api("/status")).status, 200);
      const page = await admin.api("", { auth: false, headers: { accept: "text/html" } });
      assert.equal(page.status, 401);
      assert.match(await page.text(), /<form method="post" action="\/admin\/migrations\/login">/);
    });
  });

  test("login sets an HttpOnly SameSite=Strict signed session, never the token", async () => {
    await withAdmin({}, async (admin) => {
      const res = await login(admin);
      assert.equal(res.status, 303);
      const cookie = res.headers.get("set-cookie")!;
      assert.match(
        cookie,
        /^tidemark_session=[^;]+; Path=\/admin\/migrations; Max-Age=43200; HttpOnly; SameSite=Strict$/,
      );
      assert.ok(!cookie.includes(TOKEN), "the cookie does not hold the token");
      const session = cookie.split(";")[0]!;
      const ok = await admin.api("/status", { auth: false, headers: { cookie: session } });
      assert.equal(ok.status, 200);
      const tampered = session.replace(
        /^tidemark_session=(\d)/,
        (_m, d: string) => `tidemark_session=${(Number(d) + 1) % 10}`,
      );
      const bad = await admin.api("/status", { auth: false, headers: { cookie: tampered } });
      assert.equal(bad.status, 401, "a changed expiry breaks the signature");
      const https = await fetch(`${admin.base}/login`, {
        method: "POST",
        headers: {
          origin: admin.origin,
          "x-forwarded-proto": "https",
          "content-type": "application/x-www-form-urlencoded",
        },
        body: `token=${TOKEN}`,
        redirect: "manual",
      });
      assert.match(https.headers.get("set-cookie")!, /; Secure$/);
    });
  });

  test("the login form is rate-limited after 5 failures", async () => {
    await withAdmin({}, async (admin) => {
      for (let i = 0; i < 5; i++) assert.equal((await login(admin, "wrong")).status, 401);
      const limited = await login(admin);
      assert.equal(limited.status, 429, "even the right token waits");
      assert.ok(Number(limited.headers.get("retry-after")) > 0);
    });
  });

  test("changes are POST only, and a cookie POST needs this server's Origin", async () => {
    await withAdmin({}, async (admin) => {
      const get = await admin.api("/run");
      assert.equal(get.status, 405);
      assert.equal(get.headers.get("allow"), "POST");
      const session = (await login(admin)).headers.get("set-cookie")!.split(";")[0]!;
      const post = (headers: Record<string, string>) =>
        admin.api("/run?dry_run=true", {
          method: "POST",
          auth: false,
          headers: { cookie: session, ...headers },
        });
      const cross = await post({ origin: "http://evil.example" });
      assert.equal(cross.status, 403);
      assert.equal((await json(cross)).error.code, "E_ORIGIN");
      assert.equal((await post({})).status, 403, "no Origin with a cookie");
      assert.equal((await post({ origin: admin.origin })).status, 200);
      const bearerCross = await admin.api("/run?dry_run=true", {
        method: "POST",
        headers: { origin: "http://evil.example" },
      });
      assert.equal(bearerCross.status, 403, "a Bearer request from another origin is refused too");
    });
  });

  test("Host is checked against DNS rebinding; health answers any Host", async () => {
    await withAdmin({ allowedHosts: ["admin.example.com"] }, async (admin) => {
      const auth = { authorization: `Bearer ${TOKEN}` };
      const evil = await getWithHost(`${admin.base}/status`, "rebind.evil.example:80", auth);
      assert.equal(evil.status, 403);
      assert.equal(JSON.parse(evil.body).error.code, "E_HOST");
      assert.equal(
        (await getWithHost(`${admin.base}/status`, "admin.example.com", auth)).status,
        200,
      );
      assert.equal((await getWithHost(`${admin.base}/status`, "localhost:1234", auth)).status, 200);
      assert.equal((await getWithHost(`${admin.base}/health`, "10.0.0.7")).status, 503);
    });
  });

  test("JSON errors without stack traces; 404 and 405 as JSON", async () => {
    await withAdmin({}, async (admin) => {
      const missing = await admin.api("/nope");
      assert.equal(missing.status, 404);
      assert.equal((await json(missing)).error.code, "E_NOT_FOUND");
      const bad = await admin.api("/history?limit=-1");
      assert.equal(bad.status, 400);
      const text = await bad.text();
      assert.equal(JSON.parse(text).error.code, "E_USAGE");
      assert.ok(!/\n\s+at /.test(text));
      const target = await admin.post("/rollback/999?dry_run=true");
      assert.equal(target.status, 400);
      assert.equal((await json(target)).error.code, "E_TARGET");
    });
  });

  test("a protected environment needs its name typed, checked on the server", async () => {
    await withProtected(FILES, async (admin, migrator) => {
      await assert.rejects(
        migrator.up(),
        /not done|confirm/i,
        "a run the page did not approve is refused",
      );
      const dry = await json(await admin.post("/run?dry_run=true"));
      const none = await admin.post(`/run?plan=${dry.planHash}`);
      assert.equal(none.status, 403);
      assert.equal((await json(none)).error.code, "E_CONFIRM");
      assert.equal(
        (await admin.post(`/run?plan=${dry.planHash}`, { confirm: "prod" })).status,
        403,
      );
      const ok = await admin.post(`/run?plan=${dry.planHash}`, { confirm: "production" });
      assert.equal(ok.status, 200);
    });
  });

  test("a protected environment stops on an error-level lint finding unless forced", async () => {
    await withMigratorSetup(
      "sqlite",
      {
        ...FILES,
        "002_drop.sql": "-- migrate:up\nDROP TABLE a;\n-- migrate:down\nCREATE TABLE a (id INT);\n",
      },
      async (s) => {
        const plain = await s.migrator();
        await plain.up({ to: "001" }); // an existing table: dropping it loses data
        await plain.close();
        const { admin, migrator } = await protectedAdmin(s.db.url, s.dir);
        try {
          const dry = await json(await admin.post("/run?dry_run=true"));
          assert.deepEqual(
            dry.lint.findings.map((f: { rule: string }) => f.rule),
            ["drop-table"],
          );
          const plan = `/run?plan=${dry.planHash}`;
          const refused = await admin.post(plan, { confirm: "production" });
          assert.equal(refused.status, 409);
          const body = await json(refused);
          assert.equal(body.error.code, "E_LINT");
          assert.equal(body.lint.errors, 1);
          const forced = await admin.post(plan, { confirm: "production", force_unsafe: "true" });
          assert.equal(forced.status, 200);
          await admin.close();
          assert.deepEqual(await s.query("SELECT name FROM sqlite_master WHERE name = 'a'"), []);
        } finally {
          await admin.close();
          await migrator.close();
        }
      },
    );
  });

  test("read-only refuses run and rollback but plans them", async () => {
    await withAdmin({ readOnly: true }, async (admin) => {
      const dry = await admin.post("/run?dry_run=true");
      assert.equal(dry.status, 200);
      const run = await admin.post(`/run?plan=${(await json(dry)).planHash}`);
      assert.equal(run.status, 403);
      assert.equal((await json(run)).error.code, "E_READ_ONLY");
    });
  });

  test("createAdminHandler refuses to start without a token", () => {
    const saved = process.env.TIDEMARK_ADMIN_TOKEN;
    delete process.env.TIDEMARK_ADMIN_TOKEN;
    try {
      assert.throws(
        () => createAdminHandler({ url: "sqlite::memory:" } as Migrator),
        /needs a token/,
      );
    } finally {
      if (saved !== undefined) process.env.TIDEMARK_ADMIN_TOKEN = saved;
    }
  });
});

describe("admin on PostgreSQL with a password in the URL", async () => {
  const skip = await engineSkip("postgres");
  test("no answer holds the password: status, history, page, errors, events", {
    skip,
  }, async () => {
    await withMigratorSetup("postgres", FILES, async (s) => {
      const secret = "s3cret-Pa55word";
      const u = new URL(s.db.url);
      u.password = secret;
      const { createMigrator } = await import("../../src/index.js");
      const migrator = await createMigrator({ url: u.toString(), dir: s.dir });
      const admin = await startAdmin(migrator);
      try {
        const stream = await openEvents(admin, (ev) => ev.some((e) => e.type === "run:end"));
        const texts: string[] = [];
        for (const path of ["/status", "/history", "", "/health", "/nope"])
          texts.push(await (await admin.api(path, { headers: { accept: "text/html" } })).text());
        const dry = await json(await admin.post("/run?dry_run=true"));
        texts.push(
          JSON.stringify(dry),
          await (await admin.post(`/run?plan=${dry.planHash}`)).text(),
        );
        texts.push(JSON.stringify((await stream.done).events));
        assert.ok(texts.join("").includes(u.host), "the host is shown");
        for (const text of texts)
          assert.ok(!text.includes(secret), `password leaked: ${text.slice(0, 200)}`);
      } finally {
        await admin.close();
        await migrator.close();
      }
    });
  });
});
