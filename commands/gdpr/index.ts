import type { Subcommand } from '../subcommand.js';
import { access } from './access.js';
import { audit } from './audit.js';
import { breach } from './breach.js';
import { data } from './data.js';
import { findings } from './findings.js';
import { fix } from './fix.js';
import { help } from './help.js';
import { report } from './report.js';
import { scan } from './scan.js';
import { status } from './status.js';
import { waive, waivers } from './waive.js';

/** Every `/gdpr` subcommand, in the order help lists them. Add a file in this folder and list it here. */
export const SUBCOMMANDS: readonly Subcommand[] = [help, status, scan, report, fix, findings, access, audit, breach, waive, waivers, data];
