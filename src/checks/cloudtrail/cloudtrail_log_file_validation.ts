import { everyTrail } from '../cloudtrail-trails.js';
import { accountResource, fail, fromRead, pass, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every trail has log file integrity validation on (as described in the trail's home region). */
export const cloudtrail_log_file_validation = defineCheck({
  id: 'cloudtrail_log_file_validation',
  title: 'CloudTrail log file validation is on',
  demands: 'Every trail, as described in its home region, has log file validation on.',
  actionItem: 8,
  gdpr: ['Art. 30', 'Art. 33'],
  severity: 'medium',
  scope: 'account',
  needs: ['cloudtrail'],
  permissions: ['cloudtrail:DescribeTrails'],
  rationale: 'Digest files (SHA-256, signed with RSA) prove the logs were not altered: evidence an auditor or regulator can trust.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'cloudtrail', resource, (ct) =>
      fromRead(ct.trails, resource, (trails) =>
        everyTrail(s, ct, trails, resource, (t) =>
          t.logFileValidation ? pass(t.arn, `Trail ${t.name} validates its log files.`) : fail(t.arn, `Trail ${t.name} does not validate its log files.`),
        ),
      ),
    );
  },
});
