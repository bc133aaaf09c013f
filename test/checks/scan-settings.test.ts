import { describe, expect, it } from 'vitest';
import { scanSettings } from '../../src/checks/scans.js';
import { parseConfig } from '../../src/config/load.js';

describe('scanSettings', () => {
  it('takes allowed regions only from scan.allowedRegions: the regions chosen for scanning are not approved by that', () => {
    const settings = scanSettings(parseConfig({ scan: { regions: ['eu-west-1', 'us-east-1'] } }));
    expect(settings.allowedRegions ?? []).toEqual([]);
    expect(settings.unusedCredentialDays).toBe(90);
  });

  it('copies scan.allowedRegions when it is configured', () => {
    expect(scanSettings(parseConfig({ scan: { regions: ['eu-west-1', 'us-east-1'], allowedRegions: ['eu-west-1', 'eu-central-1'] } })).allowedRegions).toEqual([
      'eu-west-1',
      'eu-central-1',
    ]);
  });
});
