import { afterAll } from 'vitest';
import { killChildren } from './helpers/children.js';

// Tests are guests: no process a test file started outlives it, whether it passed, failed or timed out.
afterAll(killChildren);
