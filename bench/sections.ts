import { ackLatencySection } from './ack-latency.js';
import { findingsSection } from './findings.js';
import type { BenchSection } from './harness.js';
import { isolationSection } from './isolation.js';
import { orgScanSection } from './org-scan.js';
import { scaleOutSection } from './scale-out.js';
import { scanSection } from './scan.js';
import { sdkCpuSection } from './sdk-cpu.js';

export { BENCH_RATE_LIMITS, DEFAULT_AWS_CPU_US, DEFAULT_AWS_LATENCY_MS } from './settings.js';

/**
 * Every benchmark section, in the order `npm run bench` runs them. The footprint (start-up time, the
 * bot's RSS after start-up and after each section) is measured around them by bench/index.ts.
 * Sections with `usesBot: false` start their own processes (the scan and the findings pipeline run
 * in a child each, so their peak RSS is theirs alone).
 */
export const SECTIONS: BenchSection[] = [sdkCpuSection, orgScanSection, isolationSection, ackLatencySection, scaleOutSection, findingsSection, scanSection];
