/**
 * verify on MariaDB: a scratch database on the same server, created and dropped; planted
 * broken downs found exactly (a failed down there leaves a failed row, so the shadow is
 * rebuilt), and a clean history passes.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import mysql from "mysql2/promise";
import { engineSkip, MYSQL_URL } from "../helpers/databases.js";
import { generateHistory, MYSQL_PLANTS } from "../helpers/history.js";
import { assertFindsPlanted, shadowName, verifyHistory } from "../helpers/verify-checks.js";

async function databaseExists(name: string): Promise<boolean> {
  const c = await mysql.createConnection(MYSQL_URL);
  try {
    const [rows] = await c.query("SHOW DATABASES LIKE ?", [name]);
    return (rows as unknown[]).length > 0;
  } finally {
    await c.end();
  }
}

describe("verify on MariaDB", async () => {
  const skip = await engineSkip("mysql");

  test("finds exactly each planted broken down and drops its scratch database", {
    skip,
  }, async () => {
    const history = generateHistory("mysql", 24, MYSQL_PLANTS, { irreversible: true });
    const report = await verifyHistory(MYSQL_URL, history);
    assertFindsPlanted(report, history);
    const name = shadowName(report);
    assert.ok(name, report.shadow);
    assert.equal(await databaseExists(name), false);
  });

  test("passes a clean history", { skip }, async () => {
    const report = await verifyHistory(MYSQL_URL, generateHistory("mysql", 30));
    assert.deepEqual(
      report.results.filter((r) => r.outcome !== "ok"),
      [],
    );
    assert.equal(report.results.length, 30);
  });
});
