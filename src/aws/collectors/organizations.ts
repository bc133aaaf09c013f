import {
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  OrganizationsClient,
  paginateListAWSServiceAccessForOrganization,
  paginateListParents,
  paginateListPolicies,
  paginateListRoots,
  paginateListTargetsForPolicy,
} from '@aws-sdk/client-organizations';
import type { CollectContext, Read } from './context.js';
import type { Collector } from './types.js';

/** Where a policy is attached: the organisation root, an organizational unit or an account. */
export interface PolicyTarget {
  id: string;
  type: 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' | string;
  name: string;
}

/** A customer-managed service control policy. */
export interface ServiceControlPolicy {
  id: string;
  name: string;
  document: unknown;
  /** Every root, OU and account the policy is attached to (ListTargetsForPolicy). */
  targets: PolicyTarget[];
}

/** The organisation root and the policy types enabled on it. */
export interface OrganizationRoot {
  id: string;
  /** Policy types with their status (`ENABLED`, `PENDING_ENABLE`, `PENDING_DISABLE`). */
  policyTypes: { type: string; status: string }[];
}

/** What the Organizations collector reads; every part beyond membership only inside an organisation. */
export interface OrganizationsData {
  /** `null` when the account is not in an organisation. */
  organization: Read<{ id: string; managementAccountId: string; isManagement: boolean } | null>;
  /** Service control policies with their documents and targets; only readable from the management (or delegated) account. Absent outside an organisation. */
  scps?: Read<ServiceControlPolicy[]>;
  /** The organisation's roots (ListRoots). Absent outside an organisation. */
  roots?: Read<OrganizationRoot[]>;
  /**
   * The ids of the OUs and root above this account, nearest first (ListParents up to the root). Absent
   * outside an organisation and for the management account (SCPs do not bind it).
   */
  ancestors?: Read<string[]>;
  /**
   * The service principals with trusted access to the organisation (ListAWSServiceAccessForOrganization,
   * e.g. `controltower.amazonaws.com` once an AWS Control Tower landing zone is set up). Read from the
   * management account only: a member account is refused it unless it is a delegated administrator.
   */
  trustedServices?: Read<string[]>;
}

/** OUs nest at most five deep under the root; the walk stops well after that. */
const MAX_DEPTH = 10;

async function ancestorsOf(ctx: CollectContext, org: OrganizationsClient, accountId: string): Promise<string[]> {
  const out: string[] = [];
  let child = accountId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parents = await ctx.pages('organizations:ListParents', paginateListParents({ client: org }, { ChildId: child }), (p) => p.Parents);
    const parent = parents[0];
    if (!parent?.Id) break;
    out.push(parent.Id);
    if (parent.Type === 'ROOT') break;
    child = parent.Id;
  }
  return out;
}

/**
 * Organizations: membership and, from the management (or a delegated administrator) account, the root's
 * enabled policy types, the service control policies with their targets, and this account's place in
 * the OU tree.
 */
export const organizationsCollector: Collector<OrganizationsData> = {
  id: 'organizations',
  scope: 'account',
  async collect(ctx) {
    const org = ctx.clients.get(OrganizationsClient, ctx.region);
    const organization = await ctx.read(async () => {
      const out = await ctx.call('organizations:DescribeOrganization', () => org.send(new DescribeOrganizationCommand({})), [
        'AWSOrganizationsNotInUseException',
      ]);
      if (!out?.Organization) return null;
      const managementAccountId = out.Organization.MasterAccountId ?? '';
      return { id: out.Organization.Id ?? '', managementAccountId, isManagement: managementAccountId === ctx.accountId };
    });
    if (!organization.ok || organization.value === null) return { organization };
    const isManagement = organization.value.isManagement;
    const [scps, roots, ancestors, trustedServices] = await Promise.all([
      ctx.read(async () => {
        const list = await ctx.pages(
          'organizations:ListPolicies',
          paginateListPolicies({ client: org }, { Filter: 'SERVICE_CONTROL_POLICY' }),
          (p) => p.Policies,
        );
        return Promise.all(
          list
            .filter((p) => !p.AwsManaged)
            .map(async (p): Promise<ServiceControlPolicy> => {
              const [described, targets] = await Promise.all([
                ctx.must('organizations:DescribePolicy', () => org.send(new DescribePolicyCommand({ PolicyId: p.Id }))),
                ctx.pages('organizations:ListTargetsForPolicy', paginateListTargetsForPolicy({ client: org }, { PolicyId: p.Id }), (page) => page.Targets),
              ]);
              const content = described.Policy?.Content;
              return {
                id: p.Id ?? '',
                name: p.Name ?? '',
                document: content ? (JSON.parse(content) as unknown) : undefined,
                targets: targets.map((t) => ({ id: t.TargetId ?? '', type: t.Type ?? '', name: t.Name ?? '' })),
              };
            }),
        );
      }),
      ctx.read(async () => {
        const list = await ctx.pages('organizations:ListRoots', paginateListRoots({ client: org }, {}), (p) => p.Roots);
        return list.map((r) => ({ id: r.Id ?? '', policyTypes: (r.PolicyTypes ?? []).map((t) => ({ type: t.Type ?? '', status: t.Status ?? '' })) }));
      }),
      isManagement ? Promise.resolve(undefined) : ctx.read(() => ancestorsOf(ctx, org, ctx.accountId)),
      isManagement
        ? ctx.read(async () => {
            const list = await ctx.pages(
              'organizations:ListAWSServiceAccessForOrganization',
              paginateListAWSServiceAccessForOrganization({ client: org }, {}),
              (p) => p.EnabledServicePrincipals,
            );
            return list.map((e) => e.ServicePrincipal ?? '').filter((p) => p !== '');
          })
        : Promise.resolve(undefined),
    ]);
    return { organization, scps, roots, ...(ancestors ? { ancestors } : {}), ...(trustedServices ? { trustedServices } : {}) };
  },
};
