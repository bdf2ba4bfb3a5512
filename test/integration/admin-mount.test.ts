/**
 * The admin handler mounted in an app: as plain node:http with its own routes beside it, and
 * behind a connect-style router (Express's `app.use`, with a mount path and `next`). Also the
 * optional endpoints: 501 in a build without the method, the method's answer with it.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { describe, test } from "node:test";
import { createAdminHandler, createMigrator, TOOL_VERSION } from "../../src/index.js";
import { json, readEvents, startAdmin, TOKEN } from "../helpers/admin.js";
import { withMigratorSetup } from "../helpers/migrator-setup.js";

const FILES = { "001_a.sql": "CREATE TABLE a (id INT);\n" };
type Next = (err?: unknown) => void;
type Middleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

/** A tiny connect-style app: `use(path?, mw)`, stripping the mount path as Express does. */
function connectApp() {
  const stack: { path: string; mw: Middleware }[] = [];
  const app = (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    let i = 0;
    const next: Next = (err) => {
      const layer = stack[i++];
      if (err !== undefined || layer === undefined) {
        res.statusCode = err === undefined ? 404 : 500;
        res.end(err === undefined ? "app 404" : "app error");
        return;
      }
      if (!url.startsWith(layer.path)) return next();
      Object.assign(req, { originalUrl: url, url: url.slice(layer.path.length) || "/" });
      layer.mw(req, res, next);
    };
    next();
  };
  return { app, use: (path: string, mw: Middleware) => stack.push({ path, mw }) };
}

async function listen(app: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("mounting the admin", () => {
  test("in a connect-style app under a mount path, with next() for other paths", async () => {
    await withMigratorSetup("sqlite", FILES, async (s) => {
      const admin = createAdminHandler(await s.migrator(), { token: TOKEN, basePath: "/ops/db" });
      const { app, use } = connectApp();
      use("/ops/db", admin);
      use("/api/version", admin);
      use("/", (_req, res) => res.end("the app"));
      const server = await listen(app);
      try {
        const auth = { authorization: `Bearer ${TOKEN}` };
        const status = await fetch(`${server.origin}/ops/db/status`, { headers: auth });
        assert.equal(status.status, 200);
        assert.deepEqual((await json(status)).pending, [{ version: "001", name: "a" }]);
        const version = await fetch(`${server.origin}/api/version`, { headers: auth });
        assert.equal((await json(version)).database, null);
        assert.equal(await (await fetch(`${server.origin}/elsewhere`)).text(), "the app");
        const page = await fetch(`${server.origin}/ops/db`, { headers: auth });
        assert.match(await page.text(), /href="\/ops\/db\/assets\/admin\.css"/);
      } finally {
        admin.close();
        await server.close();
      }
    });
  });

  test("in plain node:http: paths that are not the admin's get 404 without next", async () => {
    await withMigratorSetup("sqlite", FILES, async (s) => {
      const admin = await startAdmin(await s.migrator());
      try {
        const other = await fetch(`${admin.origin}/somewhere`);
        assert.equal(other.status, 404);
        const css = await admin.api("/assets/admin.css", { auth: false });
        assert.equal(css.headers.get("content-type"), "text/css; charset=utf-8");
        assert.match(await css.text(), /prefers-color-scheme: dark/);
        const js = await admin.api("/assets/admin.js", { auth: false });
        assert.match(await js.text(), /EventSource/);
      } finally {
        await admin.close();
      }
    });
  });

  test("version, compatibility, changelog and lint answer from the library", async () => {
    await withMigratorSetup("sqlite", FILES, async (s) => {
      const migrator = await createMigrator({
        url: s.db.url,
        dir: s.dir,
        compatibility: { "2.0.0": ["001"], "1.0.0": ["000"] },
      });
      await migrator.up();
      const admin = await startAdmin(migrator, { appVersion: "2.0.0" });
      const get = async (path: string) =>
        fetch(`${admin.origin}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      try {
        assert.deepEqual(await json(await get("/api/version")), {
          tool: TOOL_VERSION,
          database: "001",
          app: "2.0.0",
        });
        const ok = await json(await get("/api/version/compatibility"));
        assert.deepEqual(
          [ok.appVersion, ok.databaseVersion, ok.compatible],
          ["2.0.0", "001", true],
        );
        const old = await json(await get("/api/version/compatibility?app=1.0.0"));
        assert.equal(old.compatible, false);
        assert.deepEqual(old, await migrator.compatibility("1.0.0"), "as `compat --json`");
        const entry = await json(await get("/api/version/changelog/001"));
        assert.deepEqual([entry.version, entry.name, entry.status], ["001", "a", "applied"]);
        assert.match(entry.sql, /CREATE TABLE a/);
        const missing = await get("/api/version/changelog/999");
        assert.equal(missing.status, 404);
        const lint = await json(await admin.api("/lint"));
        assert.deepEqual([lint.ok, lint.mode], [true, "pending"]);
        const page = await (await admin.api("", { headers: { accept: "text/html" } })).text();
        assert.match(
          page,
          /<code>2\.0\.0<\/code> <span class="ok">✓<\/span>/,
          "the matrix on the page",
        );
      } finally {
        await admin.close();
        await migrator.close();
      }
    });
  });

  test("drift: none after a run; a table made by hand is drift", async () => {
    await withMigratorSetup("sqlite", FILES, async (s) => {
      const migrator = await s.migrator();
      await migrator.up();
      const admin = await startAdmin(migrator);
      try {
        const clean = await json(await admin.api("/drift"));
        assert.equal(clean.equal, true);
        await migrator.close();
        await s.query("CREATE TABLE by_hand (id INT)");
        const drifted = await json(await admin.api("/drift"));
        assert.equal(drifted.equal, false);
        assert.ok(JSON.stringify(drifted.differences).includes("by_hand"));
      } finally {
        await admin.close();
      }
    });
  });

  test("the event stream sends a heartbeat comment", async () => {
    await withMigratorSetup("sqlite", FILES, async (s) => {
      const admin = await startAdmin(await s.migrator(), { heartbeatMs: 50 });
      try {
        const { comments } = await readEvents(admin, (_events, c) => c.length > 0, {
          timeoutMs: 2000,
        });
        assert.ok(
          comments.some((c) => c.startsWith(": heartbeat")),
          comments.join("|"),
        );
      } finally {
        await admin.close();
      }
    });
  });
});
