import type { Subcommand } from '../subcommand.js';
import { access } from './access.js';
import { findings } from './findings.js';
import { fix } from './fix.js';
import { help } from './help.js';

/** Every `/gdpr` subcommand, in the order help lists them. Add a file in this folder and list it here. */
export const SUBCOMMANDS: readonly Subcommand[] = [help, fix, access, findings];
