/**
 * verify on the embedded engines: SQLite (in-memory shadow) with its planted broken downs and
 * a clean history of 50; PGlite (in-memory PGlite shadow) with one planted, kept short
 * because each PGlite instance takes seconds to start.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { engineSkip, freshDatabase } from "../helpers/databases.js";
import { generateHistory, SQLITE_PLANTS } from "../helpers/history.js";
import { assertFindsPlanted, verifyHistory } from "../helpers/verify-checks.js";

describe("verify on SQLite", () => {
  test("finds exactly each planted broken down", async () => {
    const history = generateHistory("sqlite", 24, SQLITE_PLANTS, { irreversible: true });
    const db = await freshDatabase("sqlite");
    try {
      const report = await verifyHistory(db.url, history);
      assertFindsPlanted(report, history);
      assert.match(report.shadow, /sqlite::memory:/);
    } finally {
      await db.drop();
    }
  });

  test("passes a clean history of 50 migrations", async () => {
    const report = await verifyHistory("sqlite::memory:", generateHistory("sqlite", 50));
    assert.deepEqual(
      report.results.filter((r) => r.outcome !== "ok"),
      [],
    );
    assert.equal(report.results.length, 50);
  });
});

describe("verify on PGlite", async () => {
  const skip = await engineSkip("pglite");
  test("finds a function body the down does not restore", { skip }, async () => {
    // The function is made by 005; the planted step comes last, so no rebuild follows it.
    const history = generateHistory("postgres", 6, ["function-body"], { firstPlant: 6 });
    const db = await freshDatabase("pglite");
    try {
      const report = await verifyHistory(db.url, history);
      assertFindsPlanted(report, history);
      const broken = report.results.find((r) => r.outcome === "broken")!;
      assert.deepEqual(
        broken.differences!.map((d) => `${d.change} ${d.kind} ${d.name}`),
        ["changed routine public.f5(integer)"],
      );
    } finally {
      await db.drop();
    }
  });
});
