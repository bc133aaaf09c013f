import type { AdversarialCase } from '../adversarial.js';
import { ok } from '../fixtures.js';

/** inspector_enabled: states that are not "scanning", and answers that say nothing. */
export const CASES: AdversarialCase[] = [
  {
    check: 'inspector_enabled',
    name: 'the account is SUSPENDED (e.g. by the delegated administrator) while EC2 and ECR still read ENABLED',
    source: 'Inspector2 API Reference, State.status: ENABLING | ENABLED | DISABLING | DISABLED | SUSPENDING | SUSPENDED',
    mutate: (s) => {
      s.data.inspector!.status = ok({ overall: 'SUSPENDED', ec2: 'ENABLED', ecr: 'ENABLED' });
    },
    expect: 'fail',
  },
  {
    check: 'inspector_enabled',
    name: 'the account is ENABLED but EC2 scanning is SUSPENDING',
    source: 'Inspector2 API Reference, ResourceState.ec2 (State.status SUSPENDING)',
    mutate: (s) => {
      s.data.inspector!.status = ok({ overall: 'ENABLED', ec2: 'SUSPENDING', ecr: 'ENABLED' });
    },
    expect: 'fail',
  },
  {
    check: 'inspector_enabled',
    name: 'ECR scanning is DISABLING',
    source: 'Inspector2 API Reference, ResourceState.ecr (State.status DISABLING)',
    mutate: (s) => {
      s.data.inspector!.status = ok({ overall: 'ENABLED', ec2: 'ENABLED', ecr: 'DISABLING' });
    },
    expect: 'fail',
  },
  {
    check: 'inspector_enabled',
    name: 'the answer has no ECR status at all: cannot be judged (not a guessed DISABLED)',
    source: 'Inspector2 API Reference, AccountState.resourceState (ResourceState.ecr)',
    mutate: (s) => {
      s.data.inspector!.status = ok({ overall: 'ENABLED', ec2: 'ENABLED' });
    },
    expect: 'error',
  },
  {
    check: 'inspector_enabled',
    name: 'the account is in failedAccounts (its status could not be read): an error, not "disabled"',
    source: 'Inspector2 API Reference, BatchGetAccountStatus failedAccounts (FailedAccount.errorCode ACCESS_DENIED, errorMessage)',
    mutate: (s) => {
      s.data.inspector!.status = {
        ok: false,
        error: {
          call: 'inspector2:BatchGetAccountStatus',
          kind: 'denied',
          code: 'ACCESS_DENIED',
          message: 'Caller is not authorized to read the status of this account',
        },
      };
    },
    expect: 'error',
  },
];
