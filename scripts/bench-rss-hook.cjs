// Loaded with `node --require` by scripts/bench.js: writes the process's peak resident set
// size (KB) to the file named by TIDEMARK_BENCH_RSS when the process exits.
const { writeFileSync } = require("node:fs");

process.on("exit", () => {
  writeFileSync(process.env.TIDEMARK_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
