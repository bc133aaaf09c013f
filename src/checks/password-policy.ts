import type { PasswordPolicy } from '../aws/collectors/iam.js';
import type { Snapshot } from '../aws/snapshot.js';
import { accountResource, fail, fromRead, pass, withData } from './helpers.js';
import type { Finding } from './types.js';

/**
 * Judges one requirement of the account password policy: `missing` says what is wrong (undefined when
 * the policy meets it). No policy at all fails: IAM's default then applies (at least 8 characters and three
 * of the four character classes, whichever three), which requires no class in particular. A policy that
 * could not be read is an error.
 */
export function judgePasswordPolicy(s: Snapshot, requirement: string, missing: (p: PasswordPolicy) => string | undefined): Finding[] {
  const resource = accountResource(s);
  return withData(s, 'iam', resource, (iam) =>
    fromRead(iam.passwordPolicy, resource, (policy) => {
      if (!policy)
        return [
          fail(
            resource,
            `Account ${s.accountId} has no IAM password policy, so IAM's default applies (8 characters, any three of the four character classes), which does not require ${requirement}.`,
          ),
        ];
      const why = missing(policy);
      return why
        ? [fail(resource, `The password policy of account ${s.accountId} does not require ${requirement}: ${why}.`)]
        : [pass(resource, `The password policy of account ${s.accountId} requires ${requirement}.`)];
    }),
  );
}
