/**
 * verify and drift on PostgreSQL: planted broken downs found exactly, a clean history of 50
 * passes, the scratch database is gone afterwards (also on failure and interruption), and
 * PGlite stands in when the server refuses CREATE DATABASE.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { withShadow } from "../../src/schema/shadow.js";
import { engineSkip, PG_URL } from "../helpers/databases.js";
import { generateHistory, type Plant } from "../helpers/history.js";
import { pgQuery } from "../helpers/sql.js";
import { assertFindsPlanted, shadowName, verifyHistory } from "../helpers/verify-checks.js";

const ALL_PLANTS: readonly Plant[] = [
  "wrong-enum",
  "forgot-index",
  "left-view",
  "function-body",
  "syntax-error",
  "view-depends",
];

async function databaseExists(name: string): Promise<boolean> {
  const rows = await pgQuery(PG_URL, "SELECT 1 FROM pg_database WHERE datname = $1", [name]);
  return rows.length > 0;
}

describe("verify on PostgreSQL", async () => {
  const skip = await engineSkip("postgres");

  test("finds exactly each planted broken down, and drops its scratch database", {
    skip,
  }, async () => {
    const history = generateHistory("postgres", 30, ALL_PLANTS, { irreversible: true });
    const report = await verifyHistory(PG_URL, history);
    assertFindsPlanted(report, history);
    const byVersion = new Map(report.results.map((r) => [r.version, r]));
    const diff = (plant: Plant) => {
      const version = [...history.planted].find(([, p]) => p === plant)![0];
      return byVersion.get(version)!.differences!.map((d) => `${d.change} ${d.kind} ${d.name}`);
    };
    const at = (plant: Plant) => Number([...history.planted].find(([, p]) => p === plant)![0]);
    assert.deepEqual(diff("wrong-enum"), [
      "missing enum public.spare4",
      `extra enum public.priority${at("wrong-enum")}`,
    ]);
    assert.deepEqual(
      diff("forgot-index").map((d) => d.replace(/public\.t\d+\./, "T.")),
      [`extra index T.ix_score${at("forgot-index")}`],
    );
    assert.deepEqual(diff("left-view"), [`extra view public.rv${at("left-view")}`]);
    assert.equal(diff("function-body").length, 1);
    assert.match(diff("function-body")[0]!, /^changed routine public\.f\d+\(integer\)$/);
    const shadow = shadowName(report);
    assert.ok(shadow, report.shadow);
    assert.equal(await databaseExists(shadow), false);
  });

  test("passes a clean history of 50 migrations", { skip }, async () => {
    const history = generateHistory("postgres", 50);
    const report = await verifyHistory(PG_URL, history);
    assert.equal(
      report.failed,
      0,
      JSON.stringify(report.results.filter((r) => r.outcome !== "ok")),
    );
    assert.equal(report.results.length, 50);
    assert.ok(report.results.every((r) => r.outcome === "ok"));
    assert.equal(await databaseExists(shadowName(report)!), false);
  });

  test("verify <file> checks that one file, after applying those before it", { skip }, async () => {
    const history = generateHistory("postgres", 16, ["left-view"]);
    const file = Object.keys(history.files).find((f) => f.startsWith("012_"))!;
    const report = await verifyHistory(PG_URL, history, { file });
    assert.deepEqual(
      report.results.map((r) => [r.version, r.outcome]),
      [["012", "broken"]],
    );
  });

  test("stops when interrupted and still drops the scratch database", { skip }, async () => {
    const controller = new AbortController();
    const history = generateHistory("postgres", 20);
    const folderReport = verifyHistory(PG_URL, history, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const report = await folderReport;
    assert.equal(report.interrupted, true);
    assert.ok(report.results.length < 20);
    assert.equal(await databaseExists(shadowName(report)!), false);
  });

  test("drops the scratch database when the work in it throws", { skip }, async () => {
    let name: string | undefined;
    await assert.rejects(
      withShadow(PG_URL, { applicationName: "tidemark-test" }, async (shadow) => {
        name = shadow.database;
        assert.equal(await databaseExists(name!), true);
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.match(name!, /^tidemark_shadow_[0-9a-f]{12}$/);
    assert.equal(await databaseExists(name!), false);
  });

  test("uses an in-memory PGlite, and says so, when CREATE DATABASE is refused", {
    skip,
  }, async () => {
    const role = `tm_nocreate_${randomBytes(4).toString("hex")}`;
    await pgQuery(PG_URL, `CREATE ROLE ${role} LOGIN NOCREATEDB`);
    try {
      const url = PG_URL.replace("postgres@", `${role}@`);
      // PGlite takes seconds to start: a short history, with no rebuild.
      const history = generateHistory("postgres", 4);
      const report = await verifyHistory(url, history);
      assert.match(
        report.note ?? "",
        /refused CREATE DATABASE.*permission denied.*in-memory PGlite/,
      );
      assert.match(report.shadow, /pglite:memory/);
      assert.deepEqual(
        report.results.map((r) => r.outcome),
        ["ok", "ok", "ok", "ok"],
      );
    } finally {
      await pgQuery(PG_URL, `DROP ROLE ${role}`);
    }
  });
});
