/**
 * Milliseconds on a monotonic clock, as `performance.now()` gives them, without the
 * `performance` global: Node loads perf_hooks (nine modules, ~0.6 ms) on its first use, in
 * every command that times anything.
 */
export function monotonicMs(): number {
  const [seconds, nanoseconds] = process.hrtime();
  return seconds * 1e3 + nanoseconds / 1e6;
}
