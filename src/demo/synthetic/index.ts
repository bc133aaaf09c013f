import { eventbridge } from './eventbridge.js';
import type { SyntheticService } from './service.js';

/**
 * The synthetic services that live in a file of their own (one import and one entry each, in name order).
 * `defineSyntheticAccount` registers them all after its own.
 */
export const SYNTHETIC_SERVICES: readonly SyntheticService[] = [eventbridge];
