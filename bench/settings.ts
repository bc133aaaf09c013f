/** Settings shared by the bench's sections (their own module, so the sections can import them without a cycle). */

/**
 * Per-call cost of the synthetic AWS in the sections that scan (`--aws-latency-ms`, `--aws-cpu-us`).
 * Latency: 20 ms, a typical in-region AWS API round trip. CPU: the real SDK's per-call CPU as bench/sdk-cpu.ts
 * measures it (real S3, KMS, EC2 and IAM clients against a loopback stand-in: serialise, sign, send, parse;
 * 632–1,458 µs per call by protocol, mean 921 µs, Node 20, 2 shared cores; the README has the table).
 */
export const DEFAULT_AWS_LATENCY_MS = 20;
export const DEFAULT_AWS_CPU_US = 900;

/**
 * The bench's load is many members' requests sent as one test user; with the default per-user limits
 * (20 per subcommand or button a minute) all but the first 20 would be answered "Slow down" and measure
 * the refusal, not the work. The limiter still runs (one Redis round trip per request), it never refuses.
 */
export const BENCH_RATE_LIMITS = { commands: 1_000_000_000, actions: 1_000_000_000 };
