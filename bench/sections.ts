import { ackLatencySection } from './ack-latency.js';
import { findingsSection } from './findings.js';
import type { BenchSection } from './harness.js';
import { scanSection } from './scan.js';

/**
 * Every benchmark section, in the order `npm run bench` runs them. The footprint (start-up time, the
 * bot's RSS after start-up and after each section) is measured around them by bench/index.ts.
 * Sections with `usesBot: false` start their own processes (the scan and the findings pipeline run
 * in a child each, so their peak RSS is theirs alone).
 */
export const SECTIONS: BenchSection[] = [ackLatencySection, scanSection, findingsSection];
