/**
 * A long `status` reads `applied_at` as ISO text where the dialect can say it in SQL
 * (Dialect.isoTimeSql): the text must be what `toISOString` gives of the Date the driver reads.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveDialect } from "../../src/dialects/registry.js";
import { engineSkip, freshDatabase } from "../helpers/databases.js";

const TIMES = [
  "2026-11-26 11:49:54.123456+00",
  "2026-11-26 11:49:54.999999+00",
  "2026-11-26 11:49:54+00",
  "2026-01-01 00:30:00.5-05:30",
  "1999-12-31 23:59:59.0001+14",
  "1000-01-01 00:00:00+00",
  "9999-12-31 23:59:59.999+00",
];

for (const engine of ["postgres", "pglite"] as const) {
  describe(`applied_at as ISO text on ${engine}`, async () => {
    const skip = await engineSkip(engine);
    test("is toISOString of the driver's Date, in any session time zone", { skip }, async () => {
      const db = await freshDatabase(engine);
      const dialect = await resolveDialect(db.url);
      const conn = await dialect.connect({ applicationName: "tidemark-test" });
      try {
        const isoTimeSql: ((column: string) => string) | undefined = dialect.isoTimeSql;
        assert.ok(isoTimeSql !== undefined);
        // The driver's Date, read in UTC (where every driver reads the server's text right).
        const expected = new Map<string, string>();
        await conn.query("SET TIME ZONE 'UTC'");
        for (const time of TIMES) {
          const [row] = await conn.query("SELECT CAST($1 AS timestamptz) AS t", [time]);
          assert.ok(row?.t instanceof Date, time);
          expected.set(time, row.t.toISOString());
        }
        // The same text in any session time zone (in which PGlite's driver cannot read a year
        // 1000 time: its offset has seconds there).
        for (const zone of ["UTC", "America/New_York", "Asia/Kolkata"]) {
          await conn.query(`SET TIME ZONE '${zone}'`);
          for (const time of TIMES) {
            const iso: string = isoTimeSql("t");
            const rows: { iso: string }[] = await conn.query<{ iso: string }>(
              `SELECT ${iso} AS iso FROM (SELECT CAST($1 AS timestamptz) AS t) x`,
              [time],
            );
            assert.equal(rows[0]?.iso, expected.get(time), `${time} in ${zone}`);
          }
        }
      } finally {
        await conn.close();
        await db.drop();
      }
    });
  });
}
