import { daysSince, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck, type Finding } from '../types.js';

/** Days past its interval a rotation may run late before rotation is taken as failing. */
export const ROTATION_GRACE_DAYS = 7;

/**
 * Every secret has automatic rotation on, and rotation is not failing: a secret rotated every N days
 * (`AutomaticallyAfterDays`, no schedule expression) whose last rotation (or creation, when it never
 * rotated) is more than N + {@link ROTATION_GRACE_DAYS} days old has rotation on only on paper.
 */
export const secretsmanager_secret_rotation_enabled = defineCheck({
  id: 'secretsmanager_secret_rotation_enabled',
  title: 'Secrets Manager secrets rotate automatically',
  demands: `Every secret has automatic rotation on, and one rotated every N days was last rotated (or created) no more than N + ${ROTATION_GRACE_DAYS} days ago.`,
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['secretsmanager'],
  permissions: ['secretsmanager:ListSecrets'],
  rationale:
    'A credential that never changes stays useful to whoever copied it; rotation bounds how long a leaked database or API credential opens the personal data behind it.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'secretsmanager', resource, (sm) =>
      fromRead(sm.secrets, resource, (secrets) => {
        if (secrets.length === 0) return [notApplicable(resource, `No Secrets Manager secrets in ${s.region} (account ${s.accountId}).`)];
        return secrets.map((x): Finding => {
          const managed = x.owningService ? ` (managed by ${x.owningService})` : '';
          if (!x.rotationEnabled) return fail(x.arn, `Secret ${x.name}${managed} in ${s.region} has automatic rotation off.`);
          const since = daysSince(s, x.lastRotated ?? x.created);
          if (x.rotationDays !== undefined && !x.rotationSchedule && since !== undefined && since > x.rotationDays + ROTATION_GRACE_DAYS) {
            const what = x.lastRotated ? `was last rotated ${since} days ago` : `has never rotated since it was created ${since} days ago`;
            return fail(x.arn, `Secret ${x.name}${managed} in ${s.region} is set to rotate every ${x.rotationDays} days but ${what}: rotation is failing.`);
          }
          const every = x.rotationSchedule ?? (x.rotationDays !== undefined ? `every ${x.rotationDays} days` : 'on a schedule');
          return pass(x.arn, `Secret ${x.name}${managed} in ${s.region} rotates automatically (${every}).`);
        });
      }),
    );
  },
});
