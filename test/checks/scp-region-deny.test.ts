import { describe, expect, it } from 'vitest';
import { getCheck } from '../../src/checks/registry.js';
import { CheckStatus } from '../../src/checks/types.js';
import { snapshotWith } from './fixtures.js';

const check = () => getCheck('organizations_scp_region_deny')!;

describe('organizations_scp_region_deny scanned from the management account', () => {
  it('says SCPs do not bind the management account, whatever the verdict for the member accounts', () => {
    const s = snapshotWith();
    expect(s.data.organizations!.organization).toMatchObject({ ok: true, value: { isManagement: true } });
    const [passing] = check().evaluate(s);
    expect(passing!.status).toBe(CheckStatus.Pass);
    expect(passing!.message).toContain('SCPs do not bind the management account itself');
    const unattached = check().evaluate(
      snapshotWith((x) => {
        const scps = x.data.organizations!.scps as { ok: true; value: { targets: unknown[] }[] };
        for (const p of scps.value) p.targets = [];
      }),
    );
    expect(unattached.map((f) => f.status)).toEqual([CheckStatus.Fail]);
    expect(unattached[0]!.message).toContain('attached nowhere');
    expect(unattached[0]!.message).toContain('SCPs do not bind the management account itself');
  });

  it('says nothing of the kind for a member account', () => {
    const [member] = check().evaluate(
      snapshotWith((x) => {
        x.data.organizations!.organization = { ok: true, value: { id: 'o-abc123', managementAccountId: '999999999999', isManagement: false } };
        x.data.organizations!.ancestors = { ok: true, value: [] };
      }),
    );
    expect(member!.message).not.toContain('management account');
  });
});
