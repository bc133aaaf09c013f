import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../commands/actions/index.js';
import { AUDIT_ACTIONS } from '../../commands/gdpr/audit.js';
import { VIEWS } from '../../commands/views/index.js';
import { ACCESS_ACTIONS, ACCESS_MODAL } from '../../src/access/messages.js';
import { BREACH_ACTIONS, BREACH_MODAL } from '../../src/breach/messages.js';
import { FINDING_ACTIONS } from '../../src/findings/messages.js';
import { ACTIONS as REMEDIATION_ACTIONS } from '../../src/remediations/messages.js';
import { POSTURE_ACTIONS } from '../../src/checks/messages.js';
import { WAIVER_MODAL } from '../../src/waivers/messages.js';

/** Files of a listener folder that are helpers, not listeners. */
const HELPERS = new Set(['index.ts', 'finding.ts', 'refusal.ts', 'request-id.ts']);

describe('the listener registries (commands/actions/index.ts, commands/views/index.ts)', () => {
  it('list every button id the messages render, each once', () => {
    const rendered = new Set<string>([
      ...Object.values(REMEDIATION_ACTIONS),
      ...Object.values(ACCESS_ACTIONS),
      ...Object.values(AUDIT_ACTIONS),
      ...Object.values(POSTURE_ACTIONS),
      ...Object.values(FINDING_ACTIONS),
      ...Object.values(BREACH_ACTIONS),
    ]);
    const ids = ACTIONS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...rendered].sort());
  });

  it('list every modal', () => {
    expect(VIEWS.map((v) => v.id).sort()).toEqual([ACCESS_MODAL, BREACH_MODAL, WAIVER_MODAL].sort());
  });

  it('list one listener per file of commands/actions/<feature>/', () => {
    const root = new URL('../../commands/actions/', import.meta.url);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !HELPERS.has(f.split('/').pop()!));
    expect(files.length).toBe(ACTIONS.length);
  });
});
