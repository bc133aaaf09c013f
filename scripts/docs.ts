/** `npm run docs`: rewrites the README's generated checks table from the check registry. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withChecksTable } from '../src/checks/docs.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withChecksTable(before);
if (after !== before) writeFileSync(path, after);
process.stderr.write(after === before ? 'README.md: the checks table is up to date\n' : 'README.md: checks table rewritten\n');
