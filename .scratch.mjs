let t = Date.now();
const m = await import("libpg-query");
await m.loadModule();
console.log("load ms", Date.now() - t);
t = Date.now();
const r = m.scanSync("SELECT 1 -- c\n/* x */");
console.log(Date.now()-t, JSON.stringify(r.tokens));
console.log(JSON.stringify(m.parseSync("DROP INDEX CONCURRENTLY i; REINDEX DATABASE d; REINDEX SCHEMA s; ALTER TABLE p DETACH PARTITION c CONCURRENTLY; CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p; ALTER SUBSCRIPTION s REFRESH PUBLICATION; ALTER DATABASE d SET TABLESPACE t; BEGIN; END; COMMIT PREPARED 'x'; VACUUM (ANALYZE) t; ANALYZE t").stmts.map(s=>s.stmt)));
