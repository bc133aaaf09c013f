import { ackLatencySection } from './ack-latency.js';
import { findingsSection } from './findings.js';
import type { BenchSection } from './harness.js';
import { isolationSection } from './isolation.js';
import { orgScanSection } from './org-scan.js';
import { scaleOutSection } from './scale-out.js';
import { scanSection } from './scan.js';
import { sdkCpuSection } from './sdk-cpu.js';

/**
 * Per-call cost of the synthetic AWS in the sections that scan (`--aws-latency-ms`, `--aws-cpu-us`).
 * Latency: 20 ms, a typical in-region AWS API round trip. CPU: the real SDK's per-call CPU as bench/sdk-cpu.ts
 * measures it (real S3, KMS, EC2 and IAM clients against a loopback stand-in: serialise, sign, send, parse;
 * 632–1,458 µs per call by protocol, mean 921 µs, Node 20, 2 shared cores; the README has the table).
 */
export const DEFAULT_AWS_LATENCY_MS = 20;
export const DEFAULT_AWS_CPU_US = 900;

/**
 * Every benchmark section, in the order `npm run bench` runs them. The footprint (start-up time, the
 * bot's RSS after start-up and after each section) is measured around them by bench/index.ts.
 * Sections with `usesBot: false` start their own processes (the scan and the findings pipeline run
 * in a child each, so their peak RSS is theirs alone).
 */
export const SECTIONS: BenchSection[] = [sdkCpuSection, orgScanSection, isolationSection, ackLatencySection, scaleOutSection, findingsSection, scanSection];
