import type { Snapshot } from '../../../src/aws/snapshot.js';
import type { AdversarialCase } from '../adversarial.js';
import { ACCOUNT, denied, ok } from '../fixtures.js';

const waf = (s: Snapshot) => s.data.wafv2!;
const API_ACL = `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/api/b2c3d4e5-6789-01ab-cdef-EXAMPLE22222`;
const DOC =
  'WAFv2 ListLoggingConfigurations: one LoggingConfiguration per web ACL that logs (ResourceArn, LogDestinationConfigs); a web ACL without one logs nothing';

/** Adversarial fixtures of the WAF logging check. */
export const CASES: AdversarialCase[] = [
  {
    check: 'wafv2_webacl_logging_enabled',
    name: 'a second web ACL without logging next to one that logs',
    source: DOC,
    mutate: (s) => {
      const acls = waf(s).webAcls;
      if (!acls.ok) throw new Error('fixture');
      acls.value.push({ name: 'api', arn: API_ACL, scope: 'REGIONAL' });
    },
    expect: 'fail',
    resource: '/api/',
  },
  {
    check: 'wafv2_webacl_logging_enabled',
    name: 'a logging configuration for another web ACL (deleted, same name) does not count',
    source: `${DOC}; web ACL ARNs end in a unique id, a recreated ACL has a new one`,
    mutate: (s) =>
      void (waf(s).logging = ok({
        [`arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/webacl/shop/00000000-0000-0000-0000-OLDACL000000`]: ['arn:aws:s3:::aws-waf-logs-shop'],
      })),
    expect: 'fail',
    resource: 'shop',
  },
  {
    check: 'wafv2_webacl_logging_enabled',
    name: 'the logging configurations could not be listed',
    source: 'WAFv2 ListLoggingConfigurations denied (WAFAccessDeniedException)',
    mutate: (s) => void (waf(s).logging = denied('wafv2:ListLoggingConfigurations')),
    expect: 'error',
    resource: 'shop',
  },
  {
    check: 'wafv2_webacl_logging_enabled',
    name: 'no web ACL in the region: nothing to judge, not a pass',
    source: 'WAFv2 ListWebACLs returns an empty WebACLs list',
    mutate: (s) => void (waf(s).webAcls = ok([])),
    expect: 'not_applicable',
  },
];
