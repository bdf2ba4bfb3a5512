const t0 = performance.now();
const { DirectorySource } = await import("./dist/sources/directory-source.js");
const t1 = performance.now();
const s = new DirectorySource("/tmp/b1/migrations");
const l = await s.list();
const t2 = performance.now();
await s.list();
const t3 = performance.now();
console.log({ import: t1 - t0, list1: t2 - t1, list2: t3 - t2, n: l.length });
