import type { Secret } from '../../../src/aws/collectors/secretsmanager.js';
import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, AT, denied } from '../fixtures.js';

const daysAgo = (d: number) => new Date(Date.parse(AT) - d * 86_400_000).toISOString();
const secrets = (s: Snapshot): Secret[] => {
  const r = s.data.secretsmanager!.secrets;
  if (!r.ok) throw new Error('fixture');
  return r.value;
};
const secret = (name: string, over: Partial<Secret>): Secret => ({
  name,
  arn: `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}-AbCdEf`,
  rotationEnabled: true,
  rotationDays: 30,
  lastRotated: daysAgo(5),
  created: daysAgo(300),
  ...over,
});
const SOURCE =
  'Secrets Manager API, ListSecrets / SecretListEntry: RotationEnabled, RotationRules (AutomaticallyAfterDays, ScheduleExpression), LastRotatedDate, CreatedDate';

/** Secrets Manager: rotation on paper only. */
export const CASES: AdversarialCase[] = [
  {
    check: 'secretsmanager_secret_rotation_enabled',
    name: 'RotationEnabled true, every 30 days, but last rotated 200 days ago: the rotation function fails',
    source: `${SOURCE}; a failed rotation leaves RotationEnabled true and LastRotatedDate unchanged`,
    mutate: (s) => {
      secrets(s).push(secret('prod/api-key', { lastRotated: daysAgo(200) }));
    },
    expect: 'fail',
    resource: 'secret:prod/api-key',
  },
  {
    check: 'secretsmanager_secret_rotation_enabled',
    name: 'RotationEnabled true but never rotated since it was created a year ago',
    source: SOURCE,
    mutate: (s) => {
      secrets(s).push(secret('legacy/ftp', { lastRotated: undefined, created: daysAgo(365) }));
    },
    expect: 'fail',
    resource: 'secret:legacy/ftp',
  },
  {
    check: 'secretsmanager_secret_rotation_enabled',
    name: 'a secret whose RotationEnabled is absent from ListSecrets has rotation off',
    source: SOURCE,
    mutate: (s) => {
      secrets(s).push(secret('dev/token', { rotationEnabled: false, rotationDays: undefined }));
    },
    expect: 'fail',
    resource: 'secret:dev/token',
  },
  {
    check: 'secretsmanager_secret_rotation_enabled',
    name: 'ListSecrets denied: no secrets is not what was read',
    source: SOURCE,
    mutate: (s) => {
      s.data.secretsmanager!.secrets = denied('secretsmanager:ListSecrets');
    },
    expect: 'error',
  },
];
