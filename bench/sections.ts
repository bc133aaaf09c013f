import { ackLatencySection } from './ack-latency.js';
import type { BenchSection } from './harness.js';

/**
 * Every benchmark section, in the order `npm run bench` runs them. The footprint (RSS after each
 * section, start-up time) is measured around them by bench/index.ts. Later issues add theirs here:
 * the scan cost (bench/scan.ts) and the findings pipeline.
 */
export const SECTIONS: BenchSection[] = [ackLatencySection];
