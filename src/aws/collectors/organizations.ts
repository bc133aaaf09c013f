import { DescribeOrganizationCommand, DescribePolicyCommand, OrganizationsClient, paginateListPolicies } from '@aws-sdk/client-organizations';
import type { Read } from './context.js';
import type { Collector } from './types.js';

export interface OrganizationsData {
  /** `null` when the account is not in an organisation. */
  organization: Read<{ id: string; managementAccountId: string; isManagement: boolean } | null>;
  /** Service control policies with their documents; only readable from the management (or delegated) account. Absent outside an organisation. */
  scps?: Read<{ id: string; name: string; document: unknown }[]>;
}

/** Organizations: membership and, from the management account, the service control policies. */
export const organizationsCollector: Collector<OrganizationsData> = {
  id: 'organizations',
  scope: 'account',
  async collect(ctx) {
    const org = ctx.clients.get(OrganizationsClient, ctx.region);
    const organization = await ctx.read(async () => {
      const out = await ctx.call('organizations:DescribeOrganization', () => org.send(new DescribeOrganizationCommand({})), ['AWSOrganizationsNotInUseException']);
      if (!out?.Organization) return null;
      const managementAccountId = out.Organization.MasterAccountId ?? '';
      return { id: out.Organization.Id ?? '', managementAccountId, isManagement: managementAccountId === ctx.accountId };
    });
    if (!organization.ok || organization.value === null) return { organization };
    const scps = await ctx.read(async () => {
      const list = await ctx.pages('organizations:ListPolicies', paginateListPolicies({ client: org }, { Filter: 'SERVICE_CONTROL_POLICY' }), (p) => p.Policies);
      return Promise.all(
        list
          .filter((p) => !p.AwsManaged)
          .map(async (p) => {
            const out = await ctx.must('organizations:DescribePolicy', () => org.send(new DescribePolicyCommand({ PolicyId: p.Id })));
            const content = out.Policy?.Content;
            return { id: p.Id ?? '', name: p.Name ?? '', document: content ? (JSON.parse(content) as unknown) : undefined };
          }),
      );
    });
    return { organization, scps };
  },
};
