/**
 * `npm run policy:remediator`: prints the IAM policy (JSON) of the remediator role, built from every
 * remediation's declared permissions. Attach it only to the role the remediation workers use; the
 * scanner keeps its read-only policy.
 */
import { remediatorPolicy } from '../src/remediations/policy.js';

process.stdout.write(`${JSON.stringify(remediatorPolicy(), null, 2)}\n`);
