/** `npm run docs`: rewrites the README's generated tables: the checks (from the check registry) and the coverage against the public GDPR mappings. */
import { readFileSync, writeFileSync } from 'node:fs';
import { withGeneratedTables } from '../src/checks/docs.js';

const path = new URL('../README.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = withGeneratedTables(before);
if (after !== before) writeFileSync(path, after);
process.stderr.write(after === before ? 'README.md: the generated tables are up to date\n' : 'README.md: generated tables rewritten\n');
