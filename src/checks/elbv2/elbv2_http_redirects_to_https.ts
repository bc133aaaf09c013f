import type { ListenerAction } from '../../aws/collectors/elbv2.js';
import type { CallError } from '../../aws/collectors/context.js';
import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

type Judgement = { kind: 'serves' | 'safe' | 'unknown'; what: string };

/** What one rule's actions do on a plain-HTTP listener. A forward anywhere in the chain serves content. */
function judge(actions: readonly ListenerAction[]): Judgement {
  const forward = actions.find((a) => a.type === 'forward');
  if (forward) return { kind: 'serves', what: `forwards to ${forward.targetGroups ?? 1} target group(s) over plain HTTP` };
  const redirect = actions.find((a) => a.type === 'redirect');
  if (redirect) {
    const protocol = (redirect.redirectProtocol ?? '#{protocol}').toUpperCase();
    return protocol === 'HTTPS'
      ? { kind: 'safe', what: 'redirects to HTTPS' }
      : { kind: 'serves', what: `redirects to ${protocol === '#{PROTOCOL}' ? 'the same protocol (plain HTTP)' : protocol}, not HTTPS` };
  }
  if (actions.some((a) => a.type === 'fixed-response')) return { kind: 'safe', what: 'answers with a fixed response (no application content)' };
  return { kind: 'unknown', what: `has no forward, redirect or fixed-response action (${actions.map((a) => a.type || '?').join(', ') || 'no actions'})` };
}

/**
 * Every plain-HTTP listener of an application load balancer, in its default action and in every
 * listener rule, redirects to HTTPS or answers with a fixed response; none forwards to a target group
 * (directly or through a weighted ForwardConfig) or redirects to plain HTTP.
 */
export const elbv2_http_redirects_to_https = defineCheck({
  id: 'elbv2_http_redirects_to_https',
  title: 'Load balancer HTTP listeners redirect to HTTPS',
  demands:
    'On every HTTP listener of an application load balancer, the default action and every rule either redirect to HTTPS or answer with a fixed response; no forward over plain HTTP.',
  actionItem: 13,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['elbv2'],
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
  rationale: 'An HTTP listener that serves content sends personal data and session cookies in clear text.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'elbv2', resource, (elb) =>
      fromRead(elb.loadBalancers, resource, (lbs) => {
        const albs = lbs.filter((lb) => lb.type === 'application');
        if (albs.length === 0) return [notApplicable(resource, `No application load balancers in ${s.region} (account ${s.accountId}).`)];
        return albs.map((lb): Finding => {
          if (!lb.listeners.ok) return errorFinding(lb.arn, lb.listeners.error);
          const serves: string[] = [];
          const safe: string[] = [];
          const unknown: string[] = [];
          const errors: CallError[] = [];
          const note = (where: string, j: Judgement) => (j.kind === 'serves' ? serves : j.kind === 'safe' ? safe : unknown).push(`${where} ${j.what}`);
          for (const l of lb.listeners.value.filter((x) => x.protocol === 'HTTP')) {
            note(`port ${l.port}: the default action`, judge(l.defaultActions));
            if (!l.rules) unknown.push(`port ${l.port}: the listener rules were not read`);
            else if (!l.rules.ok) errors.push(l.rules.error);
            else for (const r of l.rules.value.filter((x) => !x.isDefault)) note(`port ${l.port}: rule ${r.priority}`, judge(r.actions));
          }
          if (serves.length > 0) return fail(lb.arn, `Load balancer ${lb.name} serves plain HTTP: ${serves.join('; ')}.`);
          if (errors.length > 0) return errorFinding(lb.arn, errors[0]!);
          if (unknown.length > 0)
            return { status: CheckStatus.Error, resource: lb.arn, message: `Could not check ${lb.arn}: on load balancer ${lb.name}, ${unknown.join('; ')}.` };
          return pass(
            lb.arn,
            safe.length > 0
              ? `Load balancer ${lb.name} serves no content over plain HTTP: ${safe.join('; ')}.`
              : `Load balancer ${lb.name} has no plain-HTTP listener.`,
          );
        });
      }),
    );
  },
});
