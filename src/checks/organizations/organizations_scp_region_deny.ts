import type { PolicyTarget, ServiceControlPolicy } from '../../aws/collectors/organizations.js';
import { accountResource, errorFinding, fail, fromRead, notApplicable, pass, withData } from '../helpers.js';
import { permittedRegions, regionDenial, type RegionDeny } from '../resource-policy.js';
import { CheckStatus, defineCheck, type Finding } from '../types.js';

const SCP_TYPE = 'SERVICE_CONTROL_POLICY';

function describeTarget(t: PolicyTarget): string {
  if (t.type === 'ROOT') return `the root ${t.id}`;
  if (t.type === 'ORGANIZATIONAL_UNIT') return `OU ${t.name ? `${t.name} (${t.id})` : t.id}`;
  return `account ${t.id}`;
}

function notRead(resource: string, what: string): Finding {
  return { status: CheckStatus.Error, resource, message: `Could not check ${resource}: the ${what} were not read.` };
}

/**
 * An attached service control policy (SCP policy type enabled on the root) denies every request
 * outside `scan.allowedRegions`: see {@link regionDenial} for the statements that count.
 */
export const organizations_scp_region_deny = defineCheck({
  id: 'organizations_scp_region_deny',
  title: 'A service control policy denies unapproved regions',
  demands:
    'An SCP attached where it binds the account (root, an OU above it, or the account), with SCPs enabled on the root, denies every region outside `scan.allowedRegions` (principal exemptions are named); without `scan.allowedRegions` it is `error`.',
  actionItem: 5,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'low',
  scope: 'account',
  needs: ['organizations', 'account'],
  permissions: [
    'organizations:DescribeOrganization',
    'organizations:ListPolicies',
    'organizations:DescribePolicy',
    'organizations:ListTargetsForPolicy',
    'organizations:ListRoots',
    'organizations:ListParents',
    'ec2:DescribeRegions',
  ],
  rationale: 'An SCP on aws:RequestedRegion enforces regional boundaries even for administrators of member accounts.',
  evaluate(s) {
    const resource = accountResource(s);
    return withData(s, 'organizations', resource, (org) =>
      withData(s, 'account', resource, (acct) =>
        fromRead(org.organization, resource, (o) => {
          if (!o) return [notApplicable(resource, `Account ${s.accountId} is not in an AWS Organization, so service control policies do not apply.`)];
          if (!org.scps) return [notRead(resource, 'service control policies')];
          if (!org.scps.ok) return [errorFinding(resource, org.scps.error)];
          if (!org.roots) return [notRead(resource, 'organization roots')];
          if (!org.roots.ok) return [errorFinding(resource, org.roots.error)];
          if (!o.isManagement) {
            if (!org.ancestors) return [notRead(resource, "account's parent OUs")];
            if (!org.ancestors.ok) return [errorFinding(resource, org.ancestors.error)];
          }
          const scps = org.scps.value;
          const roots = org.roots.value;
          const ancestors = org.ancestors?.ok ? org.ancestors.value : [];
          return fromRead(acct.regions, resource, (regionList) => {
            const enabled = roots.filter((r) => r.policyTypes.some((t) => t.type === SCP_TYPE && t.status === 'ENABLED'));
            if (enabled.length === 0) {
              const status = roots.flatMap((r) => r.policyTypes.filter((t) => t.type === SCP_TYPE).map((t) => `${t.status} on ${r.id}`));
              return [
                fail(
                  resource,
                  `Organization ${o.id} (account ${s.accountId}) does not have the service control policy type enabled on its root (${status.join(', ') || 'not enabled'}), so no SCP is in force.`,
                ),
              ];
            }
            const enabledIds = new Set(enabled.map((r) => r.id));
            // From the management account only a root attachment binds every member account; for a member
            // account, an attachment to the root, an OU above it or the account itself binds it.
            const binding = (t: PolicyTarget): boolean =>
              o.isManagement ? t.type === 'ROOT' && enabledIds.has(t.id) : enabledIds.has(t.id) || ancestors.includes(t.id) || t.id === s.accountId;
            const analysed = scps.map((p) => ({ p, denial: regionDenial(p.document) }));
            const candidates = analysed.filter((a) => a.denial.denies.length > 0);
            const bound = candidates.filter((a) => a.p.targets.some(binding));
            const management = o.isManagement ? ` SCPs do not bind the management account itself, so account ${s.accountId} is not restricted by it.` : '';
            if (bound.length === 0) {
              if (candidates.length > 0) {
                const where = candidates.map((a) => `${a.p.name} (${a.p.targets.map(describeTarget).join(', ') || 'attached nowhere'})`);
                const need = o.isManagement
                  ? 'attached to the root, so it does not bind every member account'
                  : `attached to the root, to an OU above account ${s.accountId} or to the account`;
                return [fail(resource, `Organization ${o.id} has an SCP that denies other regions, but it is not ${need}: ${where.join('; ')}.${management}`)];
              }
              const notes = analysed.flatMap((a) => a.denial.notes.map((n) => `${a.p.name} ${n}`));
              return [
                fail(
                  resource,
                  `Organization ${o.id} of account ${s.accountId} has no SCP that denies requests outside approved regions (a Deny on Resource "*" with StringNotEquals/StringNotLike on aws:RequestedRegion)${notes.length > 0 ? `: ${notes.join('; ')}` : ''}.`,
                ),
              ];
            }
            const allowed = s.settings.allowedRegions ?? [];
            const names = regionList.map((r) => r.name);
            const judged = bound.flatMap((a) => a.denial.denies.map((d) => ({ p: a.p, d, open: permittedRegions(d, names) })));
            if (allowed.length === 0) {
              // Nothing to compare with: no verdict (not a guessed fail, and never a pass).
              const open = judged.map((j) => `${j.p.name} leaves ${j.open.join(', ') || 'no region'} open`);
              return [
                {
                  status: CheckStatus.Error,
                  resource,
                  message: `Could not check ${resource}: no scan.allowedRegions is configured, so it cannot be confirmed that organization ${o.id}'s region SCP keeps account ${s.accountId} inside the allowed regions (${open.join('; ')}).${management}`,
                },
              ];
            }
            const good = judged.find((j) => j.open.every((r) => allowed.includes(r)));
            if (!good) {
              const extra = judged.map((j) => `${j.p.name} (${j.d.statement}) leaves ${j.open.filter((r) => !allowed.includes(r)).join(', ')} open`);
              return [
                fail(
                  resource,
                  `Organization ${o.id}'s region SCPs leave regions outside scan.allowedRegions (${allowed.join(', ')}) open to account ${s.accountId}: ${extra.join('; ')}.${management}`,
                ),
              ];
            }
            return [pass(resource, passMessage(s.accountId, o.id, good.p, good.d, good.open, binding, management))];
          });
        }),
      ),
    );
  },
});

function passMessage(
  accountId: string,
  orgId: string,
  p: ServiceControlPolicy,
  d: RegionDeny,
  open: string[],
  binding: (t: PolicyTarget) => boolean,
  management: string,
): string {
  const where = p.targets.filter(binding).map(describeTarget).join(', ');
  const whose = management ? 'every member account' : `account ${accountId}`;
  const parts = [
    `SCP ${p.name} of organization ${orgId}, attached to ${where}, denies requests of ${whose} outside ${open.join(', ') || 'every region'} (${d.statement})`,
  ];
  if (d.permitted.some((x) => x.like && /[*?]/.test(x.value)))
    parts.push('its StringNotLike patterns are judged against the regions that exist today; a new region that matches them would be open');
  if (d.exemptPrincipals.length > 0) parts.push(`principals matching ${d.exemptPrincipals.join(', ')} are exempt`);
  if (d.exemptActions.length > 0) parts.push(`${d.exemptActions.length} global-service action pattern(s) are exempt (NotAction)`);
  return `${parts.join('; ')}.${management}`;
}
